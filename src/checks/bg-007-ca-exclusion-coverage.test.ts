/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
import { describe, expect, it } from 'vitest';
import { check } from './bg-007-ca-exclusion-coverage.js';
import { config, healthy, FORBIDDEN, GROUP_ID, LEGACY_BLOCK, MFA_ALL, policy } from './testing/fixtures.js';
import { GLOBAL_ADMIN_ROLE, notFetched, ok } from './snapshot.js';

const run = (policies: Parameters<typeof ok>[0], mut?: (s: ReturnType<typeof healthy>) => void) => {
  const s = healthy();
  s.caPolicies = ok(policies as any);
  mut?.(s);
  return check.evaluate(s, config());
};

describe('BG-007 CA exclusion coverage', () => {
  it('passes when every lock-out-capable policy excludes the group', () => {
    const r = run([MFA_ALL, LEGACY_BLOCK]);
    expect(r.verdict).toBe('pass');
    expect(r.findings.find((f) => f.object.id === 'ca-mfa')?.reason).toMatch(
      /excluded via the exclusion group SG-BreakGlass-Exclude/,
    );
  });
  it('fails an enabled policy without the exclusion, naming it and the accounts', () => {
    const r = run([
      MFA_ALL,
      policy({
        id: 'ca-dev',
        displayName: 'CA010 Require compliant device',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
        grantControls: { builtInControls: ['compliantDevice'] },
      }),
    ]);
    expect(r.verdict).toBe('fail');
    const f = r.findings.find((x) => x.verdict === 'fail')!;
    expect(f.object).toEqual({ type: 'conditionalAccessPolicy', id: 'ca-dev', name: 'CA010 Require compliant device' });
    expect(f.reason).toMatch(/does not exclude bg-admin-01.*bg-admin-02.*requires compliantDevice/);
  });
  it('does not demand the exclusion on the legacy-auth block policy (BG-008 territory)', () => {
    expect(run([LEGACY_BLOCK]).verdict).toBe('pass');
  });
  it('warns (not fails) for report-only policies lacking the exclusion', () => {
    const r = run([
      policy({
        id: 'ro',
        state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeRoles: [GLOBAL_ADMIN_ROLE] }, applications: { includeApplications: ['All'] } },
        grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] },
      }),
    ]);
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/report-only.*will lock out when switched on/);
  });
  it("passes Microsoft's recommended protection: phishing-resistant MFA for the accounts, satisfied by their security keys", () => {
    const phish = policy({
      id: 'pr',
      displayName: 'Require phishing-resistant MFA for emergency accounts',
      conditions: { users: { includeGroups: [GROUP_ID] }, applications: { includeApplications: ['All'] } },
      grantControls: {
        operator: 'OR',
        authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' },
      },
    });
    const r = run([phish]);
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(
      /protected: Phishing-resistant MFA, satisfied by YubiKey 5 Series security key/,
    );
    expect(r.findings[0]!.reason).not.toMatch(/exclude/i);
  });
  it('a phishing-resistant policy the accounts cannot satisfy still fails, and says why', () => {
    const s = healthy();
    s.accounts[1]!.methods = ok([{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' }]);
    s.accounts[1]!.fido2Methods = ok([]);
    s.caPolicies = ok([
      policy({
        id: 'pr',
        conditions: { users: { includeRoles: [GLOBAL_ADMIN_ROLE] }, applications: { includeApplications: ['All'] } },
        grantControls: {
          operator: 'OR',
          authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' },
        },
      }),
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /does not exclude bg-admin-02@contoso.onmicrosoft.com \(in scope via role Global Administrator; no registered method satisfies strength "Phishing-resistant MFA"/,
    );
    expect(r.reason).not.toMatch(/bg-admin-01/);
    // AND with a device control: the key cannot satisfy compliance
    const t = run([
      policy({
        id: 'and',
        grantControls: {
          operator: 'AND',
          builtInControls: ['compliantDevice'],
          authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' },
        },
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
      }),
    ]);
    expect(t.verdict).toBe('fail');
    expect(t.reason).toMatch(/requires compliantDevice/);
  });
  it('run alone (methods not read), a phishing-resistant policy without the exclusion warns — it is neither proven nor a lockout', () => {
    const s = healthy();
    for (const a of s.accounts) a.methods = notFetched('authentication methods');
    s.caPolicies = ok([
      policy({
        id: 'pr',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
        grantControls: { authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' } },
      }),
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(
      /protection if its security key satisfies the strength, but its methods were not read in this run/,
    );
  });
  it('an unreadable method list makes a strength policy an error, not a pass', () => {
    const s = healthy();
    s.accounts[0]!.methods = FORBIDDEN;
    s.caPolicies = ok([
      policy({
        id: 'pr',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
        grantControls: { authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' } },
      }),
    ]);
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
  it('lists disabled policies as info and ignores them', () => {
    const r = run([
      policy({
        id: 'off',
        state: 'disabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
      }),
    ]);
    expect(r.verdict).toBe('pass');
    expect(r.findings).toEqual([expect.objectContaining({ verdict: 'not-applicable', reason: 'disabled — ignored' })]);
  });
  it('direct user exclusion counts but warns "prefer the group"', () => {
    const r = run([
      policy({
        id: 'p',
        conditions: {
          users: { includeUsers: ['All'], excludeUsers: ['u1', 'u2'] },
          applications: { includeApplications: ['All'] },
        },
      }),
    ]);
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/prefer the exclusion group/);
  });
  it('exclusion via a group that contains the exclusion group (nesting) counts', () => {
    const r = run(
      [
        policy({
          id: 'p',
          conditions: {
            users: { includeUsers: ['All'], excludeGroups: ['outer'] },
            applications: { includeApplications: ['All'] },
          },
        }),
      ],
      (s) => {
        for (const a of s.accounts)
          a.transitiveMemberOf = ok([
            { id: GROUP_ID, displayName: 'SG-BreakGlass-Exclude' },
            { id: 'outer', displayName: 'All CA exclusions' },
          ]);
      },
    );
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(/via group All CA exclusions, which contains the account/);
  });
  it('ignores policies whose scope cannot include the accounts', () => {
    const r = run([
      policy({
        id: 'guests',
        conditions: {
          users: { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest' } },
          applications: { includeApplications: ['All'] },
        },
        grantControls: { builtInControls: ['block'] },
      }),
      policy({
        id: 'sales',
        conditions: { users: { includeGroups: ['sales'] }, applications: { includeApplications: ['All'] } },
        grantControls: { builtInControls: ['block'] },
      }),
    ]);
    expect(r.verdict).toBe('pass');
  });
  it('treats sign-in frequency every time and risk-based blocks as lock-out capable; persistent browser alone is not', () => {
    const noEx = { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } };
    expect(
      run([
        policy({
          id: 'sif',
          conditions: noEx,
          grantControls: null,
          sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime' } },
        }),
      ]).verdict,
    ).toBe('fail');
    expect(
      run([
        policy({
          id: 'risk',
          conditions: { ...noEx, signInRiskLevels: ['high'] },
          grantControls: { builtInControls: ['block'] },
        }),
      ]).verdict,
    ).toBe('fail');
    expect(
      run([
        policy({
          id: 'pb',
          conditions: noEx,
          grantControls: null,
          sessionControls: { persistentBrowser: { isEnabled: true, mode: 'never' } },
        }),
      ]).verdict,
    ).toBe('pass');
  });
  it('is not-applicable on a Security Defaults tenant', () => {
    expect(run([], (s) => (s.securityDefaults = ok({ isEnabled: true }))).verdict).toBe('not-applicable');
  });
  it('errors when policies or memberships cannot be read', () => {
    expect(run([], (s) => (s.caPolicies = FORBIDDEN)).verdict).toBe('error');
    expect(run([MFA_ALL], (s) => (s.accounts[0]!.transitiveMemberOf = FORBIDDEN)).verdict).toBe('error');
  });
});
