import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../src/runbook/parse.js';
import { formatDiagnostic } from '../src/runbook/diagnostics.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const dir = join(import.meta.dirname, '..', 'runbooks');
const files = readdirSync(dir).filter((f) => f.endsWith('.md'));

describe('shipped runbooks validate without errors', () => {
  it('there are shipped runbooks', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s', async (f) => {
    const r = await loadRunbook(join(dir, f), CATALOG);
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
    expect(errors).toEqual([]);
    expect(r.runbook?.steps.length).toBeGreaterThan(0);
  });
});

describe('least-privilege warnings read a role with its note as the role', () => {
  it('no shipped runbook is told a declared Entra role is unneeded when a step needs it', async () => {
    // "Security Administrator (Microsoft Entra role)" is declared; the diagnostic-settings step needs it.
    const r = await loadRunbook(join(dir, 'service-principal-break-glass.md'), CATALOG);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d));
    expect(warnings.filter((w) => /Administrator/.test(w))).toEqual([]);
  });
});

describe('no shipped runbook declares User.Read', () => {
  // User.Read is the delegated "sign in and read the signed-in user's profile" scope
  // (https://learn.microsoft.com/graph/permissions-reference#userread): breakglass reads neither
  // /me nor the profile (who signed in comes from the access token's claims), sign-in itself asks
  // for the OpenID Connect scopes MSAL adds (https://learn.microsoft.com/entra/identity-platform/scopes-oidc),
  // and /organization is read with Organization.Read.All, which also serves an app-only caller
  // (https://learn.microsoft.com/graph/api/organization-list). Declared, it is only warned as unneeded.
  it.each(files)('%s', async (f) => {
    const r = await loadRunbook(join(dir, f), CATALOG);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d));
    expect(warnings.filter((w) => w.includes('permission `User.Read` is declared'))).toEqual([]);
    expect(r.runbook?.permissions.graph).not.toContain('User.Read');
  });
});

describe('no shipped runbook asks for a permission nothing in it needs', () => {
  // Least privilege: each declared permission is needed by a step or an input's suggest: read
  // (validate's warning).
  it.each(files)('%s', async (f) => {
    const r = await loadRunbook(join(dir, f), CATALOG);
    const unneeded = r.diagnostics
      .filter((d) => d.severity === 'warning' && /is declared but no step/.test(d.message))
      .map((d) => formatDiagnostic(d));
    expect(unneeded).toEqual([]);
  });
});
