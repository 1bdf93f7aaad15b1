/** One finished thing in the transcript (<Static>: printed once, never redrawn). */
import type React from 'react';
import type { RunSummary, StepResult } from '../core/events.js';
import type { StepKindName } from '../core/runbook.js';
import { Box, Text } from 'ink';
import { sanitize } from '../util/sanitize.js';
import { CheckRow } from './ChecksTable.js';
import { STATUS, VERDICT } from './theme.js';

/** One entry of the run transcript (built by src/screens/run-store.ts). */
export type TranscriptItem =
  | { key: string; type: 'run'; run: RunSummary; resumed: boolean; resumeAt?: string }
  | {
      key: string;
      type: 'step';
      index: number;
      total: number;
      title: string;
      kind: StepKindName;
      mutating: boolean;
      result: StepResult;
      logs: { level: 'info' | 'warn' | 'error'; message: string }[];
    }
  | { key: string; type: 'notice'; level: 'info' | 'warn' | 'error'; message: string };

export function TranscriptEntry({ item, width }: { item: TranscriptItem; width: number }): React.ReactElement {
  if (item.type === 'run') {
    const r = item.run;
    return (
      <Box flexDirection="column">
        <Text bold>
          {item.resumed ? '↻ Resumed' : '▶ Started'} {sanitize(r.runbookTitle)} v{sanitize(r.runbookVersion)}
          {r.practice ? ' [PRACTICE]' : ' [LIVE]'}
        </Text>
        <Text dimColor>
          run {sanitize(r.runId)} · runbook sha256 {r.runbookSha256.slice(0, 12)} · tenant {sanitize(r.tenantLabel)}
          {item.resumeAt ? ` · continuing at ${sanitize(item.resumeAt)}` : ''}
        </Text>
      </Box>
    );
  }
  if (item.type === 'notice') {
    const v =
      item.level === 'error'
        ? VERDICT.error
        : item.level === 'warn'
          ? VERDICT.warn
          : { symbol: 'i', word: 'note', color: 'cyan' as const };
    return (
      <Text color={v.color}>
        {v.symbol} {v.word}: {sanitize(item.message, { max: 400 })}
      </Text>
    );
  }
  const st = STATUS[item.result.status];
  const checks = item.result.checks ?? [];
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={st.color} bold>
          {st.symbol} {st.word.padEnd(10)}
        </Text>{' '}
        {item.index > 0 ? `${item.index}/${item.total} ` : ''}
        <Text bold>{sanitize(item.title)}</Text>
        {item.mutating ? ' ✎' : ''}
        {item.result.summary ? <Text> — {sanitize(item.result.summary, { max: 200 })}</Text> : null}
      </Text>
      {checks.map((c, i) => (
        <Box key={i} marginLeft={4}>
          <CheckRow c={c} width={width - 30} />
        </Box>
      ))}
      {item.result.override ? (
        <Text color="yellow">
          {'    '}⚑ overridden by {sanitize(item.result.override.by)}: “{sanitize(item.result.override.justification)}”
        </Text>
      ) : null}
      {item.result.error ? (
        <Text color="magenta">
          {'    '}
          {sanitize(item.result.error.what)}: {sanitize(item.result.error.cause)}
          {item.result.error.requestId ? ` (request-id ${sanitize(item.result.error.requestId)})` : ''}
        </Text>
      ) : null}
      {item.logs.map((l, i) => (
        <Text key={`l${i}`} color={l.level === 'error' ? 'magenta' : 'yellow'}>
          {'    '}
          {l.level === 'error' ? '⚠ error' : '! warn'}: {sanitize(l.message, { max: 300 })}
        </Text>
      ))}
    </Box>
  );
}
