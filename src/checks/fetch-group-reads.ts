/**
 * The declared groups: the exclusion group and the layered door's emergency group, each by object id or
 * display name in wave 1; then (wave 2) the exclusion group's owners, members and what it is a member of,
 * and the emergency group's members.
 */
import type { Read } from '../core/check.js';
import { failed, ok, type DirObject, type Group } from './snapshot.js';
import { pending, q, type PendingRead, type ReadPlan } from './graph-waves.js';

const GROUP_SELECT =
  'id,displayName,groupTypes,securityEnabled,mailEnabled,isAssignableToRole,membershipRule,visibility';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Group members are read from beta. Learn's v1.0 List group members: "This API has a known issue where service
 * principals are not listed as group members in v1.0. As a workaround, use this API on the beta endpoint"
 * (https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0). A service principal in the
 * exclusion, emergency or a Global Administrator group is exactly what must not go unseen. (The other workaround,
 * $expand=members, returns at most 20 members: https://learn.microsoft.com/graph/query-parameters#expand.)
 */
export const MEMBERS_VERSION = 'beta';

/** Wave 1: the declared groups; null when no group has the declared id or name. */
export function groupLookups({ snap, config, has }: ReadPlan): PendingRead[] {
  const out: PendingRead[] = [];
  const lookupGroup = (
    key: 'group' | 'emergencyGroup',
    declared: string | undefined,
    missing: string,
    flag: string,
    assign: (r: Read<Group | null>) => void,
  ): void => {
    const g = declared?.trim();
    if (!g) assign(failed(missing));
    else if (GUID.test(g)) {
      out.push(
        pending<Group | null>({
          evidenceKey: key,
          req: { method: 'GET', path: `/groups/${g}?$select=${GROUP_SELECT}` },
          shape: 'object',
          notFoundIsNull: true,
          assign,
        }),
      );
    } else {
      out.push(
        pending<Group[]>({
          evidenceKey: key,
          req: {
            method: 'GET',
            path: `/groups?$filter=${q(`displayName eq '${g.replace(/'/g, "''")}'`)}&$select=${GROUP_SELECT}`,
          },
          shape: 'collection',
          assign: (r) => {
            if (!r.ok) assign(r);
            else if (r.value.length === 0) assign(ok(null));
            else if (r.value.length > 1)
              assign(failed(`${r.value.length} groups are named "${g}" — pass the group's object id with ${flag}`));
            else assign(ok(r.value[0]!));
          },
        }),
      );
    }
  };
  if (has('group'))
    lookupGroup(
      'group',
      config.group,
      'no exclusion group declared — pass --group <object id or name> or set "group" in the config',
      '--group',
      (r) => {
        snap.group = r;
      },
    );
  // The layered door's group is declared only where that door exists: otherwise BG-025 is not applicable.
  if (has('emergencyGroup') && config.emergencyGroup?.trim())
    lookupGroup('emergencyGroup', config.emergencyGroup, '', '"emergencyGroup"', (r) => {
      snap.emergencyGroup = r;
    });
  return out;
}

/** Wave 2: what hangs off a found group. A group that could not be read fails its dependents; none found = none. */
export function groupDependentReads({ snap, config, has }: ReadPlan): PendingRead[] {
  const out: PendingRead[] = [];
  const dependent = (
    group: Read<Group | null>,
    failure: string,
    path: (id: string) => string,
    evidenceKey: string,
    assign: (r: Read<DirObject[]>) => void,
    version?: 'beta',
  ): void => {
    if (!group.ok) assign(failed(`${failure}: ${group.error}`, group.requestId));
    else if (group.value === null) assign(ok([]));
    else
      out.push(
        pending<DirObject[]>({
          evidenceKey,
          req: { method: 'GET', ...(version ? { version } : {}), path: path(group.value.id) },
          shape: 'collection',
          assign,
        }),
      );
  };
  if (has('groupOwners'))
    dependent(
      snap.group,
      'group owners depend on the group',
      (id) => `/groups/${id}/owners`,
      'groupOwners',
      (r) => void (snap.groupOwners = r),
    );
  if (has('emergencyGroupMembers') && config.emergencyGroup?.trim())
    dependent(
      snap.emergencyGroup,
      "the group's members depend on the group",
      (id) => `/groups/${id}/members?$select=id,displayName,userPrincipalName`,
      'emergencyGroupMembers',
      (r) => void (snap.emergencyGroupMembers = r),
      MEMBERS_VERSION,
    );
  if (has('groupUnits'))
    dependent(
      snap.group,
      'group memberships depend on the group',
      (id) => `/groups/${id}/memberOf?$select=id,displayName,isMemberManagementRestricted`,
      'groupUnits',
      (r) => void (snap.groupUnits = r),
    );
  if (has('groupMembers'))
    dependent(
      snap.group,
      'group members depend on the group',
      (id) => `/groups/${id}/members?$select=id,displayName,userPrincipalName`,
      'groupMembers',
      (r) => void (snap.groupMembers = r),
      MEMBERS_VERSION,
    );
  return out;
}
