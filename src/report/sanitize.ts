/**
 * Tenant strings (policy names, UPNs, display names, error text) end up in
 * terminals, Markdown and HTML. They are untrusted: first the shared cleaner
 * removes what could drive a terminal or hide text (util/sanitize.ts), then
 * these functions escape for the target format.
 */
import { sanitize } from '../util/sanitize.js';

/** Removes control, bidi and invisible characters; keeps newlines and tabs (for multi-line prose). */
export function stripControl(s: string): string {
  return sanitize(s, { multiline: true, keepTabs: true });
}

/** One line: cleaned, runs of newlines/tabs folded into one space. */
export function oneLine(s: unknown): string {
  return stripControl(String(s ?? ''))
    .replace(/[\t\n]+/g, ' ')
    .trim();
}

export function escapeHtml(s: unknown): string {
  return stripControl(String(s ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Markdown inline text: one line, markup characters escaped so a tenant string cannot add links, images or HTML. */
export function escapeMd(s: unknown): string {
  return oneLine(s).replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}

/** Inline code in Markdown: a backtick fence longer than any run inside. */
export function mdCode(s: unknown): string {
  const t = oneLine(s);
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${t.startsWith('`') || t.endsWith('`') ? ` ${t} ` : t}${fence}`;
}
