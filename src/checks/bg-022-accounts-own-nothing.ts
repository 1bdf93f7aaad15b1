/**
 * BG-022: the break-glass accounts own no groups or applications. An owner of
 * a group can change its members; an owner of an application can add
 * credentials and act as it ("Owners can add credentials to an application and
 * use those credentials to impersonate the application's identity",
 * https://learn.microsoft.com/entra/identity/role-based-access-control/delegate-app-roles).
 * Objects owned by an emergency account tie day-to-day administration to an
 * account that should never be used, and go unmanaged when it is locked away.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'group', 'ownedObjects'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-022',
  title: 'The accounts own no groups or applications',
  severity: 'medium',
  rationale:
    'Ownership is a standing privilege outside role assignments: a group owner changes who is in it, an application owner adds credentials and signs in as the application. An emergency account should hold its role and nothing else.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/delegate-app-roles; https://learn.microsoft.com/graph/api/user-list-ownedobjects',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const groupId = snap.group.ok && snap.group.value ? snap.group.value.id.toLowerCase() : undefined;
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.ownedObjects.ok)
        return finding(ref, 'error', `could not read owned objects: ${readError(a.ownedObjects)}`);
      const untyped = a.ownedObjects.value.filter((o) => typeof o['@odata.type'] !== 'string');
      if (untyped.length)
        return finding(
          ref,
          'error',
          `${untyped.length} owned object(s) returned without an @odata.type: cannot tell what they are`,
        );
      // Owning the exclusion group itself is allowed (BG-021 says who may).
      const owned = a.ownedObjects.value.filter((o) => o.id.toLowerCase() !== groupId);
      if (!owned.length) return finding(ref, 'pass', 'owns nothing');
      const label = (o: (typeof owned)[number]) =>
        `${String(o['@odata.type']).replace('#microsoft.graph.', '')} ${o.displayName ?? o.id}`;
      const apps = owned.filter((o) => /application|servicePrincipal/.test(String(o['@odata.type'])));
      return finding(
        ref,
        apps.length ? 'fail' : 'warn',
        `owns ${owned.map(label).join(', ')}${apps.length ? ' — an application owner can add credentials and sign in as it' : ''}`,
      );
    });
    return result(check, {
      findings,
      passReason: 'the accounts own no groups or applications',
      remediation:
        'Move ownership of the listed objects to the people or teams who manage them (Entra admin center → the object → Owners), then remove the break-glass account as owner.',
    });
  },
};
