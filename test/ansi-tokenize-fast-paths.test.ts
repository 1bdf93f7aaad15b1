/**
 * Ink writes every frame through @alcalzone/ansi-tokenize, which the bundle builds with two fast
 * paths (scripts/ansi-tokenize-fast-paths.mjs). A styled character cut or coloured differently is a
 * misdrawn screen, so the patched library must answer exactly as the library does: tokenize, the
 * style change between two cells (diffAnsiCodes), and a whole line through the path Ink's output
 * takes (tokenize → styled characters → text).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundledInputs } from './harness/module-log.js';

const root = resolve(import.meta.dirname, '..');
const { ansiTokenizeFastPaths } = (await import(
  pathToFileURL(join(root, 'scripts', 'ansi-tokenize-fast-paths.mjs')).href
)) as { ansiTokenizeFastPaths: Plugin };

interface Code {
  code: string;
  endCode: string;
}
interface Lib {
  tokenize(s: string, endChar?: number): unknown[];
  diffAnsiCodes(from: Code[], to: Code[]): Code[];
  styledCharsFromTokens(tokens: unknown[]): { value: string; styles: Code[] }[];
  styledCharsToString(chars: { value: string; styles: Code[] }[]): string;
}

/** @alcalzone/ansi-tokenize bundled from Ink's folder, with or without the fast paths. */
async function bundled(plugins: Plugin[]): Promise<Lib> {
  const r = await build({
    stdin: {
      contents: "export * from '@alcalzone/ansi-tokenize';",
      resolveDir: join(root, 'node_modules', 'ink'),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    plugins,
    logLevel: 'silent',
  });
  const out = join(mkdtempSync(join(tmpdir(), 'bg-tok-')), 'lib.mjs');
  writeFileSync(out, r.outputFiles[0]!.text);
  return (await import(pathToFileURL(out).href)) as Lib;
}

/** Styles as chalk writes them (open … close), so the lines are what Ink's Text produces. */
const sgr = (open: string, close: string) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const c = {
  bold: sgr('1', '22'),
  dim: sgr('2', '22'),
  inverse: sgr('7', '27'),
  red: sgr('31', '39'),
  badge: (s: string) => sgr('43', '49')(sgr('30', '39')(sgr('1', '22')(s))),
  colours: (s: string) =>
    sgr('38;2;255;136;0', '39')(s) + sgr('38;5;202', '39')(' 256 ') + sgr('48;2;1;2;3', '49')('bg'),
  styles: (s: string) => sgr('9', '29')(sgr('3', '23')(sgr('4', '24')(s))),
};
const plain = [
  ' PRACTICE  healthy · breakglass 0.1.0',
  '▸ Alert verification drill: does a break-glass sign-in… · DUE — never done live',
  '↑/↓ select · Enter open · ? keys · q quit',
  '╭──────╮ │ ✓ done ✗ failed ✎ edit │ ╰──────╯ ▀▄█░ ‹›',
  // Outside the fast path: the library's own segmenting.
  '🔒 locked · 緊急アクセス · é · ⚠️ warning · 👩‍💻 · 🇫🇮',
  'cafe\u0300 · combining marks join the letter before them',
  'e\u0301\u0323 · and may stack',
  '\u001b]8;;https://learn.microsoft.com\u0007link\u001b]8;;\u0007 · ok',
  '\u009b31mC1 CSI\u009b39m · text',
  '',
];
const lines = [
  ...plain,
  ...plain.map((s) => c.bold(s)),
  ...plain.map((s) => `${c.inverse('▸ ')}${c.bold(s)} · ${c.bold(c.red('DUE'))}${c.dim(' · never run')}`),
  c.badge(' PRACTICE ') + ' healthy' + c.bold(' · breakglass'),
  c.colours('24-bit') + ' \u001b[0m reset',
  `${c.styles('all')}${c.dim(c.bold('both intensities'))}\u001b[22m`,
];

describe('@alcalzone/ansi-tokenize with the fast paths (scripts/ansi-tokenize-fast-paths.mjs)', () => {
  it('answers as the library does: tokens, style changes, and whole lines as Ink writes them', async () => {
    const [lib, fast] = await Promise.all([bundled([]), bundled([ansiTokenizeFastPaths])]);
    const styles: Code[][] = [[]];
    for (const s of lines) {
      expect(fast.tokenize(s), JSON.stringify(s)).toEqual(lib.tokenize(s));
      expect(fast.tokenize(s, 12), JSON.stringify(s)).toEqual(lib.tokenize(s, 12));
      const chars = lib.styledCharsFromTokens(lib.tokenize(s));
      expect(fast.styledCharsToString(fast.styledCharsFromTokens(fast.tokenize(s)))).toBe(
        lib.styledCharsToString(chars),
      );
      for (const ch of chars) styles.push(ch.styles);
    }
    // Every pair of styles the lines hold, each with a copy of itself (the cells of one run of text).
    const distinct = [...new Map(styles.map((s) => [JSON.stringify(s), s])).values()];
    expect(distinct.length).toBeGreaterThan(10);
    for (const from of distinct)
      for (const to of [...distinct, structuredClone(from)])
        expect(fast.diffAnsiCodes(from, to), JSON.stringify([from, to])).toEqual(lib.diffAnsiCodes(from, to));
  });

  it('the bundle holds the patched library', () => {
    const chunk = [...bundledInputs(root)].find(([out, ins]) =>
      ins.some((i) => i.includes('node_modules/@alcalzone/ansi-tokenize/build/tokenize.js') && out.endsWith('.js')),
    );
    expect(chunk, 'the build bundles @alcalzone/ansi-tokenize').toBeDefined();
    const text = readFileSync(chunk![0], 'utf8');
    expect(text).toContain('ONE_GRAPHEME_PER_UNIT');
    expect(text).toMatch(/function diffAnsiCodes\(from, to\) \{\s+if \(from\.length === to\.length/);
  });
});
