/**
 * The top line of every screen: which runbook, which step, how long, and —
 * always — which tenant. The practice tenant is marked with the WORD
 * PRACTICE in an inverse colour badge, so it is never mistaken for live even
 * with NO_COLOR.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { sanitize } from '../util/sanitize.js';
import { useNow } from './Progress.js';
import { formatDuration, PRACTICE_WORD } from './theme.js';

export interface TenantBadgeProps {
  label: string;
  practice: boolean;
}

export function TenantBadge({ label, practice }: TenantBadgeProps): React.ReactElement {
  const clean = sanitize(label, { max: 40 });
  if (practice) {
    return (
      <Text>
        <Text backgroundColor="yellow" color="black" bold>
          {' '}
          {PRACTICE_WORD}{' '}
        </Text>
        <Text> {clean.replace(/^PRACTICE\s*[·:-]?\s*/i, '')}</Text>
      </Text>
    );
  }
  return (
    <Text>
      <Text backgroundColor="red" color="white" bold>
        {' '}
        LIVE{' '}
      </Text>
      <Text> {clean}</Text>
    </Text>
  );
}

export interface HeaderProps {
  title?: string;
  index?: number;
  total?: number;
  startedAt?: number;
  tenant?: TenantBadgeProps;
  /** Stop the clock (e.g. while a secret is on the alternate screen). */
  frozen?: boolean;
}

export function Header({ title, index, total, startedAt, tenant, frozen }: HeaderProps): React.ReactElement {
  const now = useNow(1000, startedAt !== undefined && !frozen);
  return (
    <Box flexDirection="column">
      <Box>
        {tenant ? <TenantBadge {...tenant} /> : null}
        <Text wrap="truncate-end">
          {tenant ? ' · ' : ''}
          <Text bold>{sanitize(title ?? 'breakglass', { max: 50 })}</Text>
          {index !== undefined && total !== undefined ? ` · step ${index}/${total}` : ''}
          {startedAt !== undefined ? ` · ${formatDuration(now - startedAt)}` : ''}
        </Text>
      </Box>
    </Box>
  );
}
