/**
 * The top line of every screen: which runbook, which step, how long, and —
 * always — which tenant. The practice tenant is marked with the WORD
 * PRACTICE in an inverse colour badge, so it is never mistaken for live even
 * with NO_COLOR.
 */
import type React from 'react';
import { Text } from 'ink';
import { sanitize } from '../util/sanitize.js';
import { Spans } from './Lines.js';
import { useNow } from './Progress.js';
import { tenantBadgeSpans, type Tenant } from './tenant-badge.js';
import { formatDuration } from './theme.js';

export type TenantBadgeProps = Tenant;

export function TenantBadge(tenant: TenantBadgeProps): React.ReactElement {
  // Inline text only (no Box): it sits inside one truncating line.
  return (
    <Text>
      <Spans line={{ spans: tenantBadgeSpans(tenant) }} />
    </Text>
  );
}

export interface HeaderProps {
  title?: string;
  index?: number;
  total?: number;
  /** e.g. 2 for the second account of a foreach group. */
  iteration?: number;
  startedAt?: number;
  tenant?: TenantBadgeProps;
  /** Stop the clock (e.g. while a secret is on the alternate screen). */
  frozen?: boolean;
}

/**
 * One line, most important first (tenant badge, step, clock), truncated at
 * the end so a narrow terminal loses the title, never the tenant or the step.
 */
export function Header({ title, index, total, iteration, startedAt, tenant, frozen }: HeaderProps): React.ReactElement {
  const now = useNow(1000, startedAt !== undefined && !frozen);
  const parts: string[] = [];
  if (index !== undefined && total !== undefined)
    parts.push(`step ${index}/${total}${iteration ? ` (item ${iteration})` : ''}`);
  if (startedAt !== undefined) parts.push(formatDuration(now - startedAt));
  return (
    <Text wrap="truncate-end">
      {tenant ? <TenantBadge {...tenant} /> : null}
      {parts.length ? `${tenant ? ' ·' : ''} ${parts.join(' · ')}` : ''}
      <Text bold> · {sanitize(title ?? 'breakglass', { max: 60 })}</Text>
    </Text>
  );
}
