/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures build Graph shapes by hand */
import { describe, expect, it } from 'vitest';
import { check } from './bg-027-phishing-resistant-required.js';
import { config, healthy, FORBIDDEN, GROUP_ID, LEGACY_BLOCK, MFA_ALL, policy, UPN1, UPN2 } from './testing/fixtures.js';
import { GLOBAL_ADMIN_ROLE, failed, ok, type CaPolicy, type TenantSnapshot } from './snapshot.js';

// Built-in strengths (https://learn.microsoft.com/graph/api/authenticationstrengthroot-list-policies):
// 00000000-0000-0000-0000-000000000004 "Phishing-resistant MFA", …-000000000002 "Multifactor authentication".
const PHISHING_RESISTANT = { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' };
const MFA_STRENGTH = { id: '00000000-0000-0000-0000-000000000002', displayName: 'Multifactor authentication' };

/** Learn's policy-admin-phish-resistant-mfa shape: directory roles, All resources, the strength — here without the exclusion. */
const requirePr = (over: Partial<CaPolicy> = {}): CaPolicy =>
  policy({
    id: 'ca-pr',
    displayName: 'CA101 Admins require phishing-resistant MFA',
    conditions: {
      users: { includeRoles: [GLOBAL_ADMIN_ROLE] },
      applications: { includeApplications: ['All'] },
      clientAppTypes: ['all'],
    },
    grantControls: { operator: 'OR', authenticationStrength: PHISHING_RESISTANT },
    ...over,
  });

const run = (policies: CaPolicy[], mut?: (s: TenantSnapshot) => void) => {
  const s = healthy();
  s.caPolicies = ok([MFA_ALL, LEGACY_BLOCK, ...policies]);
  mut?.(s);
  return check.evaluate(s, config());
};
const reasonOf = (r: ReturnType<typeof run>, upn: string) => r.findings.find((f) => f.object.name === upn)?.reason;

describe('BG-027 phishing-resistant MFA required of every account', () => {
  it('passes when an enabled policy for All resources requires the built-in Phishing-resistant MFA strength of both accounts', () => {
    const r = run([requirePr()]);
    expect(r.verdict).toBe('pass');
    expect(reasonOf(r, UPN1)).toBe(
      'required by "CA101 Admins require phishing-resistant MFA" (Phishing-resistant MFA; in scope via role Global Administrator)',
    );
    expect(r.findings.map((f) => f.object)).toEqual([
      { type: 'user', id: 'u1', name: UPN1 },
      { type: 'user', id: 'u2', name: UPN2 },
    ]);
  });

  it('passes a custom strength whose every combination is phishing-resistant, and a policy that includes the group', () => {
    const custom = {
      id: 'c0ffee00-0000-4000-8000-000000000001',
      displayName: 'Security keys or certificates',
      allowedCombinations: ['fido2', 'x509CertificateMultiFactor'],
    };
    const r = run([
      requirePr({
        conditions: { users: { includeGroups: [GROUP_ID] }, applications: { includeApplications: ['All'] } },
        grantControls: { operator: 'OR', authenticationStrength: custom as any },
      }),
    ]);
    expect(r.verdict).toBe('pass');
    expect(reasonOf(r, UPN2)).toMatch(/Security keys or certificates; in scope via group SG-BreakGlass-Exclude/);
  });

  it('passes with operator AND: another control adds to the strength, it is no way around it', () => {
    const r = run([
      requirePr({
        grantControls: {
          operator: 'AND',
          builtInControls: ['compliantDevice'],
          authenticationStrength: PHISHING_RESISTANT,
        },
      }),
    ]);
    expect(r.verdict).toBe('pass');
  });

  it('fails when no policy requires it, naming each account and pointing to the setup runbook', () => {
    const r = run([]);
    expect(r.verdict).toBe('fail');
    expect(reasonOf(r, UPN1)).toBe('no enabled policy requires phishing-resistant MFA of this account');
    expect(r.findings.filter((f) => f.verdict === 'fail')).toHaveLength(2);
    expect(r.remediation).toMatch(/setup-conditional-access runbook/);
  });

  it('fails when the phishing-resistant policy excludes the accounts, and says through what', () => {
    const excluding = requirePr({
      conditions: {
        users: { includeRoles: [GLOBAL_ADMIN_ROLE], excludeGroups: [GROUP_ID] },
        applications: { includeApplications: ['All'] },
      },
    });
    const r = run([excluding]);
    expect(r.verdict).toBe('fail');
    expect(reasonOf(r, UPN1)).toBe(
      'no enabled policy requires phishing-resistant MFA of this account; excluded from "CA101 Admins require phishing-resistant MFA" (excluded via the exclusion group SG-BreakGlass-Exclude)',
    );
  });

  it('fails a strength that also admits methods that are not phishing-resistant', () => {
    const r = run([requirePr({ grantControls: { operator: 'OR', authenticationStrength: MFA_STRENGTH } })]);
    expect(r.verdict).toBe('fail');
  });

  it('fails "require one of the selected controls" with plain MFA beside the strength: MFA alone gets through', () => {
    const r = run([
      requirePr({
        grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: PHISHING_RESISTANT },
      }),
    ]);
    expect(r.verdict).toBe('fail');
  });

  it('ignores a disabled policy', () => {
    expect(run([requirePr({ state: 'disabled' })]).verdict).toBe('fail');
  });

  it('fails only the account the policy does not include, naming it', () => {
    const r = run(
      [
        requirePr({
          conditions: { users: { includeGroups: [GROUP_ID] }, applications: { includeApplications: ['All'] } },
        }),
      ],
      (s) => {
        s.accounts[1]!.transitiveMemberOf = ok([]);
      },
    );
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => `${f.verdict} ${f.object.name}`)).toEqual([`pass ${UPN1}`, `fail ${UPN2}`]);
  });

  it('warns when only a report-only policy requires it: report-only enforces nothing', () => {
    const r = run([requirePr({ state: 'enabledForReportingButNotEnforced' })]);
    expect(r.verdict).toBe('warn');
    expect(reasonOf(r, UPN1)).toBe(
      'not enforced for every sign-in: "CA101 Admins require phishing-resistant MFA" (Phishing-resistant MFA; in scope via role Global Administrator) is report-only: not enforced',
    );
  });

  it('warns when the enabled policy covers only some sign-ins: only the admin portals, or not from every location', () => {
    const portals = run([
      requirePr({
        conditions: {
          users: { includeRoles: [GLOBAL_ADMIN_ROLE] },
          applications: { includeApplications: ['MicrosoftAdminPortals'] },
        },
      }),
    ]);
    expect(portals.verdict).toBe('warn');
    expect(reasonOf(portals, UPN1)).toMatch(/covers only resources MicrosoftAdminPortals$/);
    const located = run([
      requirePr({
        conditions: {
          users: { includeRoles: [GLOBAL_ADMIN_ROLE] },
          applications: { includeApplications: ['All'], excludeApplications: ['00000003-0000-0000-c000-000000000000'] },
          locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
        },
      }),
    ]);
    expect(located.verdict).toBe('warn');
    expect(reasonOf(located, UPN2)).toMatch(
      /covers excludes resources 00000003-0000-0000-c000-000000000000; not from every location$/,
    );
  });

  it('is an error, not a pass, when a custom strength in scope came back without its combinations', () => {
    const r = run([
      requirePr({
        grantControls: {
          operator: 'OR',
          authenticationStrength: { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'Custom keys' },
        },
      }),
    ]);
    expect(r.verdict).toBe('error');
    expect(reasonOf(r, UPN1)).toMatch(/combinations of strength "Custom keys" were not returned/);
  });

  it('an unknown strength does not hide a proven requirement', () => {
    const unknown = requirePr({
      id: 'ca-x',
      grantControls: { operator: 'OR', authenticationStrength: { id: 'c0ffee00-0000-4000-8000-000000000003' } },
    });
    expect(run([unknown, requirePr()]).verdict).toBe('pass');
  });

  it('is an error when the policies cannot be read, or an account’s groups cannot', () => {
    const unread = run([], (s) => {
      s.caPolicies = FORBIDDEN;
    });
    expect(unread.verdict).toBe('error');
    expect(unread.reason).toMatch(/could not read Conditional Access policies: 403/);
    const groups = run([requirePr()], (s) => {
      s.accounts[0]!.transitiveMemberOf = FORBIDDEN;
    });
    expect(groups.verdict).toBe('error');
    expect(reasonOf(groups, UPN1)).toMatch(/could not read group memberships/);
  });

  it('is not applicable with Security Defaults on (BG-019 covers that tenant)', () => {
    const r = run([], (s) => {
      s.securityDefaults = ok({ isEnabled: true });
    });
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toMatch(/Security Defaults is on/);
  });

  it('is not applicable without Microsoft Entra ID P1 — from the plans or the call’s own licence error', () => {
    const noPlans = run([], (s) => {
      s.organization = ok({ ...(s.organization as any).value, assignedPlans: [] });
    });
    expect(noPlans.verdict).toBe('not-applicable');
    expect(noPlans.reason).toMatch(/^needs Microsoft Entra ID P1 \(Conditional Access\)/);
    const refused = run([], (s) => {
      s.caPolicies = {
        ok: false,
        error: '403 Forbidden: tenant is not licensed for Conditional Access',
        licence: 'P1',
      };
    });
    expect(refused.verdict).toBe('not-applicable');
  });

  it('judges a policy that still applies after the licence lapsed; an unknown licence never excuses a gap', () => {
    const lapsed = run([requirePr()], (s) => {
      s.organization = ok({ ...(s.organization as any).value, assignedPlans: [] });
    });
    expect(lapsed.verdict).toBe('pass');
    const unknown = run([], (s) => {
      s.organization = failed('503 Service Unavailable');
    });
    expect(unknown.verdict).toBe('error');
    expect(unknown.reason).toMatch(/cannot tell whether the tenant holds Microsoft Entra ID P1/);
  });
});
