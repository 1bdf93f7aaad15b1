/**
 * Network faults: with 20 % of Graph / Logs / ARM requests answered 429,
 * 5xx or a connection reset, and 100 ms added to every response, every
 * shipped runbook that completes cleanly completes again with the same step
 * verdicts and the same applied mutations, and the full audit (all checks)
 * gives the same verdict per check as on a clean network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecksDetailed } from '../../src/checks/run.js';
import type { CheckConfig } from '../../src/core/check.js';
import type { FaultConfig } from '../../src/practice/faults.js';
import { connectPractice } from '../../src/commands/practice-session.js';
import { experiment } from './crash-points.js';
import { RUNBOOKS, SCALE, scenarioObject, type Signer, removeScratch, signingKeys } from './harness.js';
import { BUILT_IN_CHECKS } from '../../src/checks/index.js';

afterAll(removeScratch);

const FAULTS: FaultConfig = { rate429: 0.08, rate5xx: 0.08, rateReset: 0.04, latencyMs: 100, retryAfterSeconds: 1 };
const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';

let signers: Signer[];
beforeAll(async () => {
  signers = await signingKeys();
}, 120_000);

const cases = SCALE === 'full' ? RUNBOOKS : RUNBOOKS.filter((c) => c.id === 'credential-rotation');

describe('20 % 429/5xx/resets at 100 ms RTT: same verdicts as a clean network', () => {
  for (const c of cases) {
    it(`${c.id}`, async () => {
      const clean = await experiment(c, signers, undefined);
      expect(clean.finalStatus).toBe('completed');
      const faulty = await experiment(c, signers, undefined, { faults: FAULTS, retryFailures: true });
      expect(faulty.finalStatus, faulty.first.stdout.slice(-2000)).toBe('completed');
      expect(faulty.injected, 'faults were injected').toBeGreaterThan(0);
      process.stdout.write(
        `[network] ${c.id}: ${faulty.injected} faults injected, ${faulty.operatorRetries} step(s) retried by the operator, ${Math.round(clean.durationMs)} ms clean, ${Math.round(faulty.durationMs)} ms faulty\n`,
      );
      expect(faulty.verdicts).toEqual(clean.verdicts);
      expect(faulty.mutations).toEqual(clean.mutations);
      expect(faulty.journalValid).toBe(true);
    });
  }

  it('full audit of the healthy tenant (all checks)', async () => {
    const audit = async (faults?: FaultConfig) => {
      const sc = scenarioObject('healthy');
      const conn = await connectPractice({
        scenario: sc,
        ...(faults ? { faults, seed: 11 } : {}),
        scopes: ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'],
      });
      try {
        const domain = (sc['tenant'] as { initialDomain: string }).initialDomain;
        const config: CheckConfig = {
          accounts: [`bg-admin-01@${domain}`, `bg-admin-02@${domain}`],
          group: 'SG-BreakGlass-Exclude',
          workspace: WS,
          whatIf: true,
        };
        const r = await runChecksDetailed(BUILT_IN_CHECKS, conn.session, 'all', config);
        return { verdicts: r.results.map((x) => `${x.id} ${x.verdict}`), faults: conn.server.counters().faults };
      } finally {
        await conn.close();
      }
    };
    const clean = await audit();
    const faulty = await audit(FAULTS);
    expect(
      Object.values(faulty.faults).reduce((a, b) => a + b, 0),
      'faults were injected',
    ).toBeGreaterThan(0);
    expect(faulty.verdicts).toEqual(clean.verdicts);
    expect(clean.verdicts.filter((v) => v.endsWith(' error'))).toEqual([]);
  });
});
