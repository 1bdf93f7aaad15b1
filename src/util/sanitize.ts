/**
 * Terminal hygiene for strings we did not write: display names, policy names,
 * error messages and runbook prose may come from a tenant or a stranger's
 * runbook. A hostile display name must not be able to move the cursor, set
 * the window title, hide text, fake a hyperlink or reverse the reading order
 * of the line it sits in. Everything that could do that is removed; tabs
 * become a space; newlines are kept only where the caller allows them.
 */

// ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL/ST),
// DCS/SOS/PM/APC (ESC P|X|^|_ … ST), and two-byte escapes (ESC + one char).
const ESCAPE_SEQUENCES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[PX^_][\s\S]*?(?:\x1b\\|$)|\x1b[@-Z\\-_]|\x1b[ -/]*[0-~]?/g;
// 8-bit C1 forms of the same introducers (CSI = U+009B, OSC = U+009D, DCS/SOS/PM/APC).
const C1_SEQUENCES =
  /\u009b[0-?]*[ -/]*[@-~]|\u009d[\s\S]*?(?:\x07|\u009c|$)|[\u0090\u0098\u009e\u009f][\s\S]*?(?:\u009c|$)/g;
// Remaining C0 (except \t \n), DEL and C1 controls.

const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidi embeddings/overrides/isolates and marks (Trojan Source), zero-width
// and invisible formatting characters, and the BOM / word joiner family.
export const INVISIBLE_CLASS =
  '\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\u206a-\\u206f\\ufeff\\u180e\\u00ad\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u3164\\uffa0\\ufff9-\\ufffb';
// Each listed code point is matched on its own, combining marks included: that is the point.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLES = new RegExp(`[${INVISIBLE_CLASS}]`, 'g');
// Unicode "tag" characters (U+E0000–E007F) can smuggle invisible text.
const TAGS = /[\u{e0000}-\u{e007f}]/gu;

export interface SanitizeOptions {
  /** Keep line breaks (prose, multi-line lists). Default false: one line. */
  multiline?: boolean;
  /** Cut to this many characters (adds …). */
  max?: number;
}

/** A string safe to print to a terminal: no escape sequences, controls, bidi overrides or invisible characters. */
export function sanitize(input: unknown, opts: SanitizeOptions = {}): string {
  if (input === undefined || input === null) return '';
  let s = typeof input === 'string' ? input : String(input);
  s = s.replace(/\r\n?/g, '\n');
  s = s.replace(ESCAPE_SEQUENCES, '').replace(C1_SEQUENCES, '');
  s = s.replace(/\t/g, ' ');
  if (!opts.multiline) s = s.replace(/\n+/g, ' ');
  s = s.replace(CONTROLS, (c) => (c === '\n' ? c : ''));
  s = s.replace(INVISIBLES, '').replace(TAGS, '');
  // Variation selectors are harmless alone but can be stacked to hide data.
  s = s.replace(/[\ufe00-\ufe0f]{2,}/g, '');
  if (opts.max !== undefined && [...s].length > opts.max) s = [...s].slice(0, Math.max(0, opts.max - 1)).join('') + '…';
  return s;
}

/** True when sanitize() would change the string (used to flag a suspicious name). */
export function isSuspicious(input: string): boolean {
  return sanitize(input, { multiline: true }) !== input.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
}
