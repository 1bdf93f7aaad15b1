/**
 * Every shipped runbook, run against its practice scenario with the default
 * public client, must ask only for scopes that scenario's administrator has
 * consented to — otherwise a new user's first practice run ends in AADSTS65001.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../src/runbook/parse.js';
import { scopesFor } from '../src/tenant/permissions.js';
import { cloudProfile } from '../src/config/clouds.js';
import { DEFAULT_PUBLIC_CLIENT_ID } from '../src/config/tenant-config.js';
import { loadWorld } from '../src/practice/world/index.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const dir = fileURLToPath(new URL('../runbooks/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.md'));

describe('shipped runbooks ask only for consented scopes in their practice scenario', () => {
  it.each(files)('%s', async (file) => {
    const { runbook, diagnostics } = await loadRunbook(dir + file, CATALOG);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const world = loadWorld(runbook!.practice?.scenario ?? 'healthy');
    const consent = world.delegatedSignIn(DEFAULT_PUBLIC_CLIENT_ID);
    expect(consent, 'the scenario must have the default public client').toBeDefined();
    const granted = new Set(consent!.scopes.map((s: string) => (s.split('/').pop() ?? s).toLowerCase()));
    const requested = scopesFor(runbook!, 'delegated', cloudProfile('practice').resources).map((s) =>
      s.split('/').pop()!,
    );
    expect(requested.filter((s) => !granted.has(s.toLowerCase()))).toEqual([]);
  });
});
