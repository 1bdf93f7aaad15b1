import React from 'react';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { createKeyPair } from '../report/keys.js';
import type { SignoffSigner } from '../core/events.js';
import { Signoff } from './Signoff.js';

afterEach(() => cleanup());

const ADA_PASS = 'ada passphrase, long enough';
const GRACE_PASS = 'grace passphrase, long enough';
let dir: string;
let ada: string;
let grace: string;

beforeAll(async () => {
  // Real keys as `keys create` writes them (scrypt-sealed): the form unlocks them as a person types.
  dir = mkdtempSync(join(tmpdir(), 'bg-signoff-form-'));
  ada = (await createKeyPair({ name: 'Ada Lovelace', dir, passphrase: ADA_PASS })).privatePath;
  grace = (await createKeyPair({ name: 'Grace Hopper', dir, passphrase: GRACE_PASS })).privatePath;
}, 60_000);

/** Unlocking runs scrypt (128 MiB): on a busy machine it takes a while. */
const SLOW = 30_000;

function mount(roles: string[], extra: { keys?: string[]; filled?: SignoffSigner[] } = {}) {
  const onAnswer = vi.fn();
  const app = render(
    <Signoff
      prompt={{ type: 'signoff', instanceId: 's', roles, ...extra }}
      active
      width={80}
      rows={16}
      onAnswer={onAnswer}
      setTyping={() => {}}
    />,
  );
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  return { app, onAnswer, frame };
}

/** A long key path wraps at 80 columns: compare text with the line breaks and spaces taken out. */
const flat = (s: string) => s.replace(/\s+/g, '');
function has(f: string, text: string): boolean {
  return flat(f).includes(flat(text));
}

describe('Signoff', () => {
  it('collects a name per role, an optional key file, and a masked passphrase that is never rendered', async () => {
    const { app, onAnswer, frame } = mount(['operator', 'witness']);
    let f = await waitFor(frame, (f) => f.includes('Sign-off — 2 role(s): operator, witness'));
    await type(app.stdin, KEY.enter);
    f = await waitFor(frame, (f) => f.includes('Enter the name of the operator'));
    await type(app.stdin, ...'Ada Lovelace'.split(''), KEY.enter);
    await waitFor(frame, (f) => f.includes('Signing key file'));
    await type(app.stdin, ...ada.split(''), KEY.enter);
    await waitFor(frame, (f) => f.includes('Passphrase for'), SLOW);
    await type(app.stdin, ...ADA_PASS.split(''));
    f = await waitFor(frame, (f) => f.includes('•'.repeat(ADA_PASS.length)));
    await type(app.stdin, KEY.enter);
    f = await waitFor(frame, (f) => f.includes('▸ witness'), SLOW);
    expect(has(f, `✓ operator: Ada Lovelace · key ${ada} (unlocked)`)).toBe(true);
    await type(app.stdin, ...'Grace Hopper'.split(''), KEY.enter, KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith({
      signers: [
        { role: 'operator', name: 'Ada Lovelace', keyPath: ada, passphrase: ADA_PASS },
        { role: 'witness', name: 'Grace Hopper' },
      ],
    });
    expect(app.frames.join('\n')).not.toContain(ADA_PASS);
  }, 60_000);

  it('a wrong passphrase is refused as it is entered and the same field is asked again; the right one goes on', async () => {
    const { app, onAnswer, frame } = mount(['operator', 'witness']);
    await waitFor(frame, (f) => f.includes('▸ operator'));
    await type(app.stdin, ...'Ada Lovelace'.split(''), KEY.enter);
    await waitFor(frame, (f) => f.includes('Signing key file'));
    await type(app.stdin, ...ada.split(''), KEY.enter);
    await waitFor(frame, (f) => f.includes('Passphrase for'), SLOW);
    await type(app.stdin, ...'not the passphrase'.split(''), KEY.enter);
    let f = await waitFor(frame, (f) => f.includes('✗ wrong passphrase for'), SLOW);
    // Still the operator's passphrase field, emptied; the witness has not been asked anything.
    expect(has(f, `wrong passphrase for ${ada}`)).toBe(true);
    expect(f).toContain('▸ operator');
    expect(f).not.toContain('▸ witness');
    expect(f).not.toContain('•');
    await type(app.stdin, ...ADA_PASS.split(''), KEY.enter);
    f = await waitFor(frame, (f) => f.includes('▸ witness'), SLOW);
    expect(f).not.toContain('wrong passphrase');
    await type(app.stdin, ...'Grace Hopper'.split(''), KEY.enter, KEY.enter);
    expect(onAnswer).toHaveBeenCalledTimes(1);
    expect(onAnswer.mock.calls[0]![0].signers[0]).toEqual({
      role: 'operator',
      name: 'Ada Lovelace',
      keyPath: ada,
      passphrase: ADA_PASS,
    });
  }, 60_000);

  it('offers the key files in the keys folder: ↓ picks one, no path is typed', async () => {
    const { app, onAnswer, frame } = mount(['witness'], { keys: [ada, grace] });
    await waitFor(frame, (f) => f.includes('▸ witness'));
    await type(app.stdin, ...'Grace Hopper'.split(''), KEY.enter);
    let f = await waitFor(frame, (f) => f.includes('Keys in the keys folder'));
    expect(f).toMatch(/ada-lovelace-[0-9a-f]+\.key\.pem/);
    expect(f).toMatch(/grace-hopper-[0-9a-f]+\.key\.pem/);
    await type(app.stdin, KEY.down, KEY.down);
    f = await waitFor(frame, (f) => has(f, `Signing key file (Enter to skip): ${grace}`));
    expect(f).toMatch(/› grace-hopper-/);
    await type(app.stdin, KEY.enter);
    await waitFor(frame, (f) => f.includes('Passphrase for grace-hopper-'), SLOW);
    await type(app.stdin, ...GRACE_PASS.split(''), KEY.enter);
    await vi.waitFor(() => expect(onAnswer).toHaveBeenCalled(), { timeout: SLOW });
    expect(onAnswer).toHaveBeenCalledWith({
      signers: [{ role: 'witness', name: 'Grace Hopper', keyPath: grace, passphrase: GRACE_PASS }],
    });
  }, 60_000);

  it('a file that is not a private key is said at the key field, before any passphrase is asked', async () => {
    const pub = join(dir, 'someone.pub.pem');
    writeFileSync(pub, '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n');
    const { app, frame } = mount(['operator']);
    await waitFor(frame, (f) => f.includes('▸ operator'));
    await type(app.stdin, ...'Ada Lovelace'.split(''), KEY.enter);
    await waitFor(frame, (f) => f.includes('Signing key file'));
    await type(app.stdin, ...pub.split(''), KEY.enter);
    const f = await waitFor(frame, (f) => f.includes('is not a private key file'));
    expect(f).toContain('Signing key file (Enter to skip)');
    expect(f).not.toContain('Passphrase for');
  });

  it('asked again after a failure, it comes back with both signers as entered: Enter keeps each', async () => {
    const filled: SignoffSigner[] = [
      { role: 'operator', name: 'Ada Lovelace', keyPath: ada, passphrase: ADA_PASS },
      { role: 'witness', name: 'Grace Hopper', keyPath: grace, passphrase: GRACE_PASS },
    ];
    const { app, onAnswer, frame } = mount(['operator', 'witness'], { filled });
    let f = await waitFor(frame, (f) => f.includes('▸ operator'));
    expect(f).toContain('Name: Ada Lovelace');
    await type(app.stdin, KEY.enter);
    f = await waitFor(frame, (f) => has(f, `Signing key file (Enter to skip): ${ada}`));
    await type(app.stdin, KEY.enter);
    f = await waitFor(frame, (f) => f.includes('Passphrase for'), SLOW);
    expect(f).toContain('•'.repeat(ADA_PASS.length));
    await type(app.stdin, KEY.enter);
    f = await waitFor(frame, (f) => f.includes('▸ witness'), SLOW);
    expect(f).toContain('Name: Grace Hopper');
    await type(app.stdin, KEY.enter, KEY.enter);
    await waitFor(frame, (f) => f.includes('Passphrase for grace-hopper-'), SLOW);
    await type(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(onAnswer).toHaveBeenCalled(), { timeout: SLOW });
    expect(onAnswer).toHaveBeenCalledWith({ signers: filled });
  }, 60_000);

  it('the same person cannot sign twice: said at the name, not after the run', async () => {
    const { app, frame } = mount(['operator', 'witness']);
    await waitFor(frame, (f) => f.includes('▸ operator'));
    await type(app.stdin, ...'Ada Lovelace'.split(''), KEY.enter, KEY.enter);
    await waitFor(frame, (f) => f.includes('▸ witness'));
    await type(app.stdin, ...'ada lovelace'.split(''), KEY.enter);
    const f = await waitFor(frame, (f) => f.includes('must be a different person'));
    expect(f).toContain('The witness must be a different person from the operator (Ada Lovelace).');
  });
});
