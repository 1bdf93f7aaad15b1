/**
 * audit.actionsByAccounts over the real Graph client against the healthy practice tenant: the entry a
 * break-glass account initiated is listed with what it changed, another account's entries are not, and a
 * session that cannot read the directory audit log (no AuditLog.Read.All,
 * https://learn.microsoft.com/graph/api/directoryaudit-list) gets an error, never an empty list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../src/practice/server.js';
import type { TenantSession } from '../src/core/tenant.js';
import { connectTenant } from '../src/tenant/connect.js';
import { DEFAULT_PUBLIC_CLIENT_ID } from '../src/config/tenant-config.js';
import { query } from '../src/queries/audit-actions-by-accounts.js';
import { startServer } from './runbooks/harness.js';

const BG1 = 'bg-admin-01@contosopractice.onmicrosoft.com';
const BG2 = 'bg-admin-02@contosopractice.onmicrosoft.com';

let server: PracticeServer;
beforeAll(async () => {
  server = await startServer('healthy');
});
afterAll(async () => server?.close());

function session(scopes: string[]): TenantSession {
  return connectTenant({
    mode: 'practice',
    cloud: 'practice',
    tenantId: server.tenantId,
    clientId: DEFAULT_PUBLIC_CLIENT_ID,
    endpoints: server.endpoints,
    caPem: server.caPem,
    flow: 'device-code',
    scopes,
    label: 'PRACTICE · healthy',
    callbacks: { onDeviceCode: (i) => void server.approveDeviceCode(i.userCode) },
  });
}

const since = () => new Date(Date.now() - 60 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
const ctx = (tenant: TenantSession) => ({ tenant, signal: new AbortController().signal, now: () => new Date() });

describe('audit.actionsByAccounts on the practice tenant', () => {
  it('lists what a break-glass account changed, and nothing another account did', async () => {
    const tenant = session(['https://graph.microsoft.com/AuditLog.Read.All']);
    const r = await query.run(query.args.parse({ accounts: [BG1, BG2], since: since() }), ctx(tenant));
    expect(r.outputs.count).toBe(1);
    expect(r.outputs.entries).toEqual([
      expect.objectContaining({
        upn: BG1,
        activity: 'Update conditional access policy',
        category: 'Policy',
        result: 'success',
        targets: ['CA201-Require-Compliant-Device'],
      }),
    ]);
    expect(r.summary).toMatch(
      /^1 directory change\(s\) by the break-glass accounts since .*Update conditional access policy/,
    );

    const none = await query.run(query.args.parse({ accounts: [BG2], since: since() }), ctx(tenant));
    expect(none.outputs).toEqual({ count: 0, entries: [] });
  });

  it('a log it may not read is an error, not an empty list', async () => {
    const tenant = session(['https://graph.microsoft.com/Directory.Read.All']);
    await expect(query.run(query.args.parse({ accounts: [BG1], since: since() }), ctx(tenant))).rejects.toThrow(
      /AuditLog\.Read\.All|403|Forbidden|permission/i,
    );
  });
});
