/**
 * Start-up stays light: `breakglass --help` (and merely importing the tenant
 * connection layer) must not load MSAL, the Graph client or the Logs client.
 * A module-resolution hook records every module Node resolves in a child
 * process running the built CLI (dist/, built by `npm test` / `npm run build`).
 * The build bundles packages into chunks, so a loaded chunk counts as loading
 * every package its inputs come from (dist/meta.json, the bundler's map).
 */
import { spawnSync } from 'node:child_process';
import module from 'node:module';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledInputs, REGISTER_MODULE_LOG } from './harness/module-log.js';
import { HEALTHY_CHECK_FLAGS } from './harness/healthy-check-flags.js';

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

function modulesLoadedBy(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { urls: string[]; stdout: string; status: number | null } {
  const log = join(mkdtempSync(join(tmpdir(), 'bg-lazy-')), 'modules.log');
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER_MODULE_LOG)}`, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, BG_MODULE_LOG: log, NODE_OPTIONS: '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { urls, stdout: r.stdout, status: r.status };
}

/** The heavy packages among what these URLs loaded: directly from node_modules, or bundled into a loaded chunk. */
function heavyIn(urls: string[], packages: readonly string[] = HEAVY): string[] {
  const inputs = existsSync(join(ROOT, 'dist/meta.json')) ? bundledInputs(ROOT) : new Map<string, string[]>();
  const paths = urls.flatMap((u) => (u.startsWith('file:') ? [fileURLToPath(u)] : []));
  const sources = paths.flatMap((p) => [p, ...(inputs.get(p) ?? []).map((i) => `/${i}`)]);
  return [...new Set(packages.filter((h) => sources.some((src) => src.includes(`node_modules/${h}/`))))];
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

  it.runIf(existsSync(join(ROOT, 'dist/cli.js')))(
    'check --all on a shipped practice scenario loads neither the YAML reader nor zod (the build validated it)',
    () => {
      const r = modulesLoadedBy(
        [
          'bin/breakglass.js',
          'check',
          '--all',
          '--scenario',
          'healthy',
          ...HEALTHY_CHECK_FLAGS,
          '--state-dir',
          mkdtempSync(join(tmpdir(), 'bg-lazy-state-')),
        ],
        // The ES module build, whose modules the hook sees one by one. `check` otherwise runs
        // from dist/check.cjs and its code cache (src/util/compile-cache.ts): one script bundling the
        // same modules, each evaluated at the same import() as here.
        { BREAKGLASS_NO_COMPILE_CACHE: '1' },
      );
      expect(r.stdout).toContain('BG-001');
      expect(r.status).toBe(0);
      // The check did load the SDKs it talks through: the hook saw them.
      expect(heavyIn(r.urls)).toContain('@azure/msal-node');
      expect(heavyIn(r.urls, ['yaml', 'zod'])).toEqual([]);
    },
  );

  it.runIf(existsSync(join(ROOT, 'dist/cli.js')))(
    'the home screen on the practice tenant lists the runbooks without the YAML reader, zod or the markdown parser once their index is kept',
    () => {
      const state = mkdtempSync(join(tmpdir(), 'bg-lazy-home-'));
      const home = ['bin/breakglass.js', '--plain', '--state-dir', state];
      // The first start writes the runbook index (front matter read with the YAML reader); an operator's
      // every later start finds it.
      expect(modulesLoadedBy(home).status).toBe(0);
      const r = modulesLoadedBy(home);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Tenant: PRACTICE tenant healthy.');
      expect(r.stdout).toContain('Emergency sign-in');
      // Nor the markdown parser: plain mode's home needs one line of its formatting.
      expect(heavyIn(r.urls, ['yaml', 'zod', 'mdast-util-from-markdown'])).toEqual([]);
      // Plain mode asks through inquirer: Ink and React (loaded early for the TUI's home) stay unloaded.
      expect(heavyIn(r.urls, ['ink', 'react', '@inquirer/select'])).toEqual(['@inquirer/select']);
      // Node 20 keeps compiled code only for `check` (util/compile-cache.ts): the home screen does not
      // load that machinery (nor node:vm) before its first frame.
      if (!('enableCompileCache' in module)) {
        expect(r.urls.filter((u) => u.endsWith('/dist/compile-cache.js') || u === 'node:vm')).toEqual([]);
      }
    },
  );

  it.runIf(existsSync(join(ROOT, 'dist/meta.json')))(
    "Ink's layout engine starts without Node's HTTP client (its WebAssembly is decoded, not fetched)",
    () => {
      const chunk = [...bundledInputs(ROOT)].find(
        ([out, ins]) => out.endsWith('.js') && ins.some((i) => i.includes('node_modules/yoga-layout/')),
      );
      expect(chunk, 'the build bundles yoga-layout into a chunk').toBeDefined();
      // Importing the chunk runs yoga's top-level await that loads its WebAssembly.
      const script = `await import(${JSON.stringify(pathToFileURL(chunk![0]).href)});
        await new Promise((r) => setTimeout(r, 50));
        console.log(JSON.stringify(process.moduleLoadList.filter((m) => m.includes('undici'))));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([]);
    },
  );

  it('the hook does detect an SDK when one is loaded (the test can fail)', () => {
    const r = modulesLoadedBy(['--input-type=module', '-e', "await import('@azure/msal-node');"]);
    expect(heavyIn(r.urls).length).toBeGreaterThan(0);
  });

  it.runIf(existsSync(join(ROOT, 'dist/meta.json')))(
    'a loaded chunk of the build that bundles MSAL counts as loading it (the test can fail)',
    () => {
      const chunk = [...bundledInputs(ROOT)].find(
        ([out, ins]) => out.endsWith('.js') && ins.some((i) => i.includes('node_modules/@azure/msal-node/')),
      );
      expect(chunk, 'the build bundles MSAL into a chunk').toBeDefined();
      const r = modulesLoadedBy([
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(pathToFileURL(chunk![0]).href)});`,
      ]);
      expect(heavyIn(r.urls)).toContain('@azure/msal-node');
    },
  );
});
