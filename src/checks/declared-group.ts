/**
 * The declared exclusion group, as BG-006 and BG-021 both start from it: an
 * error when it could not be read (never a pass), a failure when no group has
 * the declared name or id — otherwise the group.
 */
import type { CheckDefinition, CheckConfig } from '../core/check.js';
import type { CheckResult } from '../core/events.js';
import type { Group, TenantSnapshot } from './snapshot.js';
import { errorResult, readError, result } from './result.js';

export function declaredExclusionGroup(
  check: CheckDefinition<TenantSnapshot>,
  snap: TenantSnapshot,
  config: CheckConfig,
  remediation: string,
): { group: Group } | Omit<CheckResult, 'evidence'> {
  if (!snap.group.ok)
    return errorResult(check, `could not read the exclusion group: ${readError(snap.group)}`, remediation);
  if (snap.group.value === null)
    return result(check, {
      verdict: 'fail',
      reason: `exclusion group "${config.group}" does not exist`,
      objects: [{ type: 'group', name: config.group ?? '?' }],
      remediation,
    });
  return { group: snap.group.value };
}
