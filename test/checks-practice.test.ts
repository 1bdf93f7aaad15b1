/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * The built-in checks against the REAL practice tenant (HTTPS server on
 * loopback, real MSAL / Graph client / ARM pipeline through D's connection):
 * `healthy` passes every check; `drifted` — when that scenario exists —
 * is found by the right check naming the right object, and nothing else fails.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { connectPractice } from '../src/commands/practice-session.js';
import { runChecksDetailed } from '../src/checks/run.js';
import type { CheckConfig } from '../src/core/check.js';
import { BUILT_IN_CHECKS } from '../src/checks/index.js';
import { SP_APP } from './harness/sp-break-glass-config.js';

const SCENARIOS = join(import.meta.dirname, '..', 'src', 'practice', 'scenarios');
const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';

/**
 * The scenario as an object. ARM's delegated scope (user_impersonation) is
 * added to the apps' grants if the scenario lacks it (reported to C2), so
 * the ARM reads can be consented.
 */
function scenario(name: string): Record<string, any> {
  const s = parse(readFileSync(join(SCENARIOS, `${name}.yaml`), 'utf8'), { merge: true, maxAliasCount: -1 }) as Record<
    string,
    any
  >;
  for (const app of s.applications ?? [])
    if (Array.isArray(app.delegatedScopes) && !app.delegatedScopes.includes('user_impersonation'))
      app.delegatedScopes = [...app.delegatedScopes, 'user_impersonation'];
  return s;
}

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

async function audit(name: string, over: Partial<CheckConfig> = {}) {
  const sc = scenario(name);
  const conn = await connectPractice({
    scenario: sc,
    scopes: ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'],
  });
  closers.push(() => conn.close());
  const domain = sc.tenant.initialDomain as string;
  const config: CheckConfig = {
    accounts: [`bg-admin-01@${domain}`, `bg-admin-02@${domain}`],
    group: 'SG-BreakGlass-Exclude',
    workspace: WS,
    whatIf: true,
    // the scenarios' emergency application, which owns the exclusion group (BG-021)
    emergencyApp: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
    ...over,
  };
  return runChecksDetailed(BUILT_IN_CHECKS, conn.session, 'all', config);
}

/**
 * Not applicable on `healthy`: BG-019 (no Security Defaults), BG-023/BG-024/BG-026 (no service principal
 * declared as a break-glass identity), BG-025 (no layered door's group declared).
 */
const NOT_APPLICABLE = ['BG-019', 'BG-023', 'BG-024', 'BG-025', 'BG-026'];

describe('checks against the practice tenant', () => {
  it('healthy: every check passes (BG-019 not applicable: no Security Defaults; BG-023/024: no break-glass app declared), in 2 dependency waves', async () => {
    const { results, stats } = await audit('healthy');
    const bad = results.filter(
      (r) => r.verdict !== 'pass' && !(NOT_APPLICABLE.includes(r.id) && r.verdict === 'not-applicable'),
    );
    expect(bad.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(results.filter((r) => r.verdict === 'not-applicable').map((r) => r.id)).toEqual(NOT_APPLICABLE);
    expect(stats.waves).toBe(2);
    // every result carries request evidence with request ids (BG-023/BG-025 read nothing when nothing is declared)
    for (const r of results.filter((x) => !['BG-019', 'BG-023', 'BG-025', 'BG-026'].includes(x.id)))
      expect(r.evidence.length, r.id).toBeGreaterThan(0);
    // BG-007's reads travel in $batch: each names its own request-id when it has one, else the $batch call's.
    expect(results.find((r) => r.id === 'BG-007')!.evidence.some((e) => e.requestId ?? e.batchRequestId)).toBe(true);
  });

  it("healthy-phishing-resistant: Microsoft's recommended protection passes BG-007 and BG-018; a Sentinel-only alert with an automation rule passes BG-012", async () => {
    const { results } = await audit('healthy-phishing-resistant');
    const bad = results.filter(
      (r) => r.verdict !== 'pass' && !(NOT_APPLICABLE.includes(r.id) && r.verdict === 'not-applicable'),
    );
    expect(bad.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    const bg007 = results.find((r) => r.id === 'BG-007')!;
    expect(
      bg007.findings.find((f) => f.object.name === 'CA050-Emergency-Accounts-Require-PhishResistant-MFA')!.reason,
    ).toMatch(/protected: Phishing-resistant MFA, satisfied by YubiKey 5 Series security key/);
    expect(results.find((r) => r.id === 'BG-018')!.findings[0]!.reason).toMatch(
      /protected, not blocked: "CA0?50-Emergency-Accounts-Require-PhishResistant-MFA"|protected, not blocked/,
    );
    expect(results.find((r) => r.id === 'BG-012')!.findings[0]!.reason).toBe(
      'Sentinel NRT "Break-glass account sign-in" fires for a successful and a failed sign-in and reaches a person',
    );
    expect(results.find((r) => r.id === 'BG-004')!.findings[1]!.reason).toMatch(/^2 hardware security key\(s\)/);
  });

  it("BG-025: a layered exclusion group with members fails, naming each; a missing one fails; reads are Graph's", async () => {
    // Drifted: the declared layered group is not empty (here: the accounts' own exclusion group).
    const { results } = await audit('healthy', { emergencyGroup: 'SG-BreakGlass-Exclude' });
    const r = results.find((x) => x.id === 'BG-025')!;
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => f.object.name).sort()).toEqual([
      'bg-admin-01@contosopractice.onmicrosoft.com',
      'bg-admin-02@contosopractice.onmicrosoft.com',
    ]);
    expect(r.evidence.some((e) => /\/groups\/[^/]+\/members/.test(e.path))).toBe(true);
    const missing = (await audit('healthy', { emergencyGroup: 'CA-Emergency-Exclude' })).results.find(
      (x) => x.id === 'BG-025',
    )!;
    expect(missing.verdict).toBe('fail');
    expect(missing.reason).toMatch(/does not exist/);
  });

  it('BG-012 runs each rule over synthetic rows through the Logs API: evidence shows the probes', async () => {
    const { results } = await audit('healthy');
    const ev = results.find((r) => r.id === 'BG-012')!.evidence.filter((e) => e.service === 'logs');
    // 2 sign-in rules (Azure Monitor + Sentinel NRT) × 2 accounts × success and failure
    expect(ev).toHaveLength(8);
    expect(
      ev.every((e) => e.status === 200 && /\/workspaces\/c0ffee00-1234-4abc-9def-0123456789ab\/query$/.test(e.path)),
    ).toBe(true);
  });

  it('healthy-restricted-unit: a plain exclusion group in a restricted management unit, changed only by the emergency app scoped to it, passes every check', async () => {
    const { results, stats } = await audit('healthy-restricted-unit');
    const bad = results.filter(
      (r) => r.verdict !== 'pass' && !(NOT_APPLICABLE.includes(r.id) && r.verdict === 'not-applicable'),
    );
    expect(bad.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    const reasons = (id: string) =>
      results.find((r) => r.id === id)!.findings.map((f) => `${f.object.name}: ${f.reason}`);
    expect(reasons('BG-006').join('\n')).toMatch(
      /not role-assignable, but in restricted management administrative unit AU-BreakGlass-Restricted/,
    );
    expect(reasons('BG-021').join('\n')).toMatch(
      /EmergencyAccess: the declared emergency app \(Groups Administrator scoped to AU-BreakGlass-Restricted\)/,
    );
    // the roles scoped to the unit are one more round trip, taken only because there is such a unit
    expect(stats.waves).toBe(3);
  });

  it('drifted-restricted-unit: a break-glass account in a restricted unit is reported as unmanageable there (BG-017 warns)', async () => {
    const { results } = await audit('drifted-restricted-unit');
    const bg017 = results.find((r) => r.id === 'BG-017')!;
    expect(bg017.verdict).toBe('warn');
    expect(bg017.findings.find((f) => f.object.name.startsWith('bg-admin-02'))!.reason).toMatch(
      /in restricted management administrative unit AU-Executives-Restricted: no administrator can reset or change this account/,
    );
  });

  for (const name of ['drifted', 'drifted-routes', 'drifted-restricted-unit'])
    it.skipIf(!existsSync(join(SCENARIOS, `${name}.yaml`)))(
      `${name}: each planted drift is found by the right check, naming the object; nothing else fails`,
      async () => {
        const text = readFileSync(join(SCENARIOS, `${name}.yaml`), 'utf8');
        const { results } = await audit(name);
        // The planted drifts are listed at the top of the file as "# DRIFT BG-0nn: <what, naming the object>".
        const drifts = [...text.matchAll(/^# DRIFT (BG-\d{3}): (.*)$/gm)].map((m) => ({ id: m[1]!, what: m[2]! }));
        expect(drifts.length).toBeGreaterThan(0);
        const byId = new Map(results.map((r) => [r.id, r]));
        for (const d of drifts) {
          const r = byId.get(d.id)!;
          expect(r.verdict, `${d.id} should catch: ${d.what}\ngot ${r.verdict}: ${r.reason}`).toBe('fail');
          // the object the drift is about: a quoted name, an e-mail, or a bg-admin-0n account
          const named =
            /"([^"]+)"/.exec(d.what)?.[1] ?? /[\w.-]+@[\w.-]+/.exec(d.what)?.[0] ?? /bg-admin-0\d/.exec(d.what)?.[0];
          if (named) {
            const objs = r.findings
              .filter((f) => f.verdict === 'fail' || f.verdict === 'warn')
              .map((f) => `${f.object.name} ${f.reason}`);
            expect(
              objs.some((o) => o.includes(named)),
              `${d.id} should name ${named}; findings: ${objs.join(' | ')}`,
            ).toBe(true);
          }
        }
        const planted = new Set(drifts.map((d) => d.id));
        // Consequence, not a separate drift: an ENABLED policy that lacks the exclusion (BG-007) is
        // also what Microsoft's What-If reports as applying at the admin portals (BG-018).
        for (const d of drifts.filter((x) => x.id === 'BG-007' && /ENABLED/.test(x.what))) {
          planted.add('BG-018');
          expect(byId.get('BG-018')!.verdict).toBe('fail');
          expect(byId.get('BG-018')!.reason).toContain(/"([^"]+)"/.exec(d.what)![1]!.split('-')[0]);
        }
        const unexpected = results.filter((r) => (r.verdict === 'fail' || r.verdict === 'error') && !planted.has(r.id));
        expect(unexpected.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
      },
    );

  it('sp-break-glass-healthy: the declared break-glass app passes BG-023, BG-024 and BG-026, and every other check still passes', async () => {
    const { results } = await audit('sp-break-glass-healthy', SP_APP);
    const bad = results.filter(
      (r) => r.verdict !== 'pass' && !(['BG-019', 'BG-025'].includes(r.id) && r.verdict === 'not-applicable'),
    );
    expect(bad.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    const bg024 = results.find((r) => r.id === 'BG-024')!;
    // The alert was judged by running the rule over a synthetic AADServicePrincipalSignInLogs row, through the Logs API.
    expect(bg024.findings.map((f) => f.reason).join('\n')).toMatch(
      /"BreakGlassAppSignIn" fires for a successful and a failed sign-in/,
    );
    expect(bg024.evidence.some((e) => e.service === 'logs')).toBe(true);
    expect(bg024.findings.map((f) => f.reason).join('\n')).toMatch(/last successful sign-in/); // BG-026 read the app's Azure role assignments over ARM and found the enforced workload-identity policy.
    const bg026 = results.find((r) => r.id === 'BG-026')!;
    expect(bg026.findings.map((f) => `${f.verdict} ${f.object.name}`)).toEqual([
      'pass User Access Administrator at management group 9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c',
      'pass CA400-BreakGlass-App-Only-From-Vault-Network',
    ]);
    expect(
      bg026.evidence.some((e) => e.service === 'arm' && e.path.includes('Microsoft.Authorization/roleAssignments')),
    ).toBe(true);
  });

  it('sp-break-glass-drifted: BG-023, BG-024 and BG-026 fail and name each drift; nothing else fails', async () => {
    const { results } = await audit('sp-break-glass-drifted', SP_APP);
    const by = (id: string) => results.find((r) => r.id === id)!;
    expect(by('BG-023').verdict).toBe('fail');
    const r23 = by('BG-023')
      .findings.filter((f) => f.verdict === 'fail')
      .map((f) => `${f.object.name}: ${f.reason}`)
      .join('\n');
    expect(r23).toMatch(/client secret "quick-fix"/);
    expect(r23).toMatch(/sam\.staff@contoso-practice\.com: owns the break-glass app/);
    expect(r23).toMatch(/Privileged Role Administrator: Privileged Role Administrator is held but not declared/);
    expect(r23).toMatch(/certificate "bg-app-cert-sealed" expired/);
    expect(r23).toMatch(/certificate "bg-app-cert-primary" expires on .* within 30 days/);
    expect(by('BG-024').verdict).toBe('fail');
    const r24 = by('BG-024')
      .findings.map((f) => f.reason)
      .join('\n');
    expect(r24).toMatch(/no alert rule reads AADServicePrincipalSignInLogs/);
    expect(r24).toMatch(/not validated within 90 days/);
    expect(by('BG-026').verdict).toBe('fail');
    expect(
      by('BG-026')
        .findings.filter((f) => f.verdict === 'fail')
        .map((f) => `${f.object.name}: ${f.reason}`),
    ).toEqual([
      'Owner at subscription 6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9: held but not declared: another way to act in Azure with the app credential',
      'CA400-BreakGlass-App-Only-From-Vault-Network: report-only: it records what it would block and blocks nothing; turn it On once its results are checked',
    ]);
    const others = results.filter(
      (r) => !['BG-023', 'BG-024', 'BG-026', 'BG-019', 'BG-025'].includes(r.id) && r.verdict !== 'pass',
    );
    expect(others.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
  });
});
