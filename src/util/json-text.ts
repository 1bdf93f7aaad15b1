/**
 * JSON for a terminal or a log viewer: JSON.stringify escapes C0 controls but
 * leaves C1 controls (U+0080–U+009F, where U+009B is an 8-bit CSI), bidi
 * overrides (Trojan Source), invisible formatting characters and line/paragraph
 * separators raw. Tenant data (a display name) reaches our JSON, so those are
 * written as \uXXXX escapes: the same value for a parser, inert on a screen.
 */
import { INVISIBLE_CLASS } from './sanitize.js';

// DEL and C1 controls, line/paragraph separators, and the invisibles sanitize() removes from text.
const UNSAFE = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_CLASS}]`, 'g');

export function safeJsonStringify(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(
    UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
