/**
 * The alternate-screen page for a secret, as plain text. Deliberately not an
 * Ink tree: it is written straight to the terminal while the main Ink app is
 * mounted (a second Ink/yoga render inside the first one's commit crashes
 * yoga), and plain text is all it needs. Only the lines of the secret are
 * emphasised; colour is never required to read it.
 */
import type { SecretDisplay } from '../core/events.js';
import { qrText, isQrUrl } from '../components/QrCode.js';
import { sanitize } from '../util/sanitize.js';

const BOLD = (s: string, color: boolean) => (color ? `\x1b[1m${s}\x1b[22m` : s);

export function secretScreenText(secret: SecretDisplay, columns: number, opts: { color?: boolean } = {}): string {
  const color = opts.color ?? true;
  const width = Math.max(30, Math.min(columns, 100) - 2);
  const lines = secret.lines.map((l) => sanitize(l));
  const inner = Math.min(width - 4, Math.max(20, ...lines.map((l) => [...l].length)));
  const out: string[] = [];
  out.push(BOLD(`🔒 ${sanitize(secret.title)}`, color));
  if (secret.audience) out.push(`For: ${sanitize(secret.audience)} — everyone else look away.`);
  out.push('');
  out.push(`╔${'═'.repeat(inner + 2)}╗`);
  for (const l of lines) {
    const chars = [...l];
    for (let i = 0; i === 0 || i < chars.length; i += inner) {
      const part = chars.slice(i, i + inner).join('');
      out.push(`║ ${BOLD(part, color)}${' '.repeat(inner - [...part].length)} ║`);
    }
  }
  out.push(`╚${'═'.repeat(inner + 2)}╝`);
  out.push('');
  if (isQrUrl(secret.qr)) {
    out.push('Scan to open the page where this is used:');
    out.push(qrText(secret.qr));
    out.push(sanitize(secret.qr));
    out.push('');
  }
  out.push(`Fingerprint (recorded instead of the secret): ${sanitize(secret.fingerprint)}`);
  out.push('Shown ONCE, never saved. Write it down or seal it as the runbook says.');
  out.push(BOLD('Press Enter when it is recorded — this screen will be cleared.', color));
  return out.join('\n');
}
