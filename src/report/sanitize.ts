/**
 * Tenant strings (policy names, UPNs, display names, error text) end up in
 * terminals, Markdown and HTML. They are untrusted: strip control characters
 * (terminal escape sequences, C1 controls) and bidi overrides (text that
 * reads differently from what it is), then escape for the target format.
 */

// C0 except tab/newline, DEL, C1, bidi embeddings/overrides/isolates, zero-width joiners used to hide text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Removes control characters; keeps newlines and tabs (for multi-line prose). */
export function stripControl(s: string): string {
  return s.replace(CONTROL, '');
}

/** One line: controls removed, newlines/tabs folded into spaces. */
export function oneLine(s: unknown): string {
  return stripControl(String(s ?? ''))
    .replace(/[\t\r\n]+/g, ' ')
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
