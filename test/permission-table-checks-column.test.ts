/**
 * The permission table's `checks` column (src/config/permission-table.ts, rendered in docs/permissions.md)
 * says which checks make each call: an administrator grants permissions by it, and a check page names its
 * permissions from it. It is written by hand. Here each built-in check runs alone against the practice tenant,
 * which records the row that governed every request it served (counters.permissionRows): every row a check
 * exercised must name that check. (The converse does not hold: some calls depend on the tenant — a group
 * declared by id rather than by name, a group in a restricted administrative unit — and these scenarios do not
 * take every such path.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPractice, type PracticeConnection } from '../src/commands/practice-session.js';
import { runChecksDetailed } from '../src/checks/run.js';
import { BUILT_IN_CHECKS } from '../src/checks/index.js';
import { PERMISSION_TABLE } from '../src/config/permission-table.js';
import type { CheckConfig } from '../src/core/check.js';
import { SP_APP } from './harness/sp-break-glass-config.js';

const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const DOMAIN = 'contosopractice.onmicrosoft.com';
/** The scenarios' emergency application, which owns the exclusion group (BG-021). */
const EMERGENCY_APP = '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a';
/**
 * Scenarios that, together, take every check down its reads: a healthy tenant with a layered door's group
 * declared (BG-025), one with Security Defaults (BG-019), planted drift, and a break-glass app (BG-023/024/026).
 */
const SCENARIOS: [string, Partial<CheckConfig>][] = [
  ['healthy', { emergencyGroup: 'SG-BreakGlass-Exclude' }],
  ['smb-security-defaults', {}],
  ['drifted', {}],
  ['sp-break-glass-healthy', SP_APP],
];

/** check id → the rows it exercised, over every scenario. */
const used = new Map<string, Set<string>>();
const conns: PracticeConnection[] = [];

beforeAll(async () => {
  for (const [scenario, over] of SCENARIOS) {
    const conn = await connectPractice({
      scenario,
      scopes: ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'],
    });
    conns.push(conn);
    for (const check of BUILT_IN_CHECKS) {
      const before = conn.server.counters().permissionRows;
      await runChecksDetailed([check], conn.session, 'all', {
        accounts: [`bg-admin-01@${DOMAIN}`, `bg-admin-02@${DOMAIN}`],
        group: 'SG-BreakGlass-Exclude',
        workspace: WS,
        whatIf: true,
        emergencyApp: EMERGENCY_APP,
        ...over,
      });
      const after = conn.server.counters().permissionRows;
      const rows = used.get(check.id) ?? new Set<string>();
      for (const [row, n] of Object.entries(after)) if (n > (before[row] ?? 0)) rows.add(row);
      used.set(check.id, rows);
    }
  }
}, 180_000);

afterAll(async () => {
  for (const c of conns) await c.close();
});

describe("the permission table's checks column is what the checks call", () => {
  it('every row a check exercised names that check', () => {
    const missing: string[] = [];
    for (const [check, rows] of used)
      for (const id of rows) {
        const row = PERMISSION_TABLE.find((r) => r.id === id)!;
        if (!(row.checks ?? []).includes(check))
          missing.push(`${id}: ${check} calls it; its checks column does not say so`);
      }
    expect(missing).toEqual([]);
  });

  it('the practice tenant records the governing row (a check that reads nothing records none)', () => {
    expect(used.get('BG-001')?.size ?? 0).toBeGreaterThan(0);
    expect([...used.values()].some((rows) => rows.has('group.members.list.beta'))).toBe(true);
  });
});
