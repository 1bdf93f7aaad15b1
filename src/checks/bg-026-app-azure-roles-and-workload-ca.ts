/**
 * BG-026: the break-glass app's reach beyond Microsoft Entra is as declared —
 *  1. its Azure roles (Azure RBAC) are exactly the declared role-at-scope pairs, at the declared scopes
 *     and what sits above or below them (the list API's principalId filter); an Owner or User Access
 *     Administrator nobody declared is a second, unwatched way to own the Azure estate;
 *  2. where the tenant holds Microsoft Entra Workload ID, a Conditional Access policy for workload
 *     identities blocks the app's token requests from everywhere but its allowed named location — so a
 *     stolen certificate is useless elsewhere. Without the licence that part is not applicable (a policy
 *     cannot be created), and says so.
 *
 * Sources: Azure roles and Entra roles are separate systems
 * (https://learn.microsoft.com/azure/role-based-access-control/rbac-and-directory-admin-roles); built-in
 * role ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged);
 * "Limit the number of subscription owners" (https://learn.microsoft.com/azure/role-based-access-control/best-practices);
 * Conditional Access for workload identities and its licence
 * (https://learn.microsoft.com/entra/identity/conditional-access/workload-identity); report-only does
 * not enforce (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only).
 */
import type { CheckDefinition } from '../core/check.js';
import type { ObjectRef } from '../core/events.js';
import { azureRoleId, azureRoleName, describeScope } from '../config/azure-roles.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { declaredBreakGlassApp } from './declared-bg-app.js';
import { licenceGate, needsReason, unknownReason } from './licences.js';
import { workloadPolicyGap } from './workload-ca.js';
import { finding, readError, result, type Finding } from './result.js';

const reads = ['bgApp', 'bgAppAzure', 'caPolicies', 'organization'];

const roleGuid = (roleDefinitionId: string): string => roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
const pair = (guid: string, scope: string): string => `${guid}|${scope.toLowerCase()}`;

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-026',
  title: "The break-glass app's Azure roles and workload-identity Conditional Access are as declared",
  severity: 'high',
  rationale:
    'An application credential is not stopped by user MFA. Azure roles nobody declared are a second way to own the Azure estate with it; a Conditional Access policy for workload identities is the one control that makes a stolen certificate useless outside the place it is kept.',
  source:
    'https://learn.microsoft.com/azure/role-based-access-control/rbac-and-directory-admin-roles; https://learn.microsoft.com/azure/role-based-access-control/best-practices; https://learn.microsoft.com/entra/identity/conditional-access/workload-identity',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      'Assign exactly the declared Azure roles (action azureRole.assignToServicePrincipal) and remove others; where the tenant has Microsoft Entra Workload ID, create the workload-identity policy (action ca.createWorkloadIdentityPolicy), check its report-only results, then turn it On.';
    const found = declaredBreakGlassApp(check, snap, config, remediation);
    if (!('app' in found)) return found;
    const { app: bg, appRef } = found;
    const sp = bg.servicePrincipal;
    const findings: Finding[] = [];
    if (!sp) {
      findings.push(
        finding(appRef, 'fail', 'the application has no service principal: no role or policy can apply to it'),
      );
      return result(check, { findings, remediation });
    }

    // 1. Azure roles: exactly the declared pairs.
    const declared = new Map<string, { name: string; scope: string }>();
    for (const r of config.breakGlassAppAzureRoles ?? []) {
      const id = azureRoleId(r.role);
      if (!id) {
        findings.push(
          finding(appRef, 'error', `declared Azure role "${r.role}" is not a built-in role breakglass knows`),
        );
        continue;
      }
      declared.set(pair(id, r.scope), { name: azureRoleName(id)!, scope: r.scope });
    }
    if (declared.size === 0 && (config.breakGlassAppAzureRoles ?? []).length === 0)
      findings.push(
        finding(
          { type: 'azureRoles', name: 'Azure roles' },
          'not-applicable',
          'no Azure role is declared for the app, so no scope is read (declare azureRoles to have them checked)',
        ),
      );
    else if (!snap.bgAppAzureRoles.ok)
      findings.push(
        finding(
          { type: 'azureRoles', name: 'Azure roles' },
          'error',
          `Azure role assignments unreadable: ${readError(snap.bgAppAzureRoles)}`,
        ),
      );
    else {
      const held = new Map<string, { name: string; scope: string }>();
      for (const a of snap.bgAppAzureRoles.value) {
        if (a.properties.principalId.toLowerCase() !== sp.id.toLowerCase()) continue;
        const g = roleGuid(a.properties.roleDefinitionId);
        held.set(pair(g, a.properties.scope), { name: azureRoleName(g) ?? `role ${g}`, scope: a.properties.scope });
      }
      for (const [k, d] of declared) {
        const ref: ObjectRef = { type: 'azureRoleAssignment', name: `${d.name} at ${describeScope(d.scope)}` };
        findings.push(
          held.has(k)
            ? finding(ref, 'pass', 'held as declared')
            : finding(ref, 'fail', 'declared but not held: the app cannot act in Azure there'),
        );
      }
      for (const [k, h] of held)
        if (!declared.has(k))
          findings.push(
            finding(
              { type: 'azureRoleAssignment', name: `${h.name} at ${describeScope(h.scope)}` },
              'fail',
              'held but not declared: another way to act in Azure with the app credential',
            ),
          );
    }

    // 2. Conditional Access for workload identities, where licensed.
    const caRef: ObjectRef = { type: 'conditionalAccessPolicy', name: 'workload-identity Conditional Access' };
    const gate = licenceGate(snap, 'workload-identities');
    if (gate.kind === 'missing')
      findings.push(
        finding(
          caRef,
          'not-applicable',
          needsReason('workload-identities', 'Conditional Access for workload identities', gate.how),
        ),
      );
    else if (gate.kind === 'unknown')
      findings.push(finding(caRef, 'error', unknownReason('workload-identities', gate.error)));
    else if (!snap.caPolicies.ok)
      findings.push(finding(caRef, 'error', `Conditional Access policies unreadable: ${readError(snap.caPolicies)}`));
    else {
      const allowed = config.breakGlassAppAllowedLocation?.trim() || undefined;
      const mine = snap.caPolicies.value.filter((p) => workloadPolicyGap(p, sp.id, allowed) === undefined);
      const on = mine.find((p) => p.state === 'enabled');
      const reportOnly = mine.find((p) => p.state === 'enabledForReportingButNotEnforced');
      if (on)
        findings.push(
          finding(
            { type: 'conditionalAccessPolicy', id: on.id, name: on.displayName },
            'pass',
            `blocks the app's token requests outside ${(on.conditions?.locations?.excludeLocations ?? []).join(', ')}`,
          ),
        );
      else if (reportOnly)
        findings.push(
          finding(
            { type: 'conditionalAccessPolicy', id: reportOnly.id, name: reportOnly.displayName },
            'fail',
            'report-only: it records what it would block and blocks nothing; turn it On once its results are checked',
          ),
        );
      else {
        const near = snap.caPolicies.value
          .map((p) => ({ p, gap: workloadPolicyGap(p, sp.id, allowed) }))
          .filter((x) => x.gap !== 'does not include the app');
        findings.push(
          finding(
            caRef,
            'fail',
            `no enabled policy for workload identities blocks the app outside ${allowed ?? 'an allowed named location'}` +
              (near.length
                ? `; ${near.map((x) => `"${x.p.displayName}" ${x.p.state === 'disabled' ? 'is disabled' : x.gap}`).join('; ')}`
                : ''),
          ),
        );
      }
    }
    return result(check, {
      findings,
      remediation,
      passReason: 'Azure roles and workload-identity Conditional Access as declared',
    });
  },
};
