/**
 * Builds dist/: the CLI bundled with esbuild (ESM, code splitting, source
 * maps). Run by `npm install` (the `prepare` script) and `npm run build`.
 *
 * Why a bundle: resolving and loading many small ES modules costs more at
 * start-up than running them. One entry (dist/cli.js) holds what every
 * command needs; what only some commands need (MSAL, the Graph and Logs
 * clients, the practice tenant, the report renderers, Ink vs the plain
 * prompts) sits behind the sources' dynamic `import()`s and becomes lazy
 * chunks (dist/chunks/), loaded only when reached.
 *
 * A few more entries keep their source path (dist/practice/server.js …):
 * the programmatic surface that bench/ and some tests load from the build.
 * All entries share chunks, so a module is never loaded twice.
 *
 * Files the code finds at run time relative to the package (runbooks/,
 * schema/, the practice scenarios, package.json) are not copied: the code
 * looks for the package root (see util/package-root.ts).
 */
import { build } from 'esbuild';
import { runtimeBundleOptions } from './bundle-options.mjs';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Modules loaded from the build by bench/, scripts/ and tests, besides the CLI. */
const LIBRARY_ENTRIES = [
  'tenant/connect',
  'checks/run',
  'practice/server',
  'practice/scenarios/generate-large',
  'practice/world/load',
  'journal/journal',
  'report/keys',
  'report/sample-run',
  'report/write',
  'report/verify',
  'runbook/json-schema',
  'steps/catalog',
  // bench/fleet.js grants the practice fleet app what the permission table documents.
  'config/permission-table',
  'practice/world/catalog',
  // Below: the shipped runbooks' overviews, made with the bundle itself.
  'screens/overview-precompile',
];

// CommonJS dependencies bundled into ESM still call require() for Node's
// built-ins and read __dirname: give every output file real ones.
const banner = [
  "import { createRequire as __bgCreateRequire } from 'node:module';",
  "import { fileURLToPath as __bgFileURLToPath } from 'node:url';",
  "import { dirname as __bgDirname } from 'node:path';",
  'const require = __bgCreateRequire(import.meta.url);',
  'const __filename = __bgFileURLToPath(import.meta.url);',
  'const __dirname = __bgDirname(__filename);',
].join('\n');

/**
 * zod's `z.locales` (and `z.core.locales`) namespace re-exports every language's error messages
 * (about 360 KB, half of zod in the bundle) for `z.config(z.locales.xx())`.
 * breakglass never calls it: its messages are its own, and zod's English
 * default is imported by zod's schemas directly. So the namespace holds only
 * `en` here, and every command that validates (run, check) loads and
 * compiles half the code.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * @azure/msal-node imports jsonwebtoken (and with it jws, jwa, lodash and semver, whose regular
 * expressions are built as it loads) for one call: jwt.sign of a client assertion, made only by a
 * certificate sign-in (its ClientAssertion module). Every command that signs in paid for loading it.
 * Here msal-node's import is a stand-in with that one function, which loads the same bundled
 * jsonwebtoken at its first call: the same code and the same signature, only loaded when used.
 */
const jsonwebtokenOnFirstSign = {
  name: 'jsonwebtoken-on-first-sign',
  setup(b) {
    b.onResolve({ filter: /^jsonwebtoken$/ }, (args) =>
      args.namespace === 'file' && /[\\/]@azure[\\/]msal-node[\\/]/.test(args.importer)
        ? { path: 'jsonwebtoken', namespace: 'jsonwebtoken-on-first-sign', pluginData: dirname(args.importer) }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'jsonwebtoken-on-first-sign' }, (args) => ({
      contents: ['let jwt;', "export default { sign: (...a) => (jwt ??= require('jsonwebtoken')).sign(...a) };"].join(
        '\n',
      ),
      // Resolved from msal-node's folder, as its own import was.
      resolveDir: args.pluginData,
    }));
  },
};

rmSync(dist, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [{ in: 'src/cli.ts', out: 'cli' }, ...LIBRARY_ENTRIES.map((e) => ({ in: `src/${e}.ts`, out: e }))],
  outdir: dist,
  ...runtimeBundleOptions,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  legalComments: 'none',
  jsx: 'automatic',
  banner: { js: banner },
  plugins: [zodEnglishOnly, jsonwebtokenOnFirstSign, ...runtimeBundleOptions.plugins],
});
// Which source and package modules each output file holds: for tests that check what a command loads.
writeFileSync(join(dist, 'meta.json'), JSON.stringify(result.metafile));

// The launcher's compile-cache set-up (bin/breakglass.js loads it before the CLI): one file sharing
// no chunk with the CLI, so `check` loads one ES module besides the launcher.
await build({
  absWorkingDir: root,
  entryPoints: ['src/util/compile-cache.ts'],
  outfile: join(dist, 'compile-cache.js'),
  ...runtimeBundleOptions,
  splitting: false,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
});

/**
 * import() of Node's built-ins (`import('node:fs')`) and of the packages left out of the CommonJS
 * bundle, there: a require() wrapped as a module of the bundle. A script compiled by vm.Script
 * (util/compile-cache.ts) has no loader for import().
 */
function importsAsRequire(packages) {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const required = (path) => builtins.has(path) || packages.some((p) => path === p || path.startsWith(`${p}/`));
  return {
    name: 'imports-as-require',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'dynamic-import' && required(args.path)
          ? { path: args.path, namespace: 'import-as-require' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'import-as-require' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * dist/check.cjs: `breakglass check` alone (src/cli-check.ts) as one CommonJS script, which the launcher
 * compiles from a V8 code cache (util/compile-cache.ts; Node 20 keeps no compiled code for ES modules,
 * and on Node 24 this measured faster than Node's own cache of the ESM build). CommonJS output has no code splitting: the command's lazy
 * import()s become functions in the same file, evaluated only when reached as in the ESM build.
 * `import.meta.url` is the file's own URL, so packageRoot() and the data files are found as from dist/.
 */
/**
 * Packages `check` needs only off its usual path (a live or served tenant): the in-process practice
 * tenant (node-forge, ajv, @peculiar/x509), workload-identity sign-in (undici), a runbook argument or a
 * declaration file (yaml, zod). CommonJS packages, so the bundle require()s them from node_modules
 * when one of those paths runs, and otherwise neither reads, hashes nor compiles their 2.5 MB. (ES-only
 * packages, such as the markdown reader, stay bundled: a vm.Script cannot import().)
 */
const CHECK_BUNDLE_EXTERNAL = ['node-forge', 'ajv', '@peculiar/x509', 'reflect-metadata', 'undici', 'yaml', 'zod'];
const checkBundle = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli-check.ts'],
  outfile: join(dist, 'check.cjs'),
  ...runtimeBundleOptions,
  external: [...runtimeBundleOptions.external, ...CHECK_BUNDLE_EXTERNAL],
  splitting: false,
  format: 'cjs',
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  legalComments: 'none',
  jsx: 'automatic',
  define: { ...runtimeBundleOptions.define, 'import.meta.url': '__bgImportMetaUrl' },
  banner: { js: "var __bgImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    zodEnglishOnly,
    jsonwebtokenOnFirstSign,
    importsAsRequire(CHECK_BUNDLE_EXTERNAL),
    ...runtimeBundleOptions.plugins,
  ],
});
const dynamicExternal = Object.values(checkBundle.metafile.outputs).flatMap((o) =>
  o.imports.filter((i) => i.external && i.kind === 'dynamic-import').map((i) => i.path),
);
if (dynamicExternal.length) {
  console.error(`build: dist/check.cjs keeps import() of ${dynamicExternal.join(', ')}: a vm.Script cannot load it.`);
  process.exit(1);
}
writeFileSync(join(dist, 'check-meta.json'), JSON.stringify(checkBundle.metafile));
// esbuild escapes non-ASCII in strings and regular expressions but keeps it in the comments it
// keeps: escaped there too, the file is ASCII and is decoded as a one-byte string.
const checkCjs = join(dist, 'check.cjs');
writeFileSync(
  checkCjs,
  readFileSync(checkCjs, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);

// A CommonJS package reached by import() becomes a chunk whose namespace has
// only `default` (Node would also give its named exports). Each such import
// must read `default` or go through util/cjs-exports.ts; list it here once it does.
const CJS_IMPORTS_CHECKED = new Set([
  'node-forge',
  'undici',
  'reflect-metadata',
  '@peculiar/x509',
  'yaml',
  '@microsoft/microsoft-graph-client',
]);
const unchecked = [];
for (const out of Object.values(result.metafile.outputs)) {
  const entry = out.entryPoint;
  if (!entry || result.metafile.inputs[entry]?.format !== 'cjs') continue;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(entry)?.[1] ?? entry;
  if (!CJS_IMPORTS_CHECKED.has(pkg)) unchecked.push(pkg);
}
if (unchecked.length) {
  console.error(
    `build: import() of CommonJS package(s) ${unchecked.join(', ')}: in the bundle only \`default\` holds their exports. Use cjsExports() (src/util/cjs-exports.ts), then list them in CJS_IMPORTS_CHECKED.`,
  );
  process.exit(1);
}

// The shipped practice scenarios, parsed and validated now rather than at
// every practice tenant start (world/load.ts uses one while the YAML's
// sha256 still matches and, run from the sources, while the compiler key of
// world/compiler-key.ts does). A scenario that does not validate is left out:
// the practice tenant then reads its YAML and reports the problem as before.
const { parseScenario, scenarioCompilerKey } = await import(join(dist, 'practice', 'world', 'load.js'));
// Unreadable compiler sources only stop the check from the sources (which then reads the YAML).
let compiler = null;
try {
  compiler = scenarioCompilerKey(root);
} catch {
  /* entries without a key: used by the bundle, never from the sources */
}
const scenarios = join(root, 'src', 'practice', 'scenarios');
mkdirSync(join(dist, 'scenarios'), { recursive: true });
for (const f of readdirSync(scenarios).filter((n) => n.endsWith('.yaml'))) {
  const text = readFileSync(join(scenarios, f), 'utf8');
  let scenario;
  try {
    scenario = parseScenario(text, f);
  } catch {
    continue;
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  writeFileSync(
    join(dist, 'scenarios', f.replace(/\.yaml$/, '.json')),
    JSON.stringify({ sha256, compiler, scenario }) + '\n',
  );
}

// The shipped runbooks' overviews, made now with the code just bundled, so
// `run <id>` can show one as its first frame without loading the parser, zod
// and the catalog first (screens/precompiled-overview.ts uses an entry while
// the file's sha256 still matches and, run from the sources, while the
// compiler key does; the run still validates the file in full before it
// starts). A shipped runbook that does not validate fails the build.
const { precompileOverview, runbookCompilerKey } = await import(join(dist, 'screens', 'overview-precompile.js'));
let runbookCompiler = null;
try {
  runbookCompiler = runbookCompilerKey(root);
} catch {
  /* entries without a key: used by the bundle, never from the sources */
}
const runbooks = join(root, 'runbooks');
mkdirSync(join(dist, 'runbooks'), { recursive: true });
const invalid = [];
for (const f of readdirSync(runbooks).filter(
  (n) => n.toLowerCase().endsWith('.md') && !n.startsWith('.') && n.toLowerCase() !== 'readme.md',
)) {
  try {
    const entry = precompileOverview(root, join(runbooks, f), runbookCompiler);
    writeFileSync(join(dist, 'runbooks', f.replace(/\.md$/i, '.json')), JSON.stringify(entry) + '\n');
  } catch (e) {
    invalid.push(e instanceof Error ? e.message : String(e));
  }
}
if (invalid.length) {
  console.error(`build: shipped runbook(s) do not validate:\n${invalid.join('\n')}`);
  process.exit(1);
}
