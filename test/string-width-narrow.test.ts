/**
 * The bundle measures text with string-width through a stand-in (scripts/string-width-narrow.mjs)
 * that counts printable ASCII and a listed set of one-column characters by their length. A frame
 * laid out with a wrong width is misdrawn, so the stand-in must answer exactly as string-width
 * does: each listed character is one column and its own grapheme, in every copy of string-width
 * the bundle holds, and the stand-in, built as the bundle builds it, agrees with the library on
 * the screens' text, on text it hands on, and with options.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
type Width = (text: unknown, options?: Record<string, unknown>) => number;
const script = (await import(pathToFileURL(join(root, 'scripts', 'string-width-narrow.mjs')).href)) as {
  NARROW_CHARACTERS: string;
  stringWidthNarrow: Plugin;
};

// Every copy of string-width in the bundle (Ink's, and wrap-ansi's own older one).
const meta = JSON.parse(readFileSync(join(root, 'dist', 'meta.json'), 'utf8')) as {
  inputs: Record<string, { imports: { path: string }[] }>;
};
const copies = Object.keys(meta.inputs).filter((p) => /^node_modules\/(.+\/)?string-width\/index\.js$/.test(p));

const narrow = new RegExp(`^[${script.NARROW_CHARACTERS}]$`, 'u');
const listed: string[] = [];
for (let cp = 0x80; cp <= 0xffff; cp++)
  if (narrow.test(String.fromCodePoint(cp))) listed.push(String.fromCodePoint(cp));

/** The stand-in for the copy at `copy`, bundled with the plugin as the build does, imported from a temp file. */
async function standIn(copy: string): Promise<Width> {
  // The folder whose node_modules holds this copy: string-width resolves to it from there.
  const from = join(root, copy.replace(/\/?node_modules\/string-width\/index\.js$/, ''));
  const out = join(mkdtempSync(join(tmpdir(), 'bg-sw-')), 'stand-in.mjs');
  const r = await build({
    stdin: { contents: "export { default } from 'string-width';", resolveDir: from, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    plugins: [script.stringWidthNarrow],
    logLevel: 'silent',
  });
  writeFileSync(out, r.outputFiles[0]!.text);
  return ((await import(pathToFileURL(out).href)) as { default: Width }).default;
}

const screenText = [
  ' PRACTICE  healthy · breakglass 0.1.0',
  '▸ Alert verification drill: does a break-glass sign-in… · DUE — never done live',
  '↑/↓ select · Enter open · ? keys · q quit',
  '↻ RESUME Emergency sign-in · at “Sign in” · PRACTICE · 2026-12-07 03:00',
  '╭──────╮ │ ✓ done ✗ failed ✎ edit │ ╰──────╯ ▀▄█░ ‹›',
];
// Outside the list: the library decides (wide, emoji, combining, zero-width, controls).
const handedOn = [
  '🔒 locked',
  '緊急アクセス',
  'é',
  '⚠️ warning',
  '⚠ bare',
  'a\u200bb',
  '\u00ad',
  'tab\there',
  '↔',
  '⏳',
];

describe('string-width stand-in (scripts/string-width-narrow.mjs)', () => {
  it('the bundle holds string-width only behind the stand-in', () => {
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const importers = Object.entries(meta.inputs)
        .filter(([, v]) => v.imports.some((i) => i.path === copy))
        .map(([k]) => k);
      expect(importers, copy).toEqual([expect.stringMatching(/^string-width-narrow:/)]);
    }
  });

  it.each(copies)('%s: each listed character is one column and its own grapheme', async (copy) => {
    const real = ((await import(pathToFileURL(join(root, copy)).href)) as { default: Width }).default;
    expect(listed.length).toBeGreaterThan(400);
    const wrong = listed.filter((c) => real(c) !== 1).map((c) => `U+${c.codePointAt(0)!.toString(16)}`);
    expect(wrong).toEqual([]);
    const all = listed.join('') + ' ~';
    const segments = [...new Intl.Segmenter().segment(all)].map((s) => s.segment);
    expect(segments).toEqual([...all]);
    expect(real(all)).toBe(all.length);
  });

  it.each(copies)('%s: the stand-in answers as string-width does', async (copy) => {
    const real = ((await import(pathToFileURL(join(root, copy)).href)) as { default: Width }).default;
    const fast = await standIn(copy);
    const styled = (s: string) => `\u001b[1m\u001b[31m${s}\u001b[39m\u001b[22m`;
    const texts = [
      ...screenText,
      ...screenText.map(styled),
      ...handedOn,
      ...handedOn.map(styled),
      listed.join(''),
      '',
      '\u001b]8;;https://learn.microsoft.com\u0007link\u001b]8;;\u0007 · ok',
      '\u009b31mC1 CSI · text',
    ];
    for (const t of texts) expect(fast(t), JSON.stringify(t)).toBe(real(t));
    for (const t of [...screenText, ...handedOn])
      for (const options of [{ countAnsiEscapeCodes: true }, { ambiguousIsNarrow: false }])
        expect(fast(styled(t), options), JSON.stringify([t, options])).toBe(real(styled(t), options));
    expect(fast(undefined)).toBe(real(undefined));
    expect(fast(42)).toBe(real(42));
  });
});
