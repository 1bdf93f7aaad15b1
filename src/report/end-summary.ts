/**
 * The end of a run as a person reads it (the TUI's and plain mode's last screen): the report's
 * headline and its full attention list, taken from the written report itself, so the end screen
 * can never say "completed, signed, nothing to do" while the report says otherwise.
 */
import type { ReportVerdict } from '../core/events.js';
import { attentionOf, headline, type AttentionItem, type RenderView, type SignHint } from './view.js';

const WORD: Record<AttentionItem['level'], string> = {
  fail: 'FAIL',
  error: 'ERROR',
  warn: 'FINDING',
  overridden: 'OVERRIDDEN',
  aborted: 'ABORTED',
  voided: 'VOIDED',
  unsigned: 'NOT SIGNED',
  retried: 'RETRIED',
};

export function reportVerdict(view: RenderView, hint: SignHint = {}): ReportVerdict {
  const items = attentionOf(view, hint);
  const h = headline(view);
  return {
    result: h.label,
    complete: h.complete,
    signatures: view.signedKeyids.size,
    attention: items.map((i) => ({
      level: WORD[i.level],
      text: `${i.title} — ${i.reason}`,
      ...(i.remediation ? { todo: i.remediation } : {}),
    })),
  };
}
