/**
 * `breakglass keys create` in a terminal, as a person types it: a short passphrase is refused at
 * the first entry (not after typing it twice), and two entries that differ are asked again rather
 * than ending the command with "no terminal" (exit 67).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping keys PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

describe.skipIf(!pty)('keys create in a pseudo-terminal', () => {
  it('checks the 12-character minimum at the first entry and asks again after a mismatch', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bg-e2e-keys-'));
    const env: Record<string, string> = { BREAKGLASS_KEY_PASSPHRASE: '' };
    const s = new PtyScreen(pty!, [BIN, 'keys', 'create', '--name', 'Walter Witness', '--out', out], { env });
    screens.push(s);
    await s.waitFor('(12+ characters)');
    await s.typeText('short');
    await s.type('\r');
    // Refused before the second entry is ever asked.
    let screen = await s.waitFor(/at least 12 characters, please \(this one has 5\)/);
    expect(screen).not.toContain('Type it again');
    await s.type(...Array(5).fill('\x7f'));
    await s.typeText('a long enough passphrase');
    await s.type('\r');
    await s.waitFor('Type it again');
    await s.typeText('a long enough passphrasf');
    await s.type('\r');
    screen = await s.waitFor('The two entries differ. Enter the passphrase again.');
    await s.waitFor((sc) => sc.split('(12+ characters)').length > 2);
    await s.typeText('a long enough passphrase');
    await s.type('\r');
    await s.waitFor((sc) => sc.split('Type it again').length > 2);
    await s.typeText('a long enough passphrase');
    await s.type('\r');
    screen = await s.waitFor('Created an Ed25519 signing key for Walter Witness');
    expect(await s.exited).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.key.pem'))).toHaveLength(1);
  }, 60_000);
});
