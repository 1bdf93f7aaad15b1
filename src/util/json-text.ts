/**
 * JSON for a terminal or a log viewer: JSON.stringify escapes C0 controls but
 * leaves C1 controls (U+0080–U+009F, where U+009B is an 8-bit CSI), bidi
 * overrides (Trojan Source), invisible formatting characters, line/paragraph
 * separators and tag characters (U+E0000–E007F, invisible ASCII) raw. Tenant
 * data (a display name) reaches our JSON, so those are written as \uXXXX escapes: the same value for a parser, inert on a screen.
 */
import { INVISIBLE_CLASS } from './sanitize.js';

// DEL and C1 controls, line/paragraph separators, tag characters and the invisibles sanitize() removes from text.
const UNSAFE = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_CLASS}\\u{e0000}-\\u{e007f}]`, 'gu');

export function safeJsonStringify(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(
    UNSAFE,
    // A tag character is two UTF-16 code units: each becomes its own \uXXXX, as JSON requires.
    (c) => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
