import { readFileSync } from 'node:fs';
import { NARROW_CHARACTERS } from './string-width-narrow.mjs';

/**
 * Ink writes each frame through @alcalzone/ansi-tokenize: every line is cut into styled characters
 * (tokenize), and every row of the frame, as wide as the terminal, is turned back into text cell by
 * cell, with the style change from each cell to the next worked out by diffAnsiCodes (three Sets
 * and two filtered copies per cell, even where nothing changes). For a full screen that is tens of
 * milliseconds of cold code before the first frame, where a one-line hello-world pays almost none.
 *
 * Two fast paths, each giving exactly what the library gives (test/ansi-tokenize-fast-paths.test.ts):
 *   - diffAnsiCodes between two identical styles is no change: [] at once.
 *   - tokenize of text made only of ESC, printable ASCII and the one-column characters of
 *     ./string-width-narrow.mjs (each its own grapheme) walks it by code unit instead of through
 *     Intl.Segmenter; any other text is segmented as before.
 * The build fails if the library's text changes, so an upgrade is looked at rather than silently
 * losing this.
 */
const DIFF_HEAD = 'export function diffAnsiCodes(from, to) {\n';
const TOKENIZE_LOOP = 'for (const { segment, index } of segmenter.segment(str)) {';

function patch(path, text, anchor, replacement, tail = '') {
  if (text.split(anchor).length !== 2)
    throw new Error(`${path}: the code this patches changed; review scripts/ansi-tokenize-fast-paths.mjs`);
  return text.replace(anchor, replacement) + tail;
}

export const ansiTokenizeFastPaths = {
  name: 'ansi-tokenize-fast-paths',
  setup(b) {
    b.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const sameStyle = [
        DIFF_HEAD,
        '    if (from.length === to.length && from.every((c, i) => c.code === to[i].code && c.endCode === to[i].endCode))\n',
        '        return [];\n',
      ].join('');
      return { contents: patch(args.path, text, DIFF_HEAD, sameStyle), loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const byUnit = [
        '',
        `const ONE_GRAPHEME_PER_UNIT = /^[\\u001B\\u0020-\\u007E${NARROW_CHARACTERS}]*$/;`,
        "/** Intl.Segmenter's graphemes of `str`; by code unit when each code unit is a grapheme of its own. */",
        'function graphemesOf(str) {',
        '    if (!ONE_GRAPHEME_PER_UNIT.test(str)) return segmenter.segment(str);',
        '    const out = new Array(str.length);',
        '    for (let index = 0; index < str.length; index++) out[index] = { segment: str[index], index };',
        '    return out;',
        '}',
        '',
      ].join('\n');
      const loop = 'for (const { segment, index } of graphemesOf(str)) {';
      return { contents: patch(args.path, text, TOKENIZE_LOOP, loop, byUnit), loader: 'js' };
    });
  },
};
