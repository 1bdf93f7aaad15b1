/**
 * The operationType Entra writes beside a directory audit activity.
 *
 * Graph's directoryAudit resource names the values: "The possible values include but are not limited to the
 * following: Add, Assign, Update, Unassign, and Delete" (https://learn.microsoft.com/graph/api/resources/directoryaudit);
 * the Log Analytics AuditLogs table carries the same value as AADOperationType
 * (https://learn.microsoft.com/azure/azure-monitor/reference/tables/auditlogs). Neither page maps an activity to
 * its type, so each row below says what it rests on:
 *  - Role membership: Microsoft's own Sentinel analytics filter "Add member to role" on AADOperationType "Assign"
 *    and "Remove member from role" on "Unassign" (Azure/Azure-Sentinel, Solutions/Microsoft Entra ID/Analytic
 *    Rules/MultipleAdmin_membership_removals_from_NewAdmin.yaml and AdminPromoAfterRoleMgmtAppPermissionGrant.yaml).
 *  - Group membership, ownership and app role assignments are links between two objects, logged like role
 *    membership: Assign when the link is made, Unassign when it is removed. Microsoft's examples of "Add member to
 *    group" (https://learn.microsoft.com/graph/api/directoryaudit-list) leave the field out, so this is the reading
 *    by analogy, not a quoted value.
 *  - "Add …" / "Create …" of an object: Add; "Update …": Update; "Delete …": Delete — the activity's own verb,
 *    the documented value of the same name.
 * An activity not listed has no known type: a scenario that names one must say its operationType itself
 * (the stricter reading: never guess what Entra would write).
 */

export const OPERATION_TYPES = ['Add', 'Assign', 'Update', 'Unassign', 'Delete'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

const BY_ACTIVITY: Record<string, OperationType> = {
  'add member to role': 'Assign',
  'remove member from role': 'Unassign',
  'add member to group': 'Assign',
  'remove member from group': 'Unassign',
  'add owner to group': 'Assign',
  'remove owner from group': 'Unassign',
  'add owner to application': 'Assign',
  'remove owner from application': 'Unassign',
  'add owner to service principal': 'Assign',
  'remove owner from service principal': 'Unassign',
  'add app role assignment to service principal': 'Assign',
  'add user': 'Add',
  'add group': 'Add',
  'add application': 'Add',
  'add service principal': 'Add',
  'add conditional access policy': 'Add',
  'create access review': 'Add',
  'update user': 'Update',
  'update group': 'Update',
  'update application': 'Update',
  'update service principal': 'Update',
  'update conditional access policy': 'Update',
  'update policy': 'Update',
  'delete user': 'Delete',
  'delete group': 'Delete',
  'delete application': 'Delete',
  'delete service principal': 'Delete',
  'delete conditional access policy': 'Delete',
};

/** The operationType Entra logs for an activity display name, or undefined when the table does not know it. */
export function operationTypeOf(activity: string): OperationType | undefined {
  return BY_ACTIVITY[activity.trim().toLowerCase()];
}
