/**
 * Removing an owner of an application or a service principal: the owner's
 * reference goes, the audit log records "Remove owner from application" /
 * "Remove owner from service principal" (the activity names of the Entra
 * audit log: https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities).
 */
import { PracticeHttpError } from '../odata/errors.js';
import type { World } from '../world/world.js';
import type { Actor } from '../world/state.js';

/** Graph's answer when the $ref names an object that is not an owner. */
export function notFoundRef(id: string): PracticeHttpError {
  return new PracticeHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function removeOwnerOf(
  w: World,
  actor: Actor,
  obj: { id: string; displayName: string; _owners?: string[] },
  ownerId: string,
  kind: 'Application' | 'ServicePrincipal',
): void {
  obj._owners = (obj._owners ?? []).filter((o) => o !== ownerId);
  w.audit(
    actor,
    kind === 'Application' ? 'Remove owner from application' : 'Remove owner from service principal',
    'ApplicationManagement',
    [
      {
        id: obj.id,
        displayName: obj.displayName,
        type: kind,
        userPrincipalName: null,
        modifiedProperties: [{ displayName: 'Owner', oldValue: JSON.stringify(ownerId), newValue: null }],
      },
    ],
    'Unassign',
  );
}
