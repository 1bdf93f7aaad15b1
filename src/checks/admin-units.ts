/**
 * Administrative units as the checks read them. A restricted management unit shields its members from every
 * administrator not assigned a role at its scope — Global Administrators, group owners and Graph application
 * permissions included — and a role-assignable group in one "can't have their membership modified"
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management).
 * The roles that manage a group or a user at unit scope are those whose description says so
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles).
 */
import type { DirObject, ScopedRole } from './snapshot.js';

export const UNIT_TYPE = '#microsoft.graph.administrativeUnit';

/** Role template ids (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference). */
export const GROUP_MANAGING_ROLES: Record<string, string> = {
  'fdd7a751-b60b-444a-984c-02652fe8fa1c': 'Groups Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
};

export const isUnit = (o: DirObject): boolean => o['@odata.type'] === UNIT_TYPE;

export const unitName = (o: DirObject): string => o.displayName ?? o.id;

/** Units in a memberOf list, split by what is known of their restriction. */
export function unitsIn(list: DirObject[]): { restricted: DirObject[]; open: DirObject[]; unknown: DirObject[] } {
  const units = list.filter(isUnit);
  return {
    restricted: units.filter((u) => u.isMemberManagementRestricted === true),
    open: units.filter((u) => u.isMemberManagementRestricted === false),
    unknown: units.filter((u) => typeof u.isMemberManagementRestricted !== 'boolean'),
  };
}

/** Principals holding a group-managing role at the scope of any of `units`. */
export function groupManagersOf(units: DirObject[], roles: Record<string, ScopedRole[]>): ScopedRole[] {
  return units.flatMap((u) => (roles[u.id.toLowerCase()] ?? []).filter((r) => r.roleId in GROUP_MANAGING_ROLES));
}

export const RMAU_DOC =
  'https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management';
