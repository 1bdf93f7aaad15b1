/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
import { describe, it, expect } from 'vitest';
import { generateLargeTenant } from '../src/practice/scenarios/generate-large.js';
import { methods } from '../src/practice/world/index.js';
import { call } from './practice-routes-helpers.js';

describe('generateLargeTenant', () => {
  it('builds 50k users / 300 CA policies / 4 break-glass accounts quickly and deterministically', async () => {
    const t0 = performance.now();
    const w = generateLargeTenant({ users: 50_000, caPolicies: 300, breakGlassAccounts: 4, seed: 9 });
    const ms = performance.now() - t0;
    expect(w.users.size).toBe(50_000 + 1 + 4);
    expect(w.caPolicies.size).toBe(300);
    expect(w.groupByName('SG-BreakGlass-Exclude')!._members).toHaveLength(4);
    expect(ms).toBeLessThan(20_000); // ~250 ms on an idle laptop; a loose guard only (bench/ measures it properly)
    const again = generateLargeTenant({ users: 1_000, caPolicies: 10, seed: 9 });
    const again2 = generateLargeTenant({ users: 1_000, caPolicies: 10, seed: 9 });
    expect([...again.users.keys()]).toEqual([...again2.users.keys()]);
    // some policies deliberately miss the exclusion
    const g = w.groupByName('SG-BreakGlass-Exclude')!.id;
    const missing = [...w.caPolicies.values()].filter(
      (p: any) =>
        p.state !== 'disabled' &&
        !p.conditions.users.excludeGroups.includes(g) &&
        !p.conditions.clientAppTypes.includes('other'),
    );
    expect(missing.length).toBeGreaterThan(0);
    // paging through users works and is bounded
    const page = await call(w, 'GET', 'graph', '/users?$top=999&$select=id,userPrincipalName');
    expect(page.body.value).toHaveLength(999);
    expect(page.body['@odata.nextLink']).toBeTruthy();
  });

  it('shared method lists are copy-on-write', () => {
    const w = generateLargeTenant({ users: 10, caPolicies: 1 });
    const u = [...w.users.values()].at(-1)!;
    const shared = u._methods;
    const op = { kind: 'system' as const, id: 'x', name: 'test' };
    methods.deleteMethod(w, op, u.id, 'microsoftAuthenticator', shared[0]!.id);
    expect(u._methods).toHaveLength(0);
    expect(shared).toHaveLength(1);
  });
});
