/**
 * The one cleaner for text we did not write: display names, policy names,
 * error messages from a tenant, runbook prose and paths, report content.
 * A hostile string must not be able to move the cursor, set the window
 * title, hide text, fake a hyperlink or make a line read differently from
 * what it is. Everything that could do that is removed; tabs become a space
 * unless the caller keeps them; newlines are kept only where the caller
 * allows them. Callers that write Markdown or HTML escape for that format
 * as a second step (src/report/sanitize.ts); this module only cleans characters.
 */

// ESC-introduced sequences (terminal spoofing: recolour, clear, retitle, hyperlink, clipboard):
// CSI (ESC [ … final), OSC (ESC ] … BEL/ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST), and two-byte escapes.
const ESCAPE_SEQUENCES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[PX^_][\s\S]*?(?:\x1b\\|$)|\x1b[@-Z\\-_]|\x1b[ -/]*[0-~]?/g;
// 8-bit C1 forms of the same introducers (CSI = U+009B, OSC = U+009D, DCS/SOS/PM/APC), same reason.
const C1_SEQUENCES =
  /\u009b[0-?]*[ -/]*[@-~]|\u009d[\s\S]*?(?:\x07|\u009c|$)|[\u0090\u0098\u009e\u009f][\s\S]*?(?:\u009c|$)/g;
// Remaining C0 (tab and newline are handled by the options), DEL and C1 controls: a lone BEL,
// backspace or NUL can still erase or overwrite what is on the line.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Line and paragraph separators (U+2028/2029): many terminals and editors break the line on them while
// a reader of the raw value does not expect one, so they become a real newline (multi-line text) or a
// space (one line) instead of a hidden line break.
const SEPARATORS = /[\u2028\u2029]/g;
// Characters that change reading order or are invisible:
// - bidi marks, embeddings, overrides and isolates U+200E/200F, U+202A–202E, U+2066–2069, U+061C
//   (Trojan Source, CVE-2021-42574: text that displays in a different order from what it is);
// - zero-width space/joiners U+200B–200D, word joiner and invisible operators U+2060–2064, deprecated
//   format controls U+206A–206F, BOM/ZWNBSP U+FEFF, Mongolian vowel separator U+180E, interlinear
//   annotation U+FFF9–FFFB (hidden text: two names that look equal but are not);
// - soft hyphen U+00AD and combining grapheme joiner U+034F (invisible in most renderings);
// - Hangul and Khmer fillers U+115F, U+1160, U+17B4, U+17B5, U+3164, U+FFA0 (render as blank).
export const INVISIBLE_CLASS =
  '\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\u206a-\\u206f\\ufeff\\u180e\\u00ad\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u3164\\uffa0\\ufff9-\\ufffb';
// Each listed code point is matched on its own, combining marks included: that is the point.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLES = new RegExp(`[${INVISIBLE_CLASS}]`, 'g');
// Unicode tag characters U+E0000–E007F mirror ASCII invisibly: a whole hidden sentence can ride on a
// name (hidden text, and a known way to smuggle instructions past a reader).
const TAGS = /[\u{e0000}-\u{e007f}]/gu;
// Variation selectors (U+FE00–FE0F, U+E0100–E01EF): ONE after a character is ordinary (emoji vs text
// presentation, ❤️ = U+2764 U+FE0F; ideographic variants), so a single one is kept. A run of two or more
// has no rendering meaning and is how data is hidden behind one visible character, so runs are removed.
const STACKED_SELECTORS = /[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]{2,}/gu;
// A UTF-16 surrogate without its partner is not a character: terminals and encoders mangle it
// differently. It becomes U+FFFD, the visible replacement character, as a UTF-8 decoder would do.
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface SanitizeOptions {
  /** Keep line breaks (prose, multi-line lists). Default false: one line, breaks become spaces. */
  multiline?: boolean;
  /** Keep tab characters (Markdown/HTML prose). Default false: a tab becomes a space. */
  keepTabs?: boolean;
  /** Cut to this many characters (adds …). */
  max?: number;
}

/** A string safe to print: no escape sequences, controls, bidi overrides, hidden separators or invisible characters. */
export function sanitize(input: unknown, opts: SanitizeOptions = {}): string {
  if (input === undefined || input === null) return '';
  let s = typeof input === 'string' ? input : String(input);
  s = s.replace(/\r\n?/g, '\n').replace(SEPARATORS, '\n');
  s = s.replace(ESCAPE_SEQUENCES, '').replace(C1_SEQUENCES, '');
  if (!opts.keepTabs) s = s.replace(/\t/g, ' ');
  if (!opts.multiline) s = s.replace(/\n+/g, ' ');
  s = s.replace(CONTROLS, '');
  s = s.replace(INVISIBLES, '').replace(TAGS, '').replace(STACKED_SELECTORS, '');
  s = s.replace(LONE_SURROGATES, '\ufffd');
  if (opts.max !== undefined && [...s].length > opts.max) s = [...s].slice(0, Math.max(0, opts.max - 1)).join('') + '…';
  return s;
}

/** True when sanitize() would change the string (used to flag a suspicious name). */
export function isSuspicious(input: string): boolean {
  return sanitize(input, { multiline: true }) !== input.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
}
