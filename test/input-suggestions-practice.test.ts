/**
 * Inputs that declare `suggest:` are offered what the tenant says, read after a real sign-in
 * to the practice tenant: the quarterly validation's accounts are the accounts in the tenant's
 * exclusion group, its group is that group, its workspace the one the diagnostic settings send
 * sign-in logs to. The expectations come from the scenario file (what the tenant holds), not
 * from the practice tenant's answers. Offered, never used: the form's values stay the operator's.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { connectRun, loadForRun, resolveRunTenant, type RunFlags } from '../src/commands/run.js';
import { tenantSuggestions } from '../src/commands/input-suggestions.js';
import { startRun } from '../src/engine/run.js';
import { builtInCatalog } from '../src/steps/catalog.js';
import { OperatorQuit, type Answer, type EngineEvent, type Prompt } from '../src/core/events.js';
import type { InputSpec } from '../src/core/runbook.js';
import type { TenantInfo } from '../src/core/tenant.js';

const CATALOG = builtInCatalog();
let server: PracticeServer;
beforeAll(async () => {
  server = await startPracticeServer({ scenario: 'healthy' });
}, 60_000);
afterAll(async () => server?.close());

interface Scenario {
  tenant: { initialDomain: string };
  groups: { displayName: string; members?: string[] }[];
}
const scenario = parse(
  readFileSync(join(import.meta.dirname, '../src/practice/scenarios/healthy.yaml'), 'utf8'),
) as Scenario;

/** Asks the inputs form, keeps its fields, and stops there (nothing is run). */
async function formOf(inputs: Record<string, string> = {}): Promise<{ fields: InputSpec[]; notices: string[] }> {
  const runbook = await loadForRun('quarterly-validation', CATALOG);
  const flags: RunFlags = {
    positional: ['quarterly-validation'],
    plain: false,
    inputs,
    tenantRest: [],
    tenant: 'practice',
    practiceApproveAfter: 0,
  };
  const tenant: TenantInfo = { mode: 'practice', label: 'PRACTICE · healthy', scenario: 'healthy' };
  const { config } = await resolveRunTenant(flags, runbook);
  const conn = await connectRun(flags, runbook, CATALOG, { config, tenant, practiceServer: server });
  let fields: InputSpec[] = [];
  const notices: string[] = [];
  const operator = {
    emit: (e: EngineEvent) => {
      if (e.type === 'notice') notices.push(e.message);
    },
    ask: async <P extends Prompt>(p: P): Promise<Answer<P>> => {
      if (p.type === 'form' && p.instanceId === 'inputs') fields = p.fields;
      throw new OperatorQuit();
    },
  };
  try {
    await startRun({
      catalog: CATALOG,
      runbook,
      inputs,
      operator,
      tenantFactory: conn.factory,
      tenant,
      stateDir: mkdtempSync(join(tmpdir(), 'bg-suggest-')),
      toolVersion: 'test',
      suggestInputs: tenantSuggestions({ factory: conn.factory, operator }),
    }).catch((e: unknown) => {
      if (!(e instanceof OperatorQuit)) throw e;
    });
  } finally {
    await conn.close();
  }
  return { fields, notices };
}

describe('input suggestions from the practice tenant', () => {
  it('offers the accounts in the exclusion group, the group, and the sign-in log workspace', async () => {
    const { fields, notices } = await formOf();
    const group = scenario.groups.find((g) => g.displayName === 'SG-BreakGlass-Exclude')!;
    const members = (group.members ?? []).map((m) => m.replace('@initial', `@${scenario.tenant.initialDomain}`));
    expect(members.length).toBeGreaterThan(0);
    const field = (name: string) => fields.find((f) => f.name === name)!;

    // The accounts: exactly the exclusion group's members, together (a list input), offered not filled in.
    expect(field('accounts').suggestions?.map((s) => s.value)).toEqual([members]);
    expect(field('accounts').suggestions?.[0]?.label).toContain('the accounts in SG-BreakGlass-Exclude');
    expect(field('accounts').default).toBeUndefined();
    expect(field('group').suggestions?.map((s) => s.value)).toEqual(['SG-BreakGlass-Exclude']);
    expect(field('group').suggestions?.[0]?.label).toMatch(/excluded from \d+ of \d+ Conditional Access policies/);
    const ws = field('workspaceResourceId').suggestions?.map((s) => s.value) ?? [];
    expect(ws).toHaveLength(1);
    expect(String(ws[0])).toMatch(/\/providers\/Microsoft\.OperationalInsights\/workspaces\/law-security$/i);
    // Inputs without `suggest:` get none.
    expect(field('ruleName').suggestions).toBeUndefined();
    expect(notices.join('\n')).toContain('Signing in to read what the tenant suggests');
  }, 120_000);

  it('an input given on the command line is not read for: it keeps its value, with nothing suggested', async () => {
    const { fields } = await formOf({ accounts: 'bg-admin-01@contosopractice.onmicrosoft.com' });
    expect(fields.find((f) => f.name === 'accounts')?.suggestions).toBeUndefined();
    expect(fields.find((f) => f.name === 'group')?.suggestions?.length).toBe(1);
  }, 120_000);
});
