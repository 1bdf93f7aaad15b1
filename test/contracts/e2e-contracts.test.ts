/**
 * A representative flow — every built-in check against the `drifted` practice tenant (What-If, sign-in logs,
 * $batch reads, ARM monitoring reads) — with the contract log on: every request the product sends has a
 * contract and conforms to it, and every response the practice tenant sends conforms to Microsoft's
 * definitions. (The whole suite's count is in the closing note: run `npm test` with
 * BREAKGLASS_PRACTICE_CONTRACT_LOG set.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    // What-If went to v1.0 with a body the contract accepts, and its answer was checked.
    expect(
      lines.some(
        (l) => l.path === '/identity/conditionalAccess/evaluate' && l.version === 'v1.0' && l.response === 'ok',
      ),
    ).toBe(true);
  });
});
