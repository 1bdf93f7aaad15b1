/**
 * JSON for a terminal or a log viewer: JSON.stringify escapes C0 controls but
 * leaves C1 controls (U+0080–U+009F, where U+009B is an 8-bit CSI), bidi
 * overrides (Trojan Source), invisible formatting characters and line/paragraph
 * separators raw. Tenant data (a display name) reaches our JSON, so those are
 * written as \uXXXX escapes: the same value for a parser, inert on a screen.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

export function safeJsonStringify(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
