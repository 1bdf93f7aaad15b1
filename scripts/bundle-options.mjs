/**
 * The esbuild options that decide how the bundled program runs, shared by the CLI's build
 * (./build.mjs) and the start-up benchmark's yardstick (bench/startup.js), so the yardstick is
 * Ink as breakglass ships it and the ratio measures breakglass's own work.
 */
import { ansiTokenizeFastPaths } from './ansi-tokenize-fast-paths.mjs';
import { stringWidthNarrow } from './string-width-narrow.mjs';
import { yogaWithoutFetch } from './yoga-without-fetch.mjs';

export const runtimeBundleOptions = {
  bundle: true,
  // Code splitting keeps what only some paths need (Ink's DevTools hook among them) in lazy chunks.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  // Ink loads React DevTools only when DEV=true; it is not installed.
  external: ['react-devtools-core'],
  // React's production build only: the front end always runs it (frontend/index.ts), so the
  // development reconciler (about 0.8 MB) would be parsed at every start and never run.
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [yogaWithoutFetch, stringWidthNarrow, ansiTokenizeFastPaths],
  logLevel: 'warning',
};
