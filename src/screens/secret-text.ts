/**
 * The alternate-screen page for a secret, as plain text. Deliberately not an
 * Ink tree: it is written straight to the terminal while the main Ink app is
 * mounted (a second Ink/yoga render inside the first one's commit crashes
 * yoga), and plain text is all it needs. Only the lines of the secret are
 * emphasised; colour is never required to read it.
 *
 * The page must fit the terminal: anything taller scrolls its top — the
 * title, which names the account the secret belongs to — out of sight. So
 * every line is wrapped here (never left to the terminal), and when the rows
 * are too few the QR code (about 15 rows) is left out, saying so, with its
 * link kept as text.
 */
import type { SecretDisplay } from '../core/events.js';
import { qrText, isQrUrl } from '../components/QrCode.js';
import { sanitize } from '../util/sanitize.js';

const BOLD = (s: string, color: boolean) => (color ? `\x1b[1m${s}\x1b[22m` : s);

/** Word-wraps `text` to `width` columns; a word longer than a line is split. */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while ([...w].length > width) {
      if (line) {
        out.push(line);
        line = '';
      }
      out.push([...w].slice(0, width).join(''));
      w = [...w].slice(width).join('');
    }
    if (!w) continue;
    if (!line) line = w;
    else if ([...line].length + 1 + [...w].length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line || !out.length) out.push(line);
  return out;
}

export interface SecretScreenOptions {
  color?: boolean;
  /** Terminal rows. The page is kept to rows - 1 (the draw ends with a newline). */
  rows?: number;
}

export function secretScreenText(secret: SecretDisplay, columns: number, opts: SecretScreenOptions = {}): string {
  const color = opts.color ?? true;
  const width = Math.max(30, Math.min(columns, 100) - 2);
  const lines = secret.lines.map((l) => sanitize(l));
  const inner = Math.min(width - 4, Math.max(20, ...lines.map((l) => [...l].length)));

  // The lock is two columns wide: the title wraps under itself, indented to match.
  const title = wrapWords(sanitize(secret.title), width - 3).map((l, i) => BOLD(`${i ? '   ' : '🔒 '}${l}`, color));
  const audience = secret.audience
    ? wrapWords(`For: ${sanitize(secret.audience)} — everyone else look away.`, width)
    : [];
  const box = [`╔${'═'.repeat(inner + 2)}╗`];
  for (const l of lines) {
    const chars = [...l];
    for (let i = 0; i === 0 || i < chars.length; i += inner) {
      const part = chars.slice(i, i + inner).join('');
      box.push(`║ ${BOLD(part, color)}${' '.repeat(inner - [...part].length)} ║`);
    }
  }
  box.push(`╚${'═'.repeat(inner + 2)}╝`);
  const fingerprint = wrapWords(`Fingerprint (recorded instead of the secret): ${sanitize(secret.fingerprint)}`, width);
  const once = wrapWords('Shown ONCE, never saved. Write it down or seal it as the runbook says.', width);
  const enter = wrapWords('Press Enter when it is recorded — this screen will be cleared.', width).map((l) =>
    BOLD(l, color),
  );

  const url = isQrUrl(secret.qr) ? sanitize(secret.qr) : undefined;
  const qr = url ? qrText(url).split('\n') : [];
  const qrWidth = Math.max(0, ...qr.map((l) => [...l].length));
  const page = (withQr: boolean, blanks: boolean, withOnce: boolean): string[] => {
    const gap = blanks ? [''] : [];
    const link: string[] = [];
    if (url && withQr) link.push('Scan to open the page where this is used:', ...qr, url, ...gap);
    else if (url) {
      const why = qrWidth > columns ? 'narrow' : 'short';
      link.push(...wrapWords(`QR code left out: the terminal is too ${why}. Open the page where this is used:`, width));
      link.push(...wrapWords(url, width), ...gap);
    }
    return [
      ...title,
      ...audience,
      ...gap,
      ...box,
      ...gap,
      ...link,
      ...fingerprint,
      ...(withOnce ? once : []),
      ...enter,
    ];
  };
  const room = opts.rows ? opts.rows - 1 : Infinity;
  const canDrawQr = url !== undefined && qrWidth <= columns;
  // Most to least: the QR goes first, then spacing, then the reminder line.
  const tries: [boolean, boolean, boolean][] = [
    [canDrawQr, true, true],
    [false, true, true],
    [false, false, true],
    [false, false, false],
  ];
  let chosen = page(...tries[tries.length - 1]!);
  for (const t of tries) {
    const p = page(...t);
    if (p.length <= room) {
      chosen = p;
      break;
    }
  }
  return chosen.join('\n');
}
