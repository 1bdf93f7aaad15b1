/**
 * The runbook overview, before anything starts: summary, every step (the
 * ones that change the tenant marked ✎), the permissions it will request,
 * the inputs it will ask for and who signs. Scrolls with ↑/↓ PgUp/PgDn so it
 * fits 80×24. Enter starts, Esc goes back.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { TenantBadge } from '../components/Header.js';
import { useKeys } from '../components/use-keys.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import type { KeyHelp } from '../components/widget-types.js';
import { sanitize } from '../util/sanitize.js';
import type { OverviewModel } from './overview-model.js';
import { overviewRows, type Row } from './overview-rows.js';

/**
 * Characters of width 1 in a terminal: Latin (no combining marks, no controls) and the
 * punctuation the overview's own words use (— – · • … ‘ ’ “ ” ← ↑ → ↓ ✎).
 */
const NARROW = /^[\u0020-\u007e\u00a0-\u02ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2190-\u2193\u270e]*$/;

/**
 * Consecutive rows that certainly fit `width` as they are (narrow characters, no more of them than
 * columns) go together; any other row stays alone, for Ink to measure and truncate at the end.
 */
export function runsOfRows(rows: readonly Row[], width: number): { from: number; rows: Row[]; alone: boolean }[] {
  const runs: { from: number; rows: Row[]; alone: boolean }[] = [];
  rows.forEach((row, i) => {
    const fits = row.text.length <= width && NARROW.test(row.text);
    const last = runs[runs.length - 1];
    if (fits && last && !last.alone) last.rows.push(row);
    else runs.push({ from: i, rows: [row], alone: !fits });
  });
  return runs;
}

function RowText({ row, wrap }: { row: Row; wrap?: 'truncate-end' }): React.ReactElement {
  return (
    <Text bold={row.bold} color={row.color} dimColor={row.dim} wrap={wrap}>
      {row.text || ' '}
    </Text>
  );
}

export const OVERVIEW_KEYS: KeyHelp = [
  ['Enter', 'start this runbook'],
  ['Esc', 'back (nothing has been done)'],
  ['↑/↓ PgUp/PgDn', 'scroll'],
];

export interface OverviewProps {
  model: OverviewModel;
  tenant?: { label: string; practice: boolean };
  active?: boolean;
  onStart(): void;
  onBack(): void;
}

export function Overview({ model, tenant, active = true, onStart, onBack }: OverviewProps): React.ReactElement {
  const { columns, rows } = useTerminalSize();
  const width = Math.max(20, columns - 1);
  const all = React.useMemo(() => overviewRows(model, width), [model, width]);
  const window = Math.max(3, rows - 6);
  const [top, setTop] = React.useState(0);
  const maxTop = Math.max(0, all.length - window);
  useKeys(
    (_i, key) => {
      if (key.return) onStart();
      else if (key.escape) onBack();
      else if (key.downArrow) setTop((t) => Math.min(maxTop, t + 1));
      else if (key.upArrow) setTop((t) => Math.max(0, t - 1));
      else if (key.pageDown) setTop((t) => Math.min(maxTop, t + window - 1));
      else if (key.pageUp) setTop((t) => Math.max(0, t - window + 1));
    },
    { isActive: active },
  );
  const shown = all.slice(top, top + window);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {tenant ? <TenantBadge {...tenant} /> : null}
        <Text bold>
          {tenant ? ' · ' : ''}
          {sanitize(model.title)} v{sanitize(model.version)}
        </Text>
      </Text>
      {runsOfRows(shown, width).map((run) =>
        run.alone ? (
          <RowText key={top + run.from} row={run.rows[0]!} wrap="truncate-end" />
        ) : (
          // One Ink node for many rows: each <Text> is a layout node Ink measures, and the overview
          // is the first frame of `run` — laying out 25 rows one by one was a fifth of its render.
          <Text key={top + run.from}>
            {run.rows.map((r, i) => (
              <React.Fragment key={i}>
                {i > 0 ? '\n' : ''}
                <RowText row={r} />
              </React.Fragment>
            ))}
          </Text>
        ),
      )}
      <Text dimColor>
        {top > 0 || top < maxTop
          ? `(${top + 1}–${Math.min(all.length, top + window)} of ${all.length}, ↑/↓ to scroll) `
          : ''}
        Enter start · Esc back · q quit
      </Text>
    </Box>
  );
}
