/**
 * Start-up stays light: `breakglass --help` (and merely importing the tenant
 * connection layer) must not load MSAL, the Graph client or the Logs client.
 * A module-resolution hook records every module Node resolves in a child
 * process running the built CLI (dist/, built by `npm test` / `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const HEAVY = [
  '@azure/msal-node',
  '@azure/msal-common',
  '@microsoft/microsoft-graph-client',
  '@azure/monitor-query-logs',
  '@azure/core-rest-pipeline',
  'undici',
  'node-forge',
];

// Runs in Node's loader thread: append each resolved URL to the file named by BG_MODULE_LOG.
const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.BG_MODULE_LOG, r.url + '\\n');
  return r;
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));`;

function modulesLoadedBy(args: string[]): { urls: string[]; stdout: string; status: number | null } {
  const log = join(mkdtempSync(join(tmpdir(), 'bg-lazy-')), 'modules.log');
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, ...args], {
    cwd: ROOT,
    env: { ...process.env, BG_MODULE_LOG: log, NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { urls, stdout: r.stdout, status: r.status };
}

function heavyIn(urls: string[]): string[] {
  return urls.filter((u) => HEAVY.some((h) => u.includes(`/node_modules/${h}/`)));
}

describe('lazy loading of tenant SDKs', () => {
  it.runIf(existsSync(join(ROOT, 'dist/cli.js')))(
    'breakglass --help loads none of MSAL, the Graph client or the Logs client',
    () => {
      const r = modulesLoadedBy(['bin/breakglass.js', '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage:');
      expect(r.urls.some((u) => u.endsWith('/dist/cli.js'))).toBe(true); // the hook saw the CLI itself
      expect(heavyIn(r.urls)).toEqual([]);
    },
  );

  it.runIf(existsSync(join(ROOT, 'dist/tenant/connect.js')))(
    'importing the connection layer and creating a session loads no SDK until the first request',
    () => {
      const script = `
      const { connectTenant } = await import('./dist/tenant/connect.js');
      const s = connectTenant({ mode: 'live', cloud: 'public', tenantId: 'contoso.onmicrosoft.com', clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e', flow: 'device-code', scopes: ['https://graph.microsoft.com/User.Read'] });
      console.log(s.label);`;
      const r = modulesLoadedBy(['--input-type=module', '-e', script]);
      expect(r.stdout.trim()).toBe('contoso.onmicrosoft.com');
      expect(r.urls.some((u) => u.endsWith('/dist/tenant/connect.js'))).toBe(true);
      expect(heavyIn(r.urls)).toEqual([]);
    },
  );

  it('the hook does detect an SDK when one is loaded (the test can fail)', () => {
    const r = modulesLoadedBy(['--input-type=module', '-e', "await import('@azure/msal-node');"]);
    expect(heavyIn(r.urls).length).toBeGreaterThan(0);
  });
});
