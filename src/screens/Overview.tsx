/**
 * The runbook overview, before anything starts: summary, every step (the
 * ones that change the tenant marked ✎), the permissions it will request,
 * the inputs it will ask for and who signs. Scrolls with ↑/↓ PgUp/PgDn so it
 * fits 80×24. Enter starts, Esc goes back.
 */
import React from 'react';
import { Box } from 'ink';
import { Lines } from '../components/Lines.js';
import { useKeys } from '../components/use-keys.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import type { KeyHelp } from '../components/widget-types.js';
import type { OverviewModel } from './overview-model.js';
import { overviewScreenLines, overviewWidth, overviewWindow } from './overview-screen-lines.js';
import { overviewRows } from './overview-rows.js';

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
  const width = overviewWidth(columns);
  const all = React.useMemo(() => overviewRows(model, width), [model, width]);
  const window = overviewWindow(rows);
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
  return (
    <Box flexDirection="column">
      <Lines lines={overviewScreenLines(model, all, { top, window, ...(tenant ? { tenant } : {}) })} width={width} />
    </Box>
  );
}
