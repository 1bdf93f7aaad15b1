/** BG-002: each account is enabled, cloud-only, and on the tenant's initial *.onmicrosoft.com domain. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-002',
  title: 'Accounts are enabled, cloud-only and on the initial onmicrosoft.com domain',
  severity: 'critical',
  rationale:
    'A synced or federated account fails with the identity provider it depends on; a custom domain can be federated or lapse. The initial *.onmicrosoft.com domain always uses managed (cloud) authentication.',
  source: 'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const org = snap.organization;
    const initial = org.ok ? org.value.verifiedDomains.find((d) => d.isInitial)?.name.toLowerCase() : undefined;
    const findings = perAccount(snap, (a, u) => {
      const problems: string[] = [];
      if (u.accountEnabled === false) problems.push('account is disabled');
      if (u.onPremisesSyncEnabled) problems.push('synchronized from on-premises');
      else if (u.onPremisesImmutableId) problems.push('has an onPremisesImmutableId (federated/synced identity)');
      const domain = u.userPrincipalName.split('@')[1]?.toLowerCase() ?? '';
      if (!org.ok) return finding(acctRef(a, u), 'error', `could not read the tenant's domains: ${readError(org)}`);
      if (!initial) problems.push('the tenant reports no initial domain');
      else if (domain !== initial)
        problems.push(
          domain.endsWith('.onmicrosoft.com')
            ? `UPN domain ${domain} is not the initial domain ${initial}`
            : `UPN is on custom domain ${domain}, not ${initial}`,
        );
      if (problems.length) return finding(acctRef(a, u), 'fail', problems.join('; '));
      return finding(acctRef(a, u), 'pass', `enabled, cloud-only, on ${initial}`);
    });
    return result(check, {
      findings,
      passReason: `every account is enabled, cloud-only and on ${initial}`,
      remediation: `Create the emergency-access accounts as cloud-only users on the initial domain (${initial ?? '*.onmicrosoft.com'}) and keep them enabled.`,
    });
  },
};
