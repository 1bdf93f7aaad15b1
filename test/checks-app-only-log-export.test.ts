/* eslint-disable @typescript-eslint/no-explicit-any -- the scenario is edited as parsed YAML */
/**
 * BG-011 and BG-012 for an app-only caller, against the REAL practice tenant
 * (real MSAL client credentials, Graph client, ARM pipeline, LogsQueryClient).
 * Entra's diagnostic settings are refused app-only (permission table, stricter
 * reading), so the export is proven by sign-in rows arriving in the declared
 * workspace — and a tenant whose export is broken (no rows) fails, never passes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { connectPractice } from '../src/commands/practice-session.js';
import { runChecksDetailed } from '../src/checks/run.js';
import { BUILT_IN_CHECKS } from '../src/checks/index.js';
import { PERMISSION_TABLE } from '../src/config/permission-table.js';
import { GRAPH_APP_ROLES } from '../src/practice/world/catalog.js';

const SCENARIOS = join(import.meta.dirname, '..', 'src', 'practice', 'scenarios');
const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const APP = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
const SECRET = 'practice-only-secret-for-app-only-checks';

/** The read-only Graph application permissions the checks need (permission table), as the pipeline app holds them. */
function checkAppRoles(): string[] {
  const roles = PERMISSION_TABLE.filter((r) => r.checks?.length && (r.api === 'graph' || r.api === 'graph-beta'))
    .map((r) => {
      const sets = r.application ? [r.application.least, ...r.application.higher] : [];
      return sets.find((x) => x.every((p) => p in GRAPH_APP_ROLES && !/ReadWrite/.test(p))) ?? [];
    })
    .flat();
  return [...new Set(roles)].sort();
}

function scenario(edit: (s: Record<string, any>) => void = () => {}): Record<string, any> {
  const s = parse(readFileSync(join(SCENARIOS, 'healthy.yaml'), 'utf8'), { merge: true, maxAliasCount: -1 }) as Record<
    string,
    any
  >;
  s.applications.push({
    displayName: 'breakglass nightly checks',
    appId: APP,
    servicePrincipal: true,
    appRoles: checkAppRoles(),
    secrets: [SECRET],
  });
  edit(s);
  return s;
}

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

async function appOnly(sc: Record<string, any>) {
  const conn = await connectPractice({
    scenario: sc,
    clientId: APP,
    flow: 'client-secret',
    secretEnv: 'BG_APP_ONLY_SECRET',
    env: { BG_APP_ONLY_SECRET: SECRET },
    scopes: [
      'https://graph.microsoft.com/.default',
      'https://management.azure.com/.default',
      'https://api.loganalytics.io/.default',
    ],
  });
  closers.push(() => conn.close());
  expect((await conn.session.identity()).kind).toBe('app');
  const domain = sc.tenant.initialDomain as string;
  const run = await runChecksDetailed(BUILT_IN_CHECKS, conn.session, ['BG-011', 'BG-012'], {
    accounts: [`bg-admin-01@${domain}`, `bg-admin-02@${domain}`],
    group: 'SG-BreakGlass-Exclude',
    workspace: WS,
  });
  const by = (id: string) => run.results.find((r) => r.id === id)!;
  return { run, bg011: by('BG-011'), bg012: by('BG-012') };
}

describe('app-only: log export verified by rows arriving in the declared workspace', () => {
  it('healthy: the settings are refused (403), the sign-in rows prove the export, BG-012 passes on them', async () => {
    const { run, bg011, bg012 } = await appOnly(scenario());
    // The settings GET really was refused, and the workspace was queried once for both checks.
    expect(run.snapshot.evidence['diagnosticSettings']?.map((e) => e.status)).toEqual([403]);
    expect(run.snapshot.evidence['logArrivals']?.filter((e) => e.service === 'logs')).toHaveLength(1);
    expect(bg011.verdict).not.toBe('fail');
    expect(bg011.verdict).not.toBe('error');
    expect(bg011.reason).toMatch(
      /^verified by rows arriving in law-security \(diagnostic settings not readable app-only\)/,
    );
    expect(bg012.verdict, bg012.reason).toBe('pass');
  });

  it('export broken (no diagnostic setting, so no rows): BG-011 fails with what to do, BG-012 cannot pass', async () => {
    const { bg011, bg012 } = await appOnly(
      scenario((s) => {
        s.monitoring.diagnosticSettings = [];
      }),
    );
    expect(bg011.verdict).toBe('fail');
    expect(bg011.reason).toMatch(/^no SigninLogs rows arrived in law-security in the last 24 hours/);
    expect(bg011.remediation).toMatch(/Diagnostic settings/);
    expect(bg012.verdict).toBe('error');
    expect(bg012.reason).toMatch(/no SignInLogs rows were seen arriving in law-security/);
  });
});
