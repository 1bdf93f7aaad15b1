/**
 * Compiled code kept between runs, so a command does not parse and compile the same
 * megabytes of JavaScript at every start (bin/breakglass.js calls `startWithCompileCache`
 * before it loads the CLI).
 *
 * - `check` (the command pipelines and cron run) runs from dist/check.cjs, a CommonJS bundle of
 *   that command alone, compiled with `vm.Script` and V8's code cache (`cachedData`): Node 20
 *   keeps no compiled code for ES modules, and on Node 24 this measured faster than Node's own
 *   cache of the ES module build (one script, no module graph to link). The cache is written at
 *   the end of a check that ran (not `--help` or `--explain`, not a usage error) and had none, or
 *   whose cache V8 rejected, or whose cache came from a check that could not run every check
 *   (exit 2, e.g. a sign-in refused): it holds the functions a check runs, which then need no
 *   compiling either.
 * - Node 22.1 and later: Node's own compile cache (`module.enableCompileCache`) too, for every
 *   command and the packages `check` loads from node_modules, in breakglass's private cache
 *   folder rather than Node's default in the shared OS temp folder.
 *
 * The cache is executable code, so: it lives in a folder only this user can read or write
 * (0700, files 0600), never in a shared temp folder; a file's name carries the sha256 of the
 * exact bundle bytes and the Node, V8 and CPU it was made for (V8 itself only compares the
 * source's length); it is written to a temporary name and renamed into place. Any failure (no
 * home folder, a read-only or foreign folder, a corrupt or rejected file) means compiling
 * without it, or running the ES module build: the output and exit code never change.
 *
 * BREAKGLASS_NO_COMPILE_CACHE=1 turns all of it off (`check` then runs from the ES module build
 * like every other command). NODE_DEBUG=breakglass-compile-cache says on stderr
 * what happened (folder, file, accepted or rejected, written).
 */
import { createHash, randomBytes } from 'node:crypto';
import { isAscii } from 'node:buffer';
import {
  accessSync,
  chmodSync,
  constants,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import module, { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import envPaths from 'env-paths';

const trace = debuglog('breakglass-compile-cache');

/** Node 22.1+ (`module.enableCompileCache`); Node 20's typings do not have it. */
const nodeModule = module as typeof module & {
  enableCompileCache?: (dir?: string) => { status: number; message?: string; directory?: string };
};

/** A command line's entry point: resolves to the exit code. */
export type Main = (argv: string[]) => Promise<number>;

/**
 * How much of a check's code a run compiled, kept as the cache file's first byte: a check that
 * ran every check to a verdict (exit 0 or 1) compiled it all; one that could not run some
 * (exit 2) may have stopped early, and a later full run replaces its cache.
 */
const FULL = 1;
const PARTIAL = 0;

/** What the cache of this run would hold, or undefined when it should not be kept (help, usage error). */
function runCoverage(argv: string[], code: number): number | undefined {
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--explain' || a.startsWith('--explain=')))
    return undefined;
  return code === 0 || code === 1 ? FULL : code === 2 ? PARTIAL : undefined;
}

export function compileCacheDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['BREAKGLASS_NO_COMPILE_CACHE'];
  return v !== undefined && v !== '' && v !== '0';
}

/**
 * breakglass's compile-cache folder ($XDG_CACHE_HOME/breakglass/compile-cache,
 * ~/.cache/breakglass/compile-cache, ~/Library/Caches/breakglass/…, %LOCALAPPDATA%\breakglass\Cache\…),
 * created owner-only. Undefined when it cannot be made private: not a real folder (a symbolic link),
 * owned by another user, or not creatable.
 */
export function privateCacheDir(): string | undefined {
  try {
    const dir = join(envPaths('breakglass', { suffix: '' }).cache, 'compile-cache');
    // A relative XDG_CACHE_HOME (or no home folder) would put code in whatever folder this runs in.
    if (!isAbsolute(dir)) return undefined;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) {
      trace('cache folder not used: not a folder of this user %s', dir);
      return undefined;
    }
    if (typeof process.getuid === 'function' && (st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return dir;
  } catch (e) {
    trace('no cache folder: %s', (e as Error).message);
    return undefined;
  }
}

/**
 * Sets up the compile cache for this run. Returns the CLI's entry point when this run uses
 * one of its own (`check`: dist/check.cjs from `checkBundle`), else undefined and the caller
 * loads the ES module build as usual (on Node 22.1+ with Node's compile cache enabled).
 */
export function startWithCompileCache(argv: string[], checkBundle: string): Main | undefined {
  if (compileCacheDisabled()) {
    trace('off (BREAKGLASS_NO_COMPILE_CACHE)');
    return undefined;
  }
  const dir = privateCacheDir();
  if (!dir) return undefined;
  if (typeof nodeModule.enableCompileCache === 'function') {
    try {
      const r = nodeModule.enableCompileCache(dir);
      trace('node compile cache: status %s, %s', r.status, r.directory ?? r.message ?? '');
    } catch (e) {
      trace('node compile cache failed: %s', (e as Error).message);
    }
  }
  if (argv[0] !== 'check') return undefined;
  const loaded = loadCachedBundle(checkBundle, dir);
  if (!loaded) return undefined;
  if (loaded.status !== 'accepted' || loaded.coverage < FULL)
    process.once('exit', (code) => {
      const coverage = runCoverage(argv, code);
      if (coverage !== undefined && (loaded.status !== 'accepted' || coverage > loaded.coverage))
        loaded.saveCache(coverage);
    });
  return loaded.exports['main'] as Main;
}

/** The cache file for these exact bundle bytes on this Node, V8 and CPU. */
export function cacheFileFor(dir: string, bundle: string, bytes: Buffer): string {
  const key = createHash('sha256')
    .update(bytes)
    .update(`\0${process.version}\0${process.versions.v8}\0${process.arch}`)
    .digest('hex');
  return join(dir, `${basename(bundle)}-${key}.v8`);
}

export interface LoadedBundle {
  /** The bundle's module.exports. */
  exports: Record<string, unknown>;
  /** accepted: compiled from the cache; rejected: V8 refused the file (corrupt, other V8 flags); none: no file. */
  status: 'accepted' | 'rejected' | 'none';
  /** The accepted cache's coverage (FULL or PARTIAL), else -1. */
  coverage: number;
  cacheFile: string;
  /** Writes the code V8 has compiled so far (call it after the run, so it holds what ran). */
  saveCache(coverage: number): void;
}

/**
 * Runs a CommonJS bundle as Node's own loader would (same wrapper, `require` relative to the
 * file), compiled from the V8 code cache in `dir` when one for these exact bytes is there and
 * accepted. Undefined when the bundle cannot be read or compiled, or when there is no cache and
 * none can be written (compiling the whole bundle is then slower than the ES module build): the
 * caller then runs the ES module build.
 */
export function loadCachedBundle(bundle: string, dir: string): LoadedBundle | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(bundle);
  } catch (e) {
    trace('no bundle %s: %s', bundle, (e as Error).message);
    return undefined;
  }
  const cacheFile = cacheFileFor(dir, bundle, bytes);
  let cached: Buffer | undefined;
  let coverage = -1;
  try {
    const file = readFileSync(cacheFile);
    coverage = file[0] ?? -1;
    cached = file.subarray(1);
  } catch {
    trace('no cache %s', cacheFile);
  }
  if (!cached && !writable(dir)) {
    trace('cache folder not writable %s', dir);
    return undefined;
  }
  // The build writes the bundle in ASCII: a one-byte string, decoded in a third of UTF-8's time.
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // Node's CommonJS wrapper, on the bundle's first line so its line numbers stay as built.
  const source = `(function (exports, require, module, __filename, __dirname) { ${text}\n})`;
  let script: Script;
  try {
    script = new Script(source, { filename: bundle, ...(cached ? { cachedData: cached } : {}) });
  } catch (e) {
    trace('cannot compile %s: %s', bundle, (e as Error).message);
    return undefined;
  }
  const status = !cached ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  if (cached) trace('cache %s %s', status, cacheFile);
  if (status !== 'accepted') coverage = -1;
  const mod = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
  return { exports: mod.exports, status, coverage, cacheFile, saveCache: (c) => writeCache(cacheFile, script, c) };
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes the code V8 compiled so far, atomically and owner-only, and removes this bundle's older caches. */
function writeCache(file: string, script: Script, coverage: number): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.of(coverage), script.createCachedData()]), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
    trace('cache written %s (%s)', file, coverage === FULL ? 'full' : 'partial');
  } catch (e) {
    trace('cache not written %s: %s', file, (e as Error).message);
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* nothing was written, or it cannot be removed either */
    }
    return;
  }
  // Caches of other bundle bytes or another Node are never used again; a temporary file whose
  // writer is no longer running (a check killed while writing) is never renamed into place.
  const prefix = basename(file).replace(/-[0-9a-f]{64}\.v8$/, '-');
  try {
    for (const f of readdirSync(dirname(file))) {
      const orphan = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(f);
      if (
        (f.startsWith(prefix) && f.endsWith('.v8') && f !== basename(file)) ||
        (orphan && !running(Number(orphan[1])))
      )
        rmSync(join(dirname(file), f), { force: true });
    }
  } catch {
    /* an old file left behind only takes space */
  }
}

/** Whether a process with this id runs (signal 0 only asks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
