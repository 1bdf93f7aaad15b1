/**
 * The compile cache (src/util/compile-cache.ts): `breakglass check` keeps its compiled code in a
 * private per-user folder and runs from it the next time, with the same output and exit code as
 * without it, and any trouble with the cache (corrupt, made for other code, a folder it cannot
 * use) only means compiling again. `check` runs from dist/check.cjs, compiled with V8's code
 * cache; on Node 22.1+ the launcher also enables Node's own compile cache in the same folder.
 *
 * What happened is read from the cache's trace (NODE_DEBUG=breakglass-compile-cache, on stderr)
 * and from the folder itself, never from timings. The check runs in its own process against a
 * practice tenant served from this one, as a pipeline's check runs against a tenant.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { loadCachedBundle } from '../src/util/compile-cache.js';
import { HEALTHY_CHECK_FLAGS } from './harness/healthy-check-flags.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'breakglass.js');
const BUNDLE = join(ROOT, 'dist', 'check.cjs');
/** Node 22.1+: `module.enableCompileCache`, Node's own compile cache, enabled for every command. */
const NODE_CACHE = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const BUILT = existsSync(BUNDLE) && existsSync(join(ROOT, 'dist', 'compile-cache.js'));
const TRACE = 'BREAKGLASS-COMPILE-CACHE';

const dir = mkdtempSync(join(tmpdir(), 'bg-compile-cache-'));
let server: PracticeServer;
beforeAll(async () => {
  server = await startPracticeServer({ scenario: 'healthy' });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number;
  stdout: string;
  /** stderr without the cache's trace lines: what the operator sees. */
  stderr: string;
  /** The trace of dist/check.cjs's code cache. */
  trace: string[];
  /** The trace of Node's own compile cache (Node 22.1+). */
  nodeCache: string[];
}

let runs = 0;
/** `breakglass check --all` on the served healthy tenant, in its own process, with this cache home. */
function check(
  cacheHome: string,
  env: NodeJS.ProcessEnv = {},
  args: string[] = ['--all'],
  nodeArgs: string[] = [],
): Promise<Run> {
  const state = join(dir, `state-${++runs}`);
  const argv = [...nodeArgs, BIN, 'check', ...args, ...HEALTHY_CHECK_FLAGS];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: join(dir, 'home'),
        XDG_CACHE_HOME: cacheHome,
        BREAKGLASS_PRACTICE_URL: server.url,
        BREAKGLASS_PRACTICE_CA: server.caPath,
        BREAKGLASS_PRACTICE_ADMIN_KEY: server.adminKey,
        BREAKGLASS_CONFIG: join(dir, 'no-user-config.json'),
        BREAKGLASS_STATE_DIR: state,
        NO_COLOR: '1',
        NODE_DEBUG: 'breakglass-compile-cache',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stderr.split('\n');
      const trace = lines.filter((l) => l.startsWith(TRACE)).map((l) => l.replace(/^\S+ \d+: /, ''));
      resolve({
        status: code ?? -1,
        stdout,
        stderr: lines.filter((l) => !l.startsWith(TRACE)).join('\n'),
        trace: trace.filter((l) => !l.startsWith('node compile cache')),
        nodeCache: trace.filter((l) => l.startsWith('node compile cache')),
      });
    });
  });
}

/** The report with its clock masked: when it ran and how long it took are all that may differ. */
const masked = (text: string): string =>
  text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>').replace(/\(\d+(\.\d+)? s\)/g, '(<duration>)');

/** The cache file of dist/check.cjs: named for its exact bytes and this Node, V8 and CPU. */
function expectedCacheFile(cacheHome: string): string {
  const key = createHash('sha256')
    .update(readFileSync(BUNDLE))
    .update(`\0${process.version}\0${process.versions.v8}\0${process.arch}`)
    .digest('hex');
  return join(cacheHome, 'breakglass', 'compile-cache', `check.cjs-${key}.v8`);
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe.runIf(BUILT)('check: dist/check.cjs from a V8 code cache', () => {
  let without: Run;
  beforeAll(async () => {
    without = await check(join(dir, 'unused'), { BREAKGLASS_NO_COMPILE_CACHE: '1' });
  }, 60_000);

  it('without the cache: the ES module build, nothing written', () => {
    expect(without.trace).toEqual(['off (BREAKGLASS_NO_COMPILE_CACHE)']);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
    expect(without.stdout).toContain('BG-001');
    expect(without.stdout).toContain('22 passed');
    expect(without.status).toBe(0);
  });

  it('the first check writes a private cache for its exact code, the second compiles from it; same output', async () => {
    const home = join(dir, 'first-second');
    const file = expectedCacheFile(home);
    const first = await check(home);
    expect(first.trace).toEqual([`no cache ${file}`, `cache written ${file} (full)`]);
    expect(mode(join(home, 'breakglass'))).toBe(0o700);
    expect(mode(join(home, 'breakglass', 'compile-cache'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    // Nothing else is left in the folder (the temporary file was renamed into place), but Node's own cache.
    expect(
      readdirSync(join(home, 'breakglass', 'compile-cache')).filter(
        (f) => !statSync(join(home, 'breakglass', 'compile-cache', f)).isDirectory(),
      ),
    ).toEqual([file.split('/').pop()]);

    const second = await check(home);
    expect(second.trace).toEqual([`cache accepted ${file}`]);
    for (const r of [first, second]) {
      expect(masked(r.stdout)).toBe(masked(without.stdout));
      expect(r.stderr).toBe(without.stderr);
      expect(r.status).toBe(without.status);
    }
  });

  it('a corrupt cache file is rejected: the check compiles, answers the same, and writes a good one', async () => {
    const home = join(dir, 'corrupt');
    const file = expectedCacheFile(home);
    await check(home);
    const good = readFileSync(file);
    writeFileSync(file, Buffer.concat([good.subarray(0, 1), Buffer.alloc(good.length - 1, 0x5a)]));
    const r = await check(home);
    expect(r.trace).toEqual([`cache rejected ${file}`, `cache written ${file} (full)`]);
    expect(masked(r.stdout)).toBe(masked(without.stdout));
    expect(r.stderr).toBe(without.stderr);
    expect(r.status).toBe(without.status);
    expect((await check(home)).trace).toEqual([`cache accepted ${file}`]);
  });

  it('a temporary file left by a check killed while writing is removed; one still being written is not', async () => {
    const home = join(dir, 'orphan');
    const file = expectedCacheFile(home);
    const folder = join(home, 'breakglass', 'compile-cache');
    await check(home);
    // A process that has ended, and this one (running): the names a writer gives its temporary file.
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const orphan = join(folder, `.${basename(file)}.${ended}.0123456789ab.tmp`);
    const live = join(folder, `.${basename(file)}.${process.pid}.ba9876543210.tmp`);
    writeFileSync(orphan, 'half a cache');
    writeFileSync(live, 'being written');
    rmSync(file); // so the next check writes, and tidies up after itself
    expect((await check(home)).trace).toEqual([`no cache ${file}`, `cache written ${file} (full)`]);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('a cache folder that cannot be made (its parent is a file): the ES module build, same output', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const r = await check(join(blocker, 'cache'));
    expect(r.trace).toHaveLength(1);
    expect(r.trace[0]).toMatch(/^no cache folder: ENOTDIR/);
    expect(masked(r.stdout)).toBe(masked(without.stdout));
    expect(r.stderr).toBe(without.stderr);
    expect(r.status).toBe(without.status);
  });

  it('a cache folder that is a symbolic link, or others can enter, is not used as it is', async () => {
    const linked = join(dir, 'linked');
    mkdirSync(join(linked, 'breakglass'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    symlinkSync(join(dir, 'elsewhere'), join(linked, 'breakglass', 'compile-cache'));
    const r = await check(linked);
    expect(r.trace).toEqual([
      `cache folder not used: not a folder of this user ${join(linked, 'breakglass', 'compile-cache')}`,
    ]);
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual([]);
    expect(masked(r.stdout)).toBe(masked(without.stdout));

    const open = join(dir, 'open');
    mkdirSync(join(open, 'breakglass', 'compile-cache'), { recursive: true, mode: 0o777 });
    chmodSync(join(open, 'breakglass', 'compile-cache'), 0o777);
    await check(open);
    expect(mode(join(open, 'breakglass', 'compile-cache'))).toBe(0o700);
    expect(existsSync(expectedCacheFile(open))).toBe(true);
  });

  it('a check of a served tenant requires none of the packages the bundle leaves to node_modules', async () => {
    // The build leaves packages of other paths (the in-process practice tenant, workload identity,
    // a runbook or declaration file) out of dist/check.cjs, to be require()d where those paths run.
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'check-meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const leftOut = ['node-forge', 'ajv', '@peculiar/x509', 'undici', 'yaml', 'zod'];
    expect(leftOut.filter((p) => Object.keys(meta.inputs).some((i) => i.includes(`node_modules/${p}/`)))).toEqual([]);
    // Every require() the process makes, by name.
    const log = join(dir, 'requires.log');
    const hook = join(dir, 'log-requires.cjs');
    writeFileSync(
      hook,
      [
        "const Module = require('node:module');",
        "const { appendFileSync } = require('node:fs');",
        'const load = Module._load;',
        'Module._load = function (request, ...rest) {',
        `  appendFileSync(${JSON.stringify(log)}, request + '\\n');`,
        '  return load.call(this, request, ...rest);',
        '};',
      ].join('\n'),
    );
    const home = join(dir, 'requires');
    await check(home);
    rmSync(log, { force: true });
    const r = await check(home, {}, ['--all'], ['--require', hook]);
    expect(r.trace).toEqual([`cache accepted ${expectedCacheFile(home)}`]);
    expect(masked(r.stdout)).toBe(masked(without.stdout));
    const required = readFileSync(log, 'utf8').split('\n');
    expect(required).toContain('node:https'); // the hook saw the bundle's require()s
    expect(leftOut.filter((p) => required.some((q) => q === p || q.startsWith(`${p}/`)))).toEqual([]);
  });

  it('help and a check that could not run keep no full cache; a later full run replaces a partial one', async () => {
    const home = join(dir, 'partial');
    const file = expectedCacheFile(home);
    const help = await check(home, {}, ['--help']);
    expect(help.stdout).toContain('breakglass check');
    expect(help.trace).toEqual([`no cache ${file}`]);

    const unreachable = await check(home, { BREAKGLASS_PRACTICE_URL: 'https://127.0.0.1:1' });
    expect(unreachable.status).toBe(2);
    expect(unreachable.trace).toEqual([`no cache ${file}`, `cache written ${file} (partial)`]);

    const full = await check(home);
    expect(full.trace).toEqual([`cache accepted ${file}`, `cache written ${file} (full)`]);
    expect(masked(full.stdout)).toBe(masked(without.stdout));
    expect((await check(home)).trace).toEqual([`cache accepted ${file}`]);
  });
});

describe.runIf(NODE_CACHE && BUILT)("Node 22.1+: Node's compile cache in the same private folder", () => {
  it('is enabled in the folder, which is owner-only and holds the cache after the run; same output', async () => {
    const home = join(dir, 'node-cache');
    const folder = join(home, 'breakglass', 'compile-cache');
    const withCache = await check(home);
    expect(withCache.nodeCache).toHaveLength(1);
    expect(withCache.nodeCache[0]).toContain(folder);
    expect(mode(folder)).toBe(0o700);
    // Node keeps its files in a folder of its own beside the V8 cache of dist/check.cjs.
    expect(readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).length).toBe(1);
    const without = await check(join(dir, 'unused-node'), { BREAKGLASS_NO_COMPILE_CACHE: '1' });
    expect(without.nodeCache).toEqual([]);
    expect(masked(withCache.stdout)).toBe(masked(without.stdout));
    expect(withCache.stderr).toBe(without.stderr);
    expect(withCache.status).toBe(without.status);
  });
});

describe('loadCachedBundle: a cache is used only for the exact bytes it was made from', () => {
  it('two bundles of the same length (all V8 itself compares) each get their own cache', () => {
    const folder = mkdtempSync(join(dir, 'unit-'));
    const cache = join(folder, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    const a = join(folder, 'a.cjs');
    const b = join(folder, 'b.cjs');
    writeFileSync(a, "exports.main = () => 'from a';\n");
    writeFileSync(b, "exports.main = () => 'from b';\n");

    const first = loadCachedBundle(a, cache)!;
    expect(first.status).toBe('none');
    expect((first.exports['main'] as () => string)()).toBe('from a');
    first.saveCache(1);
    expect(mode(first.cacheFile)).toBe(0o600);

    const other = loadCachedBundle(b, cache)!;
    expect(other.cacheFile).not.toBe(first.cacheFile);
    expect(other.status).toBe('none');
    expect((other.exports['main'] as () => string)()).toBe('from b');

    const again = loadCachedBundle(a, cache)!;
    expect(again.status).toBe('accepted');
    expect(again.coverage).toBe(1);
    expect((again.exports['main'] as () => string)()).toBe('from a');
  });

  it('a bundle that does not compile is left to the caller (undefined), never half-run', () => {
    const folder = mkdtempSync(join(dir, 'unit-'));
    const bad = join(folder, 'bad.cjs');
    writeFileSync(bad, 'exports.main = () => {;\n');
    expect(loadCachedBundle(bad, folder)).toBeUndefined();
    expect(loadCachedBundle(join(folder, 'missing.cjs'), folder)).toBeUndefined();
  });
});
