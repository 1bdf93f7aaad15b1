/**
 * A representative flow — every built-in check against the `drifted` practice tenant (What-If, sign-in logs,
 * $batch reads, ARM monitoring reads) — with the contract log on: every request the product sends has a
 * contract and conforms to it, and every response the practice tenant sends conforms to Microsoft's
 * definitions. (The whole suite's count is in the closing note: run `npm test` with
 * BREAKGLASS_PRACTICE_CONTRACT_LOG set.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPractice } from '../../src/commands/practice-session.js';
import { runChecksDetailed } from '../../src/checks/run.js';
import { BUILT_IN_CHECKS } from '../../src/checks/index.js';
import type { ContractLogLine } from '../../src/practice/contracts/gate.js';

const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const dir = mkdtempSync(join(tmpdir(), 'bg-contracts-'));
const previous = process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'];
afterAll(() => {
  if (previous === undefined) delete process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'];
  else process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'] = previous;
  rmSync(dir, { recursive: true, force: true });
});

describe('the product against the practice tenant, contracts checked both ways', () => {
  it('all checks on drifted: no request without a contract, no invalid request, no response problem', async () => {
    const log = join(dir, 'contracts.jsonl');
    process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'] = log;
    const conn = await connectPractice({
      scenario: 'drifted',
      scopes: ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'],
    });
    try {
      const domain = 'contosopractice.onmicrosoft.com';
      await runChecksDetailed(BUILT_IN_CHECKS, conn.session, 'all', {
        accounts: [`bg-admin-01@${domain}`, `bg-admin-02@${domain}`],
        group: 'SG-BreakGlass-Exclude',
        workspace: WS,
        whatIf: true,
      });
    } finally {
      await conn.close();
    }
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ContractLogLine);
    const bad = lines.filter((l) => l.request !== 'ok' || l.response === 'problems');
    expect(bad).toEqual([]);
    expect(lines.filter((l) => l.response === 'ok').length).toBeGreaterThan(20);
    // The beta reads (sign-in log entries with authenticationDetails; group members, service principals included)
    // were checked against the beta types, not let through unchecked.
    for (const read of [/^\/auditLogs\/signIns/, /^\/groups\/[^/]+\/members/])
      expect(
        lines.some((l) => read.test(l.path) && l.version === 'beta' && l.response === 'ok'),
        String(read),
      ).toBe(true);
    expect(lines.filter((l) => l.version === 'beta' && l.response === 'unchecked')).toEqual([]);
    // What-If went to v1.0 with a body the contract accepts, and its answer was checked.
    expect(
      lines.some(
        (l) => l.path === '/identity/conditionalAccess/evaluate' && l.version === 'v1.0' && l.response === 'ok',
      ),
    ).toBe(true);
  });

  // Every shipped scenario, not only the one above: a scenario is a model of a tenant, and what it serves
  // must be what Microsoft's definitions allow (an invented enum member in one scenario's data — say, an
  // authentication strength's combination — would otherwise pass every test and teach the checks a shape
  // no real tenant sends). Each runs with its own break-glass declaration, or none (a fresh tenant).
  const SCENARIOS = readdirSync(join(import.meta.dirname, '../../src/practice/scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''));
  for (const scenario of SCENARIOS)
    it(`all checks on ${scenario}: every request has a contract and conforms, every response conforms`, async () => {
      const log = join(dir, `contracts-${scenario}.jsonl`);
      process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'] = log;
      const conn = await connectPractice({
        scenario,
        scopes: ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'],
      });
      try {
        const declared = conn.server.world.declaredBreakGlass;
        await runChecksDetailed(BUILT_IN_CHECKS, conn.session, 'all', {
          accounts: declared?.accounts ?? [`bg-admin-01@${conn.server.world.initialDomain}`],
          ...(declared?.group ? { group: declared.group } : {}),
          ...(declared?.workspace ? { workspace: declared.workspace } : {}),
          whatIf: true,
        });
      } finally {
        await conn.close();
      }
      const lines = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ContractLogLine);
      expect(lines.filter((l) => l.request !== 'ok' || l.response === 'problems')).toEqual([]);
      expect(lines.filter((l) => l.response === 'ok').length).toBeGreaterThan(0);
    });
});
