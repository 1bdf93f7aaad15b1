/**
 * Least privilege before the run: scopes requested for a runbook, missing
 * permissions reported with the steps that need them and the consent URL,
 * and a 403 explained with the permission and the request-id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunbook } from '../src/runbook/parse.js';
import type { Runbook } from '../src/core/runbook.js';
import { CLOUDS } from '../src/config/clouds.js';
import { connectTenant } from '../src/tenant/connect.js';
import { checkPermissions, isWritePermission, scopesFor } from '../src/tenant/permissions.js';
import { TenantError } from '../src/core/tenant.js';
import { APP_SECRET, PUBLIC_CLIENT_ID, SECRET_APP_ID, startPractice, type Practice } from './tenant-fixtures.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const resources = CLOUDS.public.resources;

/**
 * A small read-only runbook parsed by the real parser, with real check steps.
 * Its permissions are exactly what those checks declare (read from the check
 * registry, so this test follows the checks as they evolve).
 */
function drillRunbook(): Runbook {
  const perms = [
    ...new Set([
      ...(CATALOG.check('BG-001')!.permissions.graph ?? []),
      ...(CATALOG.check('BG-005')!.permissions.graph ?? []),
    ]),
  ];
  const text = `---
id: tenant-permissions-test
title: Permissions test
version: 1.0.0
summary: Two read-only checks.
readOnly: true
permissions:
  graph: [${perms.join(', ')}]
inputs:
  accounts: { type: upn-list, label: Break-glass accounts }
---

## Count the accounts

\`\`\`step
check: BG-001
with: { accounts: "\${inputs.accounts}" }
\`\`\`

## No weak methods

\`\`\`step
check: BG-005
with: { accounts: "\${inputs.accounts}" }
\`\`\`
`;
  const r = parseRunbook(text, 'tenant-permissions-test.md', CATALOG);
  if (!r.runbook)
    throw new Error(
      `test runbook did not parse: ${JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))}`,
    );
  return r.runbook;
}

describe('scopesFor', () => {
  it('a read-only runbook requests exactly its declared read scopes', () => {
    const rb = drillRunbook();
    expect(rb.readOnly).toBe(true);
    const scopes = scopesFor(rb, 'delegated', resources);
    expect(scopes).toContain('https://graph.microsoft.com/UserAuthenticationMethod.Read.All');
    expect(scopes.filter((s) => isWritePermission(s))).toEqual([]);
    // exactly the declared permissions, nothing more
    expect(scopes.filter((s) => s.startsWith('https://graph.microsoft.com/')).map((s) => s.split('/').pop())).toEqual(
      rb.permissions.graph,
    );
  });

  it('a read-only runbook never asks for a write scope, even when one is declared', () => {
    const rb = {
      readOnly: true,
      permissions: {
        graph: ['User.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Directory.AccessAsUser.All'],
        logs: [],
        arm: [],
      },
    };
    expect(scopesFor(rb, 'delegated', resources)).toEqual(['https://graph.microsoft.com/User.Read.All']);
    const rw = { ...rb, readOnly: false };
    expect(scopesFor(rw, 'delegated', resources)).toContain(
      'https://graph.microsoft.com/Policy.ReadWrite.ConditionalAccess',
    );
  });

  it('app-only asks for /.default per API used', () => {
    const rb = { readOnly: true, permissions: { graph: ['User.Read.All'], logs: ['Data.Read'], arm: [] } };
    expect(scopesFor(rb, 'app', resources)).toEqual([
      'https://graph.microsoft.com/.default',
      'https://api.loganalytics.io/.default',
    ]);
  });

  it('sovereign clouds use their own resource ids', () => {
    const rb = { readOnly: true, permissions: { graph: ['User.Read.All'], logs: [], arm: ['Reader'] } };
    expect(scopesFor(rb, 'delegated', CLOUDS.usgov.resources)).toEqual([
      'https://graph.microsoft.us/User.Read.All',
      'https://management.usgovcloudapi.net/user_impersonation',
    ]);
  });
});

describe('against the practice tenant', () => {
  let p: Practice;
  beforeAll(async () => {
    p = await startPractice();
  });
  afterAll(async () => {
    await p?.server.close();
  });

  function signedIn(scopes: string[]) {
    return connectTenant({
      mode: 'practice',
      cloud: 'practice',
      tenantId: p.server.tenantId,
      endpoints: p.server.endpoints,
      caPem: p.server.caPem,
      clientId: PUBLIC_CLIENT_ID,
      flow: 'device-code',
      scopes,
      callbacks: { onDeviceCode: (i) => void p.server.approveDeviceCode(i.userCode) },
    });
  }

  it('delegated: a scope nobody consented to stops sign-in with AADSTS65001, explained with the consent URL', async () => {
    const rb = drillRunbook();
    const s = signedIn(scopesFor(rb, 'delegated', resources));
    const err = (await s.identity().catch((e: unknown) => e)) as TenantError;
    expect(err).toBeInstanceOf(TenantError);
    expect(err.code).toBe('AADSTS65001');
    expect(err.explanation.cause).toMatch(/not been granted the permissions/);
    const todo = decodeURIComponent(err.explanation.todo);
    expect(todo).toContain(`/v2.0/adminconsent?client_id=${PUBLIC_CLIENT_ID}&scope=`);
    expect(todo).toContain('https://graph.microsoft.com/UserAuthenticationMethod.Read.All');
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await s.close();
  });

  it('app-only: reports missing permissions before the run, naming the steps that need them, with a consent URL', async () => {
    const rb = drillRunbook();
    const s = connectTenant({
      mode: 'practice',
      cloud: 'practice',
      tenantId: p.server.tenantId,
      endpoints: p.server.endpoints,
      caPem: p.server.caPem,
      clientId: SECRET_APP_ID,
      flow: 'client-secret',
      env: { BREAKGLASS_CLIENT_SECRET: APP_SECRET },
      scopes: scopesFor(rb, 'app', resources),
    });
    const who = await s.identity();
    // The practice app has User.Read.All and Policy.Read.All, not UserAuthenticationMethod.Read.All.
    const report = await checkPermissions(rb, who, CATALOG, {
      consent: {
        authorityHost: p.server.endpoints.authorityHost,
        tenantId: p.server.tenantId,
        clientId: SECRET_APP_ID,
        resources,
      },
    });
    expect(report.ok).toBe(false);
    const names = report.missing.map((m) => m.permission);
    // BG-005 reads the methods and the FIDO2 keys (learn.microsoft.com/graph/api/fido2authenticationmethod-list).
    expect(names).toEqual(['UserAuthMethod-Passkey.Read.All', 'UserAuthenticationMethod.Read.All']);
    const methods = report.missing.find((m) => m.permission === 'UserAuthenticationMethod.Read.All')!;
    // attributed to the step that reads methods, not to the one that only counts users
    expect(methods.steps.map((x) => x.title)).toEqual(['No weak methods']);
    expect(report.consentUrl).toBe(
      `${p.server.endpoints.authorityHost}/${p.server.tenantId}/adminconsent?client_id=${SECRET_APP_ID}`,
    );
    expect(report.message).toMatch(/missing 2 permissions this runbook needs/);
    expect(report.message).toContain(`"${methods.steps[0]!.title}"`);
    await s.close();
  });

  it('with an explicit per-step list, a fully granted runbook is ok', async () => {
    const rb = {
      readOnly: true,
      permissions: { graph: ['User.Read.All'], logs: ['Data.Read'], arm: [] },
      steps: [],
    } as unknown as Runbook;
    const s = signedIn(scopesFor(rb, 'delegated', resources));
    const report = await checkPermissions(rb, await s.identity(), CATALOG, {
      stepPermissions: [{ stepId: 'users', permissions: { graph: ['User.Read.All'] } }],
    });
    expect(report).toMatchObject({ ok: true, missing: [] });
    await s.close();
  });

  it('a 403 is explained with the missing permission, the consent URL and the request-id', async () => {
    const s = signedIn(['https://graph.microsoft.com/User.Read.All']);
    const err = await s.graph
      .request({ method: 'GET', path: '/identity/conditionalAccess/policies' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TenantError);
    const t = err as TenantError;
    expect(t.status).toBe(403);
    expect(t.code).toBe('Authorization_RequestDenied');
    expect(t.explanation.cause).toContain('Policy.Read.All');
    expect(t.explanation.todo).toContain('adminconsent');
    expect(t.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // One sentence a person reads: permission and request-id together, no stack.
    expect(t.message).toMatch(/Policy\.Read\.All.*request-id [0-9a-f-]{36}/s);
    const ev = s.drainEvidence().find((e) => e.status === 403)!;
    expect(ev.requestId).toBe(t.requestId);
    await s.close();
  });

  it('a 404 and a Graph 400 message are explained', async () => {
    const s = signedIn(['https://graph.microsoft.com/User.Read.All']);
    const e404 = (await s.graph
      .request({ method: 'GET', path: '/users/nobody@contoso-practice.onmicrosoft.com' })
      .catch((e: unknown) => e)) as TenantError;
    expect(e404.status).toBe(404);
    expect(e404.explanation.cause).toMatch(/does not exist/);
    await s.close();
  });
});
