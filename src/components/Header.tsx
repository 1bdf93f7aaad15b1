/**
 * The top line of every screen: which runbook, which step, how long, and —
 * always — which tenant. The practice tenant is marked with the WORD
 * PRACTICE in an inverse colour badge, so it is never mistaken for live even
 * with NO_COLOR.
 */
import type React from 'react';
import { Text } from 'ink';
import { headerLine, type HeaderFields } from './header-line.js';
import { LineText, Spans } from './Lines.js';
import { useNow } from './Progress.js';
import { tenantBadgeSpans, type Tenant } from './tenant-badge.js';

export type TenantBadgeProps = Tenant;

export function TenantBadge(tenant: TenantBadgeProps): React.ReactElement {
  // Inline text only (no Box): it sits inside one truncating line.
  return (
    <Text>
      <Spans line={{ spans: tenantBadgeSpans(tenant) }} />
    </Text>
  );
}

export interface HeaderProps extends HeaderFields {
  /** Stop the clock (e.g. while a secret is on the alternate screen). */
  frozen?: boolean;
}

/**
 * One line, most important first (tenant badge, step, clock), truncated at
 * the end so a narrow terminal loses the title, never the tenant or the step.
 */
export function Header({ frozen, ...fields }: HeaderProps): React.ReactElement {
  const now = useNow(1000, fields.startedAt !== undefined && !frozen);
  return <LineText line={headerLine(fields, now)} />;
}
