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
      {shown.map((r, i) => (
        <Text key={top + i} bold={r.bold} color={r.color} dimColor={r.dim} wrap="truncate-end">
          {r.text || ' '}
        </Text>
      ))}
      <Text dimColor>
        {top > 0 || top < maxTop
          ? `(${top + 1}–${Math.min(all.length, top + window)} of ${all.length}, ↑/↓ to scroll) `
          : ''}
        Enter start · Esc back · q quit
      </Text>
    </Box>
  );
}
