/**
 * The declared break-glass accounts: each user by UPN in wave 1, then (wave 2, once its object id is
 * known) its sign-in activity, authentication methods, FIDO2 keys, Temporary Access Passes, direct and
 * transitive memberships, owned objects, app role assignments and newest sign-in log entries.
 */
import type { Read } from '../core/check.js';
import {
  failed,
  ok,
  type AccountSnapshot,
  type AppRoleAssignment,
  type AuthMethod,
  type DirObject,
  type Fido2Method,
  type SignInActivity,
  type SignInLogEntry,
  type TapMethod,
  type User,
} from './snapshot.js';
import { pending, q, type PendingRead, type ReadPlan } from './graph-waves.js';
import type { ReadKey } from './reads.js';

const USER_SELECT =
  'id,userPrincipalName,displayName,accountEnabled,userType,onPremisesSyncEnabled,onPremisesImmutableId,lastPasswordChangeDateTime,assignedLicenses,passwordPolicies';

/** Wave 1: each declared account by UPN; 404 = no such user (the checks say "not found"). */
export function userReads({ snap, has }: ReadPlan): PendingRead[] {
  if (!has('users')) return [];
  return snap.accounts.map((a) =>
    pending<User>({
      evidenceKey: `users:${a.upn}`,
      req: { method: 'GET', path: `/users/${q(a.upn)}?$select=${USER_SELECT}` },
      shape: 'object',
      notFoundIsNull: true,
      assign: (r) => {
        a.user = r;
      },
    }),
  );
}

/** Wave 2: what each found account holds. */
export function accountReads({ snap, has }: ReadPlan): PendingRead[] {
  const out: PendingRead[] = [];
  /** One read per found account; an account whose user read failed fails it too. */
  const perAccount = <T>(
    key: ReadKey,
    sub: (id: string) => string,
    shape: PendingRead['shape'],
    assign: (a: AccountSnapshot, r: Read<T>) => void,
    notFoundIsNull = false,
  ): void => {
    if (!has(key)) return;
    for (const a of snap.accounts) {
      if (!a.user.ok) {
        assign(
          a,
          failed(`could not read user ${a.upn}, so its ${key} could not be read: ${a.user.error}`, a.user.requestId),
        );
        continue;
      }
      if (a.user.value === null) continue; // no such user: checks report "not found"
      out.push(
        pending<T>({
          evidenceKey: `${key}:${a.upn}`,
          req: { method: 'GET', path: sub(a.user.value.id) },
          shape,
          notFoundIsNull,
          assign: (r) => assign(a, r),
        }),
      );
    }
  };
  // The user object with only its signInActivity; 404 (no such user by now) = nothing known.
  perAccount<{ signInActivity?: SignInActivity | null } | null>(
    'signInActivity',
    (id) => `/users/${id}?$select=id,signInActivity`,
    'object',
    (a, r) => void (a.signInActivity = r.ok ? ok(r.value?.signInActivity ?? null) : r),
    true,
  );
  perAccount<AuthMethod[]>(
    'methods',
    (id) => `/users/${id}/authentication/methods`,
    'collection',
    (a, r) => void (a.methods = r),
  );
  perAccount<Fido2Method[]>(
    'fido2Methods',
    (id) =>
      `/users/${id}/authentication/fido2Methods?$select=id,displayName,aaGuid,model,attestationLevel,createdDateTime,passkeyType`,
    'collection',
    (a, r) => void (a.fido2Methods = r),
  );
  perAccount<TapMethod[]>(
    'tapMethods',
    (id) => `/users/${id}/authentication/temporaryAccessPassMethods`,
    'collection',
    (a, r) => void (a.tapMethods = r),
  );
  perAccount<DirObject[]>(
    'memberOf',
    (id) => `/users/${id}/memberOf?$select=id,displayName,isMemberManagementRestricted`,
    'collection',
    (a, r) => void (a.memberOf = r),
  );
  perAccount<DirObject[]>(
    'transitiveMemberOf',
    (id) => `/users/${id}/transitiveMemberOf?$select=id,displayName`,
    'collection',
    (a, r) => void (a.transitiveMemberOf = r),
  );
  perAccount<DirObject[]>(
    'ownedObjects',
    (id) => `/users/${id}/ownedObjects`,
    'collection',
    (a, r) => void (a.ownedObjects = r),
  );
  perAccount<AppRoleAssignment[]>(
    'appRoleAssignments',
    (id) => `/users/${id}/appRoleAssignments?$select=id,appRoleId,resourceId,resourceDisplayName`,
    'collection',
    (a, r) => void (a.appRoleAssignments = r),
  );
  // Sign-in log entries, newest first. Beta on purpose: authenticationDetails (which method was used) is a beta-only
  // signIn property; the v1.0 metadata has none (https://learn.microsoft.com/en-us/graph/api/resources/signin?view=graph-rest-beta).
  if (has('signIns'))
    for (const a of snap.accounts) {
      if (!a.user.ok || a.user.value === null) continue;
      out.push(
        pending<SignInLogEntry[]>({
          evidenceKey: `signIns:${a.upn}`,
          req: {
            method: 'GET',
            version: 'beta',
            path: `/auditLogs/signIns?$filter=${q(`userId eq '${a.user.value.id}'`)}&$top=50&$select=id,createdDateTime,status,authenticationDetails,appDisplayName`,
          },
          shape: 'collection',
          firstPageOnly: true,
          assign: (r) => {
            a.signIns = r;
          },
        }),
      );
    }
  return out;
}
