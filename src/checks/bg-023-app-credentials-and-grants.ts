/**
 * BG-023: the service principal kept as a break-glass identity is exactly what
 * was declared — certificates only, two of them with different expiry (one
 * sealed offline, for rollover without a gap), none expired or about to,
 * no owners, and the roles and application permissions declared, no more and
 * no fewer.
 *
 * Why each part (Microsoft Learn):
 *  - a certificate is "the recommended credential type because they're
 *    considered more secure than client secrets"
 *    (https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials);
 *  - "Owners can add credentials to an application and use those credentials to
 *    impersonate the application's identity"
 *    (https://learn.microsoft.com/entra/identity/role-based-access-control/delegate-app-roles);
 *  - the app can do what its roles allow
 *    (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference), and
 *    permissions that grant authorization "allow an application to grant additional privileges to
 *    itself, other applications, or any user" (https://learn.microsoft.com/graph/permissions-reference).
 */
import type { CheckDefinition } from '../core/check.js';
import { entraRoleId, entraRoleName } from '../config/entra-roles.js';
import { GRAPH_APP_ROLE_NAMES } from '../config/graph-app-roles.js';
import type { AppCredential, TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { declaredBreakGlassApp } from './declared-bg-app.js';
import { day, finding, nowOf, readError, result, type Finding } from './result.js';

const reads = ['bgApp'];
/** Rollover needs time: a credential this close to its end is a finding. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY = 86_400_000;

const kindOf = (o: { '@odata.type'?: string }): string => (o['@odata.type'] ?? '').replace('#microsoft.graph.', '');

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-023',
  title: 'The break-glass app holds only its declared roles, two certificates and no owners',
  severity: 'critical',
  rationale:
    'An application signed in with its own credential is as powerful as the roles it holds and is not stopped by user MFA. Every extra credential, owner or role is another way to become it; a single or expiring certificate leaves the door shut when it is needed.',
  source:
    'https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials; https://learn.microsoft.com/entra/identity/role-based-access-control/delegate-app-roles; https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference; https://learn.microsoft.com/graph/permissions-reference',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      'Run the service-principal-break-glass runbook (or its rollover runbook): certificates only, two with different expiry, owners removed, and exactly the declared roles.';
    const found = declaredBreakGlassApp(check, snap, config, remediation);
    if (!('app' in found)) return found;
    const { app: bg, appRef } = found;
    const now = nowOf(config).getTime();
    const findings: Finding[] = [];

    // Credentials.
    const end = (c: AppCredential): number => Date.parse(c.endDateTime ?? '');
    const name = (c: AppCredential): string => `"${c.displayName ?? c.keyId}"`;
    for (const s of bg.application.passwordCredentials)
      findings.push(
        finding(
          appRef,
          'fail',
          `client secret ${name(s)} (until ${day(s.endDateTime ?? '?')}): a secret is a copyable string; Microsoft recommends a certificate`,
        ),
      );
    const certs = bg.application.keyCredentials;
    for (const c of certs) {
      const e = end(c);
      if (Number.isNaN(e)) findings.push(finding(appRef, 'error', `certificate ${name(c)} has no readable end date`));
      else if (e <= now)
        findings.push(finding(appRef, 'fail', `certificate ${name(c)} expired on ${day(c.endDateTime!)}`));
      else if (e - now < EXPIRY_WARNING_DAYS * DAY)
        findings.push(
          finding(
            appRef,
            'fail',
            `certificate ${name(c)} expires on ${day(c.endDateTime!)}, within ${EXPIRY_WARNING_DAYS} days: roll it over`,
          ),
        );
    }
    const live = certs.filter((c) => end(c) > now);
    if (live.length < 2)
      findings.push(
        finding(
          appRef,
          'fail',
          `${live.length} valid certificate(s): two are declared (one sealed offline), so one can be rolled over while the other still opens the door`,
        ),
      );
    else if (certs.length > 2)
      findings.push(
        finding(
          appRef,
          'fail',
          `${certs.length} certificates: two are declared; whoever holds the key of an extra one is the app`,
        ),
      );
    else {
      const [a, b] = live.map(end) as [number, number];
      if (Math.abs(a - b) < EXPIRY_WARNING_DAYS * DAY)
        findings.push(
          finding(
            appRef,
            'warn',
            `both certificates expire within ${EXPIRY_WARNING_DAYS} days of each other: one rollover date for both leaves no spare`,
          ),
        );
      else
        findings.push(
          finding(
            appRef,
            'pass',
            `two certificates, no secret; valid until ${live.map((c) => day(c.endDateTime!)).join(' and ')}`,
          ),
        );
    }
    if (!bg.servicePrincipal)
      findings.push(
        finding(appRef, 'fail', 'the application has no service principal in this tenant: it cannot sign in here'),
      );

    // Owners.
    if (!snap.bgAppOwners.ok)
      findings.push(finding(appRef, 'error', `owners unreadable: ${readError(snap.bgAppOwners)}`));
    else
      for (const o of snap.bgAppOwners.value)
        findings.push(
          finding(
            { type: kindOf(o) || 'directoryObject', id: o.id, name: o.userPrincipalName ?? o.displayName ?? o.id },
            'fail',
            'owns the break-glass app: an owner can add a credential and sign in as it',
          ),
        );

    // Roles: exactly the declared set, tenant-wide.
    const declared = new Map<string, string>();
    for (const r of config.breakGlassAppRoles ?? []) {
      const id = entraRoleId(r);
      if (!id)
        findings.push(
          finding(appRef, 'error', `declared role "${r}" is not a Microsoft Entra built-in role name or template id`),
        );
      else declared.set(id, entraRoleName(id) ?? r);
    }
    if (!snap.bgAppRoles.ok)
      findings.push(finding(appRef, 'error', `role assignments unreadable: ${readError(snap.bgAppRoles)}`));
    else if (bg.servicePrincipal) {
      const held = new Set<string>();
      for (const a of snap.bgAppRoles.value) {
        const id = a.roleDefinitionId.toLowerCase();
        const roleName = entraRoleName(id) ?? `custom role ${id}`;
        const ref = { type: 'roleAssignment', id: a.id, name: roleName };
        if (!declared.has(id)) findings.push(finding(ref, 'fail', `${roleName} is held but not declared`));
        else if ((a.directoryScopeId ?? '/') !== '/')
          findings.push(
            finding(ref, 'warn', `${roleName} is held at scope ${a.directoryScopeId}, not tenant-wide as declared`),
          );
        else held.add(id);
      }
      for (const [id, n] of declared)
        if (!held.has(id))
          findings.push(
            finding(
              appRef,
              'fail',
              `declared role ${n} is not held tenant-wide: the door does not open what it should`,
            ),
          );
    }

    // Application permissions: exactly the declared set (default none).
    const wantPerms = new Set((config.breakGlassAppPermissions ?? []).map((p) => p.toLowerCase()));
    if (!snap.bgAppPermissions.ok)
      findings.push(
        finding(appRef, 'error', `application permissions unreadable: ${readError(snap.bgAppPermissions)}`),
      );
    else if (bg.servicePrincipal) {
      const heldPerms = new Set<string>();
      for (const p of snap.bgAppPermissions.value) {
        const n =
          GRAPH_APP_ROLE_NAMES[(p.appRoleId ?? '').toLowerCase()] ??
          `app role ${p.appRoleId ?? '?'} of ${p.resourceDisplayName ?? p.resourceId ?? '?'}`;
        heldPerms.add(n.toLowerCase());
        if (!wantPerms.has(n.toLowerCase()))
          findings.push(
            finding(
              { type: 'appRoleAssignment', id: p.id, name: n },
              'fail',
              `application permission ${n} is granted but not declared`,
            ),
          );
      }
      for (const p of config.breakGlassAppPermissions ?? [])
        if (!heldPerms.has(p.toLowerCase()))
          findings.push(finding(appRef, 'fail', `declared application permission ${p} is not granted`));
    }
    if (!findings.some((f) => f.verdict !== 'pass'))
      findings.push(
        finding(
          appRef,
          'pass',
          `holds ${[...declared.values()].join(', ') || 'no role'}${wantPerms.size ? ` and ${[...wantPerms].join(', ')}` : ''}, no owners`,
        ),
      );
    return result(check, {
      findings,
      passReason:
        'the break-glass app has two certificates, no secret, no owners, and exactly its declared roles and permissions',
      remediation,
    });
  },
};
