/**
 * Mandatory MFA, phase 2, in the practice tenant
 * (https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication):
 * an Azure Resource Manager write from a sign-in that gave a password alone is refused; the same
 * write from a sign-in that completed MFA goes through; reads are not held to it. Real MSAL device
 * code, the product's ARM client (core-rest-pipeline), the healthy scenario's real ARM routes.
 * The product turns the refusal into what to do: sign in again with a security key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { connectTenant } from '../src/tenant/connect.js';
import { TenantError } from '../src/core/tenant.js';

const BREAKGLASS_APP = '2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60'; // public client of healthy.yaml
const RG = '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring';
const API = '2023-01-01';
const GROUP = `${RG}/providers/Microsoft.Insights/actionGroups/ag-mfa-test`;
const BODY = {
  location: 'Global',
  properties: {
    groupShortName: 'mfatest',
    enabled: true,
    emailReceivers: [{ name: 'email-1', emailAddress: 'oncall@contoso-practice.com', useCommonAlertSchema: true }],
    smsReceivers: [],
    webhookReceivers: [],
  },
};

let server: PracticeServer;

beforeAll(async () => {
  // No auto-approval: each test approves its own code, the way the person at the page signed in.
  server = await startPracticeServer({ scenario: 'healthy', seed: 4, autoApproveDeviceCodeAfterMs: null });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

function session(method: 'password' | 'fido2') {
  return connectTenant({
    mode: 'practice',
    cloud: 'practice',
    tenantId: server.tenantId,
    endpoints: server.endpoints,
    caPem: server.caPem,
    clientId: BREAKGLASS_APP,
    flow: 'device-code',
    scopes: ['https://management.azure.com/user_impersonation'],
    callbacks: {
      onDeviceCode: (info) => {
        expect(server.approveDeviceCode(info.userCode, { passwordOnly: method === 'password' })).toBe(true);
      },
    },
  });
}

describe('mandatory MFA for Azure Resource Manager writes', () => {
  it('refuses a write from a password-only sign-in, and says to sign in again with a security key', async () => {
    const s = session('password');
    // A read is not a create, update or delete: it passes.
    const read = await s.arm.request('GET', `${RG}/providers/Microsoft.Insights/actionGroups`, API);
    expect(read.status).toBe(200);
    const err = await s.arm.request('PUT', GROUP, API, BODY).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TenantError);
    const t = err as TenantError;
    expect(t.status).toBe(403);
    expect(t.code).toBe('RequestDisallowedByPolicy');
    expect(t.message).toMatch(/multifactor authentication/);
    expect(t.explanation.todo).toMatch(/security key/);
    expect(t.explanation.requestId).toMatch(/[0-9a-f-]{36}/);
    // Nothing was created.
    const after = await s.arm.request('GET', GROUP, API).then(
      (r) => r.status,
      (e: unknown) => (e as TenantError).status,
    );
    expect(after).toBe(404);
    await s.close();
  });

  it('lets the same write through from a sign-in that completed MFA', async () => {
    const s = session('fido2');
    const r = await s.arm.request<{ id?: string }>('PUT', GROUP, API, BODY);
    expect([200, 201]).toContain(r.status);
    const back = await s.arm.request<{ properties: { groupShortName: string } }>('GET', GROUP, API);
    expect(back.body.properties.groupShortName).toBe('mfatest');
    await s.close();
  });
});
