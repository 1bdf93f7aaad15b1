/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * The fetch plan against an in-memory TenantSession (our own interface, no
 * SDK involved): dependency waves, ≤ 20 per batch call, paging, 404 = absent,
 * 403 = failed read with the permission named.
 */
import { describe, expect, it } from 'vitest';
import type { GraphRequest, GraphResponse, TenantSession } from '../core/tenant.js';
import { fetchSnapshot } from './fetch-plan.js';
import { relativeNextLink } from './graph-waves.js';
import { resolveChecks } from './run.js';
import { BUILT_IN_CHECKS } from '../checks/index.js';

function fakeTenant(handler: (r: GraphRequest) => GraphResponse) {
  const calls: GraphRequest[][] = [];
  const session: TenantSession = {
    mode: 'practice',
    label: 'fake',
    graph: {
      root: 'https://graph.microsoft.com',
      request: async (r) => handler(r) as any,
      list: () => ({ async *[Symbol.asyncIterator]() {} }),
      batch: async (reqs) => {
        calls.push(reqs);
        if (reqs.length > 20) throw new Error('more than 20 in one batch call');
        return reqs.map(handler);
      },
    },
    logs: { query: async () => [] },
    arm: { request: async () => ({ status: 200, body: { value: [] } }) as any },
    identity: async () => ({ tenantId: 't', oid: 'o', kind: 'user', granted: [] }),
    drainEvidence: () => [],
  };
  return { session, calls };
}

describe('fetch plan', () => {
  it('fetches a full audit for 4 accounts in 2 dependency waves, ≤ 20 per batch call, each object once', async () => {
    const seen = new Map<string, number>();
    const { session, calls } = fakeTenant((r) => {
      const key = `${r.version ?? 'v1.0'} ${r.method} ${r.path} ${JSON.stringify(r.body ?? '')}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const m = /^\/users\/([^/?]+)\?\$select=id,userPrincipalName/.exec(r.path);
      if (m)
        return {
          status: 200,
          body: { id: `id-${decodeURIComponent(m[1]!)}`, userPrincipalName: decodeURIComponent(m[1]!) },
        };
      if (r.path.startsWith('/policies/identitySecurityDefaults')) return { status: 200, body: { isEnabled: false } };
      if (r.path.startsWith('/groups/'))
        return r.path.includes('/members')
          ? { status: 200, body: { value: [] } }
          : { status: 200, body: { id: 'g', displayName: 'G' } };
      if (r.path.startsWith('/policies/authenticationMethodsPolicy'))
        return { status: 200, body: { authenticationMethodConfigurations: [] } };
      return { status: 200, body: { value: [] } };
    });
    const accounts = [1, 2, 3, 4].map((n) => `bg${n}@x.onmicrosoft.com`);
    const defs = resolveChecks(BUILT_IN_CHECKS, 'all');
    const { stats, snapshot } = await fetchSnapshot(
      session,
      defs.flatMap((d) => d.reads),
      {
        accounts,
        group: '11111111-1111-1111-1111-111111111111',
        whatIf: true,
        workspace: '/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w',
      },
    );
    expect(stats.waves).toBe(2);
    expect(stats.dependencyDepth).toBe(2);
    expect(Math.max(...calls.map((c) => c.length))).toBeLessThanOrEqual(20);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(snapshot.accounts.every((a) => a.methods.ok && a.fido2Methods.ok && a.whatIf.ok && a.signIns.ok)).toBe(true);
    // $select on the user read
    expect(
      [...seen.keys()].some((k) => k.includes('/users/bg1%40x.onmicrosoft.com?$select=id,userPrincipalName')),
    ).toBe(true);
  });

  it('404 user = absent (no dependent reads), 403 = failed read naming the permission', async () => {
    const { session } = fakeTenant((r) => {
      if (r.path.startsWith('/users/bg1'))
        return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'no' } } };
      if (r.path.startsWith('/users/bg2') && r.path.includes('$select=id,userPrincipalName'))
        return { status: 200, body: { id: 'u2', userPrincipalName: 'bg2@x' } };
      if (r.path.includes('/authentication/methods'))
        return {
          status: 403,
          body: {
            error: {
              code: 'Authorization_RequestDenied',
              message: 'Insufficient privileges',
              innerError: { 'request-id': 'rid-1' },
            },
          },
        };
      return { status: 200, body: { value: [] } };
    });
    const { snapshot } = await fetchSnapshot(session, ['methods'], { accounts: ['bg1@x', 'bg2@x'] });
    expect(snapshot.accounts[0]!.user).toEqual({ ok: true, value: null });
    expect(snapshot.accounts[0]!.methods.ok).toBe(false);
    const m = snapshot.accounts[1]!.methods;
    expect(m.ok).toBe(false);
    if (!m.ok) {
      expect(m.error).toMatch(/403 Authorization_RequestDenied.*needs UserAuthenticationMethod\.Read\.All/);
      expect(m.requestId).toBe('rid-1');
    }
  });

  it('follows @odata.nextLink pages, batched alongside wave 2', async () => {
    const { session } = fakeTenant((r) => {
      if (r.path.startsWith('/identity/conditionalAccess/policies')) {
        const page = Number(/\$skiptoken=(\d+)/.exec(r.path)?.[1] ?? 0);
        return {
          status: 200,
          body: {
            value: [{ id: `p${page}` }],
            ...(page < 3
              ? {
                  '@odata.nextLink': `https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies?$skiptoken=${page + 1}`,
                }
              : {}),
          },
        };
      }
      if (r.path.startsWith('/users/')) return { status: 200, body: { id: 'u', userPrincipalName: 'a@x' } };
      return { status: 200, body: { value: [] } };
    });
    const { snapshot, stats } = await fetchSnapshot(session, ['caPolicies', 'methods'], { accounts: ['a@x'] });
    expect(snapshot.caPolicies.ok && snapshot.caPolicies.value.map((p) => p.id)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(stats.waves).toBe(4);
  });

  it('a transport failure of a whole batch makes every read in it an error', async () => {
    const { session } = fakeTenant(() => {
      throw new Error('socket hang up');
    });
    const { snapshot } = await fetchSnapshot(session, ['caPolicies', 'users'], { accounts: ['a@x'] });
    expect(snapshot.caPolicies.ok).toBe(false);
    expect(snapshot.accounts[0]!.user.ok).toBe(false);
  });

  it('relativeNextLink strips host and version', () => {
    expect(relativeNextLink('https://graph.microsoft.com/v1.0/users?$skiptoken=abc')).toBe('/users?$skiptoken=abc');
    expect(relativeNextLink('https://127.0.0.1:4443/beta/auditLogs/signIns?$skiptoken=x')).toBe(
      '/auditLogs/signIns?$skiptoken=x',
    );
  });

  it("BG-028's principals: each read once after the role lists, a group's members one round trip later; a paged list defers them", async () => {
    const GA = '62e90394-69f5-4237-9190-012177145e10';
    const objects: Record<string, object> = {
      u1: { '@odata.type': '#microsoft.graph.user', id: 'u1', userPrincipalName: 'a@x' },
      g1: { '@odata.type': '#microsoft.graph.group', id: 'g1', displayName: 'GA-Group' },
      u2: { '@odata.type': '#microsoft.graph.user', id: 'u2', userPrincipalName: 'b@x' },
    };
    const run = async (paged: boolean) => {
      const { session, calls } = fakeTenant((r) => {
        if (r.path.startsWith('/roleManagement/directory/roleAssignments')) {
          const second = r.path.includes('$skiptoken=2');
          const item = (id: string) => ({ id: `ra-${id}`, principalId: id, roleDefinitionId: GA });
          return {
            status: 200,
            body: paged
              ? second
                ? { value: [item('g1')] }
                : {
                    value: [item('u1')],
                    '@odata.nextLink':
                      'https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments?$skiptoken=2',
                  }
              : { value: [item('u1'), item('g1')] },
          };
        }
        if (r.path.startsWith('/roleManagement/directory/roleEligibilitySchedules'))
          return { status: 200, body: { value: [{ id: 'e-u2', principalId: 'u2', roleDefinitionId: GA }] } };
        const o = /^\/directoryObjects\/([^/?]+)$/.exec(r.path);
        if (o) return { status: 200, body: objects[o[1]!] };
        if (r.path.startsWith('/groups/g1/members')) return { status: 200, body: { value: [objects.u2] } };
        return { status: 200, body: { value: [] } };
      });
      const { snapshot, stats } = await fetchSnapshot(session, ['gaPrincipals'], { accounts: [] });
      return { snapshot, stats, paths: calls.flat().map((c) => c.path) };
    };
    for (const paged of [false, true]) {
      const { snapshot, stats, paths } = await run(paged);
      const gp = snapshot.gaPrincipals;
      expect(gp.ok, String(paged)).toBe(true);
      if (!gp.ok) continue;
      expect(Object.keys(gp.value).sort()).toEqual(['g1', 'u1', 'u2']);
      expect(gp.value.g1!.members).toEqual({ ok: true, value: [objects.u2] });
      expect(gp.value.u1!.members).toBeUndefined();
      expect(paths.filter((p) => p.startsWith('/directoryObjects/')).sort()).toEqual([
        '/directoryObjects/g1',
        '/directoryObjects/u1',
        '/directoryObjects/u2',
      ]);
      // role lists, principals, members — plus, when the assignments page, their second page (the principals wait for it)
      expect(stats.waves, String(paged)).toBe(paged ? 4 : 3);
    }
  });
});
