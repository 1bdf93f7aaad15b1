/**
 * Ink measures every line of text it draws with string-width (to lay it out, to place it, and
 * once per character when it writes the frame). string-width counts printable ASCII by its length
 * and sends anything else through Intl.Segmenter and Unicode-property regular expressions (the RGI
 * emoji set among them). The first such call builds those (about 10 ms), and every later one walks
 * the text grapheme by grapheme: a screen whose lines carry a "·", "—" or "▸" pays that on every
 * line, twice or three times, before its first frame.
 *
 * This wraps each copy of string-width the bundle holds (the one Ink, widest-line and cli-truncate
 * import, and wrap-ansi's own) in one more fast path: text made only of printable ASCII and of
 * characters listed in NARROW_CHARACTERS is its length wide. Anything else, and every call with
 * options, goes to string-width itself. test/string-width-narrow.test.ts holds NARROW_CHARACTERS to
 * the libraries: each character is one column wide and its own grapheme, in every copy.
 */
import { dirname } from 'node:path';

/**
 * One column wide in string-width (East Asian Width narrow, neutral or ambiguous, which it counts
 * as narrow), and each its own grapheme: no combining marks, joiners, variation selectors, emoji
 * or wide characters. Ranges of the Unicode blocks the screens draw from.
 */
export const NARROW_CHARACTERS = [
  '\\u00A0-\\u00A8\\u00AA-\\u00AC\\u00AF-\\u00FF', // Latin-1: × é (not © ®, emoji to some copies; not the soft hyphen)
  '\\u2010-\\u2027\\u2030-\\u203B', // dashes, quotes, bullets, ellipsis, primes, ‹ › (not ‼, an emoji)
  '\\u2190-\\u2193\\u219A-\\u21A8\\u21AB-\\u21FF', // arrows (not ↔ ↕ ↖–↙ ↩ ↪, which are emoji)
  '\\u2500-\\u259F', // box drawing and block elements (borders, the QR code)
  '\\u25A0-\\u25A9\\u25AC-\\u25B5\\u25B7-\\u25BF\\u25C1-\\u25FA\\u25FF', // geometric shapes (not the emoji ones)
  '\\u2713\\u2717\\u270E', // ✓ ✗ ✎
].join('');

/** Source of the module that stands in for string-width at `realPath`. */
export function narrowFastPathSource(realPath) {
  return [
    `import stripAnsi from 'strip-ansi';`,
    `const NARROW = /^[\\u0020-\\u007E${NARROW_CHARACTERS}]*$/;`,
    // Required, not imported: the bundler then runs string-width's module (its Intl.Segmenter and
    // its Unicode-property regular expressions, built as it loads) at the first text it is needed
    // for, not as the program starts.
    'let stringWidth;',
    'export default function narrowFirst(text, options) {',
    "  if (options === undefined && typeof text === 'string') {",
    "    const visible = text.includes('\\u001B') || text.includes('\\u009B') ? stripAnsi(text) : text;",
    '    if (NARROW.test(visible)) return visible.length;',
    '  }',
    `  stringWidth ??= require(${JSON.stringify(realPath)}).default;`,
    '  return stringWidth(text, options);',
    '}',
  ].join('\n');
}

export const stringWidthNarrow = {
  name: 'string-width-narrow',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'string-width-narrow') return undefined;
      const real = await b.resolve('string-width', {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'string-width-narrow',
      });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'string-width-narrow' };
    });
    b.onLoad({ filter: /.*/, namespace: 'string-width-narrow' }, (args) => ({
      contents: narrowFastPathSource(args.path),
      // strip-ansi resolved beside this copy of string-width, as its own import is.
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
