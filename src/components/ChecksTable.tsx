/**
 * Check results: one row per check (verdict word + symbol, object, one-line
 * reason). ↑/↓ select, Enter expands the row to per-object findings, the
 * remediation and the evidence (requests with request-ids).
 */
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { CheckResult } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { VERDICT } from './theme.js';
import type { KeyHelp } from './widget-types.js';
import { useSyncState } from './use-sync-state.js';

export const CHECKS_KEYS: KeyHelp = [
  ['↑/↓', 'select a check'],
  ['Enter / Space', 'expand or collapse: findings, remediation, evidence'],
];

function objectsText(c: CheckResult): string {
  if (c.objects.length === 0) return '';
  const first = sanitize(c.objects[0]!.name, { max: 24 });
  return c.objects.length > 1 ? `${first} +${c.objects.length - 1}` : first;
}

export function CheckRow({
  c,
  selected,
  width,
}: {
  c: CheckResult;
  selected?: boolean;
  width: number;
}): React.ReactElement {
  const v = VERDICT[c.verdict];
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected === undefined ? '' : selected ? '▸ ' : '  '}
      <Text color={v.color} bold>
        {v.symbol} {v.word.padEnd(5)}
      </Text>{' '}
      {sanitize(c.id).padEnd(7)} {objectsText(c) ? <Text bold>{objectsText(c)} </Text> : null}
      <Text>{sanitize(c.reason, { max: Math.max(20, width) })}</Text>
    </Text>
  );
}

export function CheckDetail({ c, maxLines }: { c: CheckResult; maxLines: number }): React.ReactElement {
  const lines: React.ReactElement[] = [];
  lines.push(
    <Text key="t" bold>
      {sanitize(c.title)} <Text dimColor>({c.severity})</Text>
    </Text>,
  );
  for (const [i, f] of c.findings.entries()) {
    const v = VERDICT[f.verdict];
    lines.push(
      <Text key={`f${i}`} wrap="truncate-end">
        {'  '}
        <Text color={v.color}>
          {v.symbol} {v.word}
        </Text>{' '}
        {sanitize(f.object.type)} <Text bold>{sanitize(f.object.name)}</Text>: {sanitize(f.reason)}
      </Text>,
    );
  }
  if (c.remediation)
    lines.push(
      <Text key="r">
        {'  '}Fix: {sanitize(c.remediation)}
      </Text>,
    );
  if (c.source) lines.push(<Text key="s" dimColor>{`  Source: ${sanitize(c.source)}`}</Text>);
  for (const [i, e] of c.evidence.entries()) {
    lines.push(
      <Text key={`e${i}`} dimColor wrap="truncate-end">
        {'  '}
        {e.service} {e.method} {sanitize(e.path)} → {e.status}
        {e.requestId ? ` request-id ${sanitize(e.requestId)}` : ''}
      </Text>,
    );
  }
  const shown = lines.slice(0, Math.max(2, maxLines));
  return (
    <Box flexDirection="column" marginLeft={2}>
      {shown}
      {lines.length > shown.length ? (
        <Text dimColor>
          {'  '}… {lines.length - shown.length} more line(s)
        </Text>
      ) : null}
    </Box>
  );
}

export interface ChecksTableProps {
  checks: CheckResult[];
  width: number;
  rows: number;
  active: boolean;
}

export function ChecksTable({ checks, width, rows, active }: ChecksTableProps): React.ReactElement {
  const [sel, setSel, selRef] = useSyncState(0);
  const [open, setOpen] = React.useState<number | null>(null);
  useKeys(
    (input, key) => {
      if (key.upArrow) setSel((s) => Math.max(0, s - 1));
      else if (key.downArrow) setSel((s) => Math.min(checks.length - 1, s + 1));
      else if (key.return || input === ' ') setOpen((o) => (o === selRef.current ? null : selRef.current));
    },
    { isActive: active && checks.length > 0 },
  );
  const detailRows = open !== null ? Math.max(3, Math.floor(rows / 2)) : 0;
  const tableRows = Math.max(1, rows - detailRows - 1);
  const start = Math.max(0, Math.min(sel - Math.floor(tableRows / 2), checks.length - tableRows));
  const visible = checks.slice(start, start + tableRows);
  const counts = checks.reduce<Record<string, number>>((m, c) => ((m[c.verdict] = (m[c.verdict] ?? 0) + 1), m), {});
  return (
    <Box flexDirection="column">
      <Text dimColor>
        {Object.entries(counts)
          .map(([k, n]) => `${n} ${VERDICT[k as CheckResult['verdict']].word}`)
          .join(' · ')}{' '}
        — ↑/↓ select, Enter expand
      </Text>
      {visible.map((c, i) => (
        <Box key={c.id + (start + i)} flexDirection="column">
          <CheckRow c={c} selected={start + i === sel} width={width} />
          {open === start + i ? <CheckDetail c={c} maxLines={detailRows} /> : null}
        </Box>
      ))}
    </Box>
  );
}
