/**
 * Symbols, words and colours in one place. Every state has a WORD as well as
 * a colour (NO_COLOR, colour-blind operators, screen readers), and every
 * symbol has an ASCII fallback for dumb terminals.
 */
import type { CheckVerdict, StepStatus } from '../core/runbook.js';

export type Colour = 'green' | 'yellow' | 'red' | 'magenta' | 'gray' | 'cyan' | 'blue' | 'white';

export const VERDICT: Record<CheckVerdict, { symbol: string; word: string; color: Colour }> = {
  pass: { symbol: '✓', word: 'PASS', color: 'green' },
  warn: { symbol: '!', word: 'WARN', color: 'yellow' },
  fail: { symbol: '✗', word: 'FAIL', color: 'red' },
  error: { symbol: '⚠', word: 'ERROR', color: 'magenta' },
  'not-applicable': { symbol: '–', word: 'N/A', color: 'gray' },
};

export const STATUS: Record<StepStatus, { symbol: string; word: string; color: Colour }> = {
  pass: { symbol: '✓', word: 'passed', color: 'green' },
  done: { symbol: '✓', word: 'done', color: 'green' },
  warn: { symbol: '!', word: 'warning', color: 'yellow' },
  fail: { symbol: '✗', word: 'FAILED', color: 'red' },
  error: { symbol: '⚠', word: 'ERROR', color: 'magenta' },
  skipped: { symbol: '↷', word: 'skipped', color: 'gray' },
  overridden: { symbol: '⚑', word: 'OVERRIDDEN', color: 'yellow' },
};

/** Marks a step that changes the tenant, shown before anything runs. */
export const MUTATING_MARK = '✎ changes tenant';
/** The practice tenant's badge: a word, not colour alone. */
export const PRACTICE_WORD = 'PRACTICE';

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
