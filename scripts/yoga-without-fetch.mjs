import { readFileSync } from 'node:fs';

/**
 * yoga-layout (Ink's layout engine) carries its WebAssembly as a base64 data: URL and, wherever a
 * global `fetch` exists, reads it with fetch(). In Node that first touch of `fetch` loads Node's
 * whole HTTP client (undici) and decodes the bytes asynchronously: about 30 ms before any screen
 * can be drawn, in every front end start. The loader's other branch decodes the same bytes
 * synchronously; this makes it take that branch. The build fails if the loader's text changes, so
 * an upgrade of yoga-layout is looked at rather than silently losing this.
 */
const YOGA_FETCH = 'function ya(){return w||"function"!=typeof fetch?';
export const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (text.split(YOGA_FETCH).length !== 2)
        throw new Error(`${args.path}: the wasm loader changed; review scripts/yoga-without-fetch.mjs`);
      return { contents: text.replace(YOGA_FETCH, 'function ya(){return true?'), loader: 'js' };
    });
  },
};
