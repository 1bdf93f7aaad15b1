import { PassThrough, Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKeyPair } from '../report/keys.js';
import { OperatorQuit } from '../core/events.js';
import { createPlainFrontEnd } from './plain-frontend.js';
import { run, stripAnsi, tick } from '../../test/tui-helpers.js';

const ADA_PASS = 'ada passphrase, long enough';
const GRACE_PASS = 'grace passphrase, long enough';
const keys = { ada: '', grace: '' };
beforeAll(async () => {
  // Real keys as `keys create` writes them: plain mode unlocks each as its passphrase is entered.
  const dir = mkdtempSync(join(tmpdir(), 'bg-plain-signoff-'));
  keys.ada = (await createKeyPair({ name: 'Ada Lovelace', dir, passphrase: ADA_PASS })).privatePath;
  keys.grace = (await createKeyPair({ name: 'Grace Hopper', dir, passphrase: GRACE_PASS })).privatePath;
}, 60_000);

function setup(isTTY = false) {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
  let text = '';
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  // Like process.stdout, it cannot be ended (inquirer pipes into it and ends its side after each prompt).
  Object.assign(stdout, { isTTY, columns: 80, end: () => stdout });
  const fe = createPlainFrontEnd({ stdin, stdout, env: { TERM: 'xterm' } });
  let seen = 0;
  /** Wait until `needle` appears in output written after the previous answer, then type `keys`. */
  const answer = async (needle: string, keys: string) => {
    const end = Date.now() + 30_000; // scrypt unlocks in a validator: slow on a busy machine
    while (!stripAnsi(text.slice(seen)).includes(needle)) {
      if (Date.now() > end) throw new Error(`never saw "${needle}" in:\n${stripAnsi(text.slice(seen))}`);
      await tick(10);
    }
    seen = text.length;
    await tick(10);
    stdin.write(keys);
  };
  return { fe, answer, out: () => stripAnsi(text), raw: () => text };
}

describe('plain front end', () => {
  it('answers every prompt type line by line', async () => {
    const { fe, answer, out } = setup();
    fe.emit({ type: 'run-started', run, resumed: false });
    const c = fe.ask({ type: 'confirm', instanceId: 'a', message: 'Ready?' });
    await answer('Ready?', 'y\r');
    expect(await c).toBe(true);

    const f = fe.ask({
      type: 'form',
      instanceId: 'inputs',
      title: 'Inputs',
      fields: [
        { name: 'accounts', type: 'upn-list', label: 'Accounts', required: true },
        { name: 'n', type: 'int', label: 'How many', required: true, min: 2 },
      ],
    });
    await answer('Accounts', 'not-a-upn\r');
    await answer('not a user principal name', '\x15bg1@contoso.onmicrosoft.com\r');
    await answer('How many', '2\r');
    expect(await f).toEqual({ accounts: ['bg1@contoso.onmicrosoft.com'], n: 2 });

    const ch = fe.ask({
      type: 'choice',
      instanceId: 'c',
      message: 'Path?',
      choices: [
        { value: 'a', label: 'First' },
        { value: 'b', label: 'Second' },
      ],
    });
    await answer('Path?', '\x1b[B\r');
    expect(await ch).toBe('b');

    const fail = fe.ask({
      type: 'failure',
      instanceId: 'x',
      canRetry: true,
      result: {
        status: 'error',
        summary: 'read failed',
        outputs: {},
        evidence: [],
        startedAt: '',
        finishedAt: '',
        error: { what: 'Graph read failed', cause: 'offline', todo: 'check network' },
      },
    });
    await answer('What now?', '\x1b[B\r');
    await answer('Why is it safe', 'checked by hand in portal\r');
    expect(await fail).toEqual({ choice: 'override', justification: 'checked by hand in portal' });
    expect(out()).toContain('What failed: Graph read failed');

    const so = fe.ask({ type: 'signoff', instanceId: 's', roles: ['operator'] });
    await answer('Name of the operator', 'Ada\r');
    await answer('Signing key file', `${keys.ada}\r`);
    await answer('Passphrase', `${ADA_PASS}\r`);
    expect(await so).toEqual({
      signers: [{ role: 'operator', name: 'Ada', keyPath: keys.ada, passphrase: ADA_PASS }],
    });
    expect(out()).not.toContain(ADA_PASS);
  }, 60_000);

  it('sign-off: the keys folder is offered, a wrong passphrase is said at once and asked again, a retry keeps entries', async () => {
    const { fe, answer, out } = setup();
    const so = fe.ask({
      type: 'signoff',
      instanceId: 's',
      roles: ['operator', 'witness'],
      keys: [keys.ada, keys.grace],
    });
    await answer('Name of the operator', 'Ada Lovelace\r');
    // A list of the folder's key files: Enter takes the first (Ada's), nobody types a path.
    await answer('Signing key file for the operator', '\r');
    expect(out()).toMatch(/ada-lovelace-[0-9a-f]+\.key\.pem/);
    expect(out()).toMatch(/grace-hopper-[0-9a-f]+\.key\.pem/);
    expect(out()).toContain('Type the path of another key file');
    await answer('Passphrase for', 'not the passphrase\r');
    await answer('wrong passphrase for', `\x15${ADA_PASS}\r`);
    // The message names the key file (wrapped at the terminal's width).
    expect(out().replace(/\s+/g, '')).toContain(`wrongpassphrasefor${keys.ada}`);
    await answer('Name of the witness', 'ada lovelace\r');
    await answer('must be a different person from the operator', '\x15Grace Hopper\r');
    await answer('Signing key file for the witness', '\x1b[B\r');
    await answer('Passphrase for', `${GRACE_PASS}\r`);
    const first = await so;
    expect(first).toEqual({
      signers: [
        { role: 'operator', name: 'Ada Lovelace', keyPath: keys.ada, passphrase: ADA_PASS },
        { role: 'witness', name: 'Grace Hopper', keyPath: keys.grace, passphrase: GRACE_PASS },
      ],
    });
    // Asked again (the step failed for another reason): every entry is offered, no passphrase is typed again.
    const again = fe.ask({
      type: 'signoff',
      instanceId: 's',
      roles: ['operator', 'witness'],
      keys: [keys.ada, keys.grace],
      filled: first.signers,
    });
    await answer('Name of the operator', '\r');
    await answer('Signing key file for the operator', '\r');
    await answer('Name of the witness', '\r');
    await answer('Signing key file for the witness', '\r');
    expect(await again).toEqual(first);
    expect(out()).toContain('kept from before (it opens the key)');
    expect(out()).not.toContain(ADA_PASS);
    expect(out()).not.toContain(GRACE_PASS);
  }, 90_000);

  it("lists the tenant's suggestions numbered: a number picks one, typed text goes over, a failed read says so", async () => {
    const { fe, answer, out } = setup();
    const f = fe.ask({
      type: 'form',
      instanceId: 'inputs',
      title: 'Inputs',
      fields: [
        {
          name: 'account',
          type: 'upn',
          label: 'Break-glass account',
          required: true,
          suggestions: [
            {
              value: 'bg-admin-01@contoso.onmicrosoft.com',
              label: 'bg-admin-01@contoso.onmicrosoft.com (in SG-BreakGlass-Exclude)',
            },
            {
              value: 'bg-admin-02@contoso.onmicrosoft.com',
              label: 'bg-admin-02@contoso.onmicrosoft.com (in SG-BreakGlass-Exclude)',
            },
          ],
        },
        {
          name: 'group',
          type: 'string',
          label: 'Exclusion group',
          required: true,
          suggestions: [
            { value: 'SG-BreakGlass-Exclude', label: 'SG-BreakGlass-Exclude (excluded from 4 of 5 policies)' },
          ],
        },
        {
          name: 'workspace',
          type: 'string',
          label: 'Workspace',
          required: false,
          suggestNote: "The tenant's suggestions could not be read (HTTP 403); type the value.",
        },
      ],
    });
    await answer('Break-glass account', '3\r');
    await answer('not a user principal name', '\x152\r');
    await answer('Exclusion group', 'SG-Typed\r');
    await answer('Workspace', '\r');
    expect(await f).toEqual({ account: 'bg-admin-02@contoso.onmicrosoft.com', group: 'SG-Typed' });
    expect(out()).toContain(
      'Suggested by the tenant for Break-glass account (type its number to pick it, or type your own):',
    );
    expect(out()).toContain('  1. bg-admin-01@contoso.onmicrosoft.com (in SG-BreakGlass-Exclude)');
    expect(out()).toContain('  2. bg-admin-02@contoso.onmicrosoft.com (in SG-BreakGlass-Exclude)');
    expect(out()).toContain("Workspace: The tenant's suggestions could not be read (HTTP 403); type the value.");
  });

  it('a failure caused by an input: the input is corrected (its value now offered) and the step retried', async () => {
    const { fe, answer, out } = setup();
    const fail = fe.ask({
      type: 'failure',
      instanceId: 'sign-in',
      canRetry: true,
      result: {
        status: 'error',
        summary: 'No user "bg-admin-01@contoso.onmicrosoft.com" in this tenant.',
        outputs: {},
        evidence: [],
        startedAt: '',
        finishedAt: '',
      },
      inputs: [
        {
          name: 'account',
          type: 'upn',
          label: 'Break-glass account to use',
          required: true,
          default: 'bg-admin-01@contoso.onmicrosoft.com',
        },
        { name: 'note', type: 'string', label: 'Note', required: false, default: 'drill' },
      ],
    });
    await answer('What now?', '\x1b[B\r');
    await answer('Break-glass account to use', '\x15bg-admin-02@contosopractice.onmicrosoft.com\r');
    await answer('Note', '\r'); // Enter keeps the value shown
    expect(await fail).toEqual({
      choice: 'correct',
      inputs: { account: 'bg-admin-02@contosopractice.onmicrosoft.com', note: 'drill' },
    });
    expect(out()).toContain('Correct an input, then retry the step');
    expect(out()).toContain('(bg-admin-01@contoso.onmicrosoft.com)'); // the value now, offered as the default
  });

  it('shows a secret once, after a scrollback warning, and clears the screen on a terminal', async () => {
    const { fe, answer, out, raw } = setup(true);
    const s = fe.ask({
      type: 'secret',
      instanceId: 't',
      secret: { title: 'TAP for bg1', lines: ['Xy7-secret'], fingerprint: 'tap:0a1b' },
    });
    await answer('nobody else can see', '\r');
    expect(out()).toContain('cannot guarantee');
    expect(out()).not.toContain('Xy7-secret');
    await answer('Press Enter to clear', '\r');
    expect(await s).toEqual({ acknowledged: true });
    const r = raw();
    expect(r.indexOf('\x1b[2J\x1b[3J')).toBeGreaterThan(r.indexOf('Xy7-secret'));
    expect(out()).toContain('The secret was cleared');
  });

  it('on a pipe a secret is refused, not written: the run stops resumable and says to use a terminal', async () => {
    const { fe, out } = setup(false);
    fe.emit({ type: 'run-started', run, resumed: false });
    const s = fe.ask({
      type: 'secret',
      instanceId: 't',
      secret: { title: 'TAP for bg1', lines: ['Xy7-secret'], fingerprint: 'tap:0a1b' },
    });
    await expect(s).rejects.toBeInstanceOf(OperatorQuit);
    expect(out()).not.toContain('Xy7-secret');
    expect(out()).toContain('Not shown: "TAP for bg1" is a secret');
    expect(out()).toContain(
      'Continue in a terminal, without a pipe or redirection: breakglass resume run-2025-01-01-abc123',
    );
    await expect(fe.ask({ type: 'confirm', instanceId: 'b', message: 'x' })).rejects.toBeInstanceOf(OperatorQuit);
  });

  it("a custodian's hidden share is masked and wiped from the screen before the next custodian", async () => {
    const { fe, answer, out, raw } = setup(true);
    const f = fe.ask({
      type: 'form',
      instanceId: 'back',
      title: 'Recover — Ann only (part 1 of 2); everyone else look away',
      fields: [{ name: 'part1', type: 'text', label: 'Ann: type your share', required: true, secret: true }],
    });
    await answer('Ann: type your share', 'ABCD-EFGH-2345\r');
    expect(await f).toEqual({ part1: 'ABCD-EFGH-2345' });
    expect(out()).not.toContain('ABCD-EFGH-2345');
    const r = raw();
    expect(r.lastIndexOf('\x1b[2J\x1b[3J')).toBeGreaterThan(r.lastIndexOf('Ann: type your share'));
  });

  it('destructive actions need the name typed; empty declines', async () => {
    const { fe, answer } = setup();
    const a = fe.ask({
      type: 'action',
      instanceId: 'd',
      preview: {
        actionId: 'del',
        summary: 'Delete bg-old',
        target: { type: 'user', name: 'bg-old' },
        alreadyDone: false,
        destructive: true,
        confirmText: 'bg-old',
      },
    });
    await answer('Type bg-old', '\r');
    expect(await a).toEqual({ approved: false });
  });

  it('Ctrl+C becomes OperatorQuit with the resume command, and later asks refuse at once', async () => {
    const { fe, answer, out } = setup();
    fe.emit({ type: 'run-started', run, resumed: false });
    const c = fe.ask({ type: 'confirm', instanceId: 'a', message: 'Go on?' }).catch((e) => e);
    await answer('Go on?', '\x03');
    expect(await c).toBeInstanceOf(OperatorQuit);
    expect(out()).toContain('Continue later with: breakglass resume run-2025-01-01-abc123');
    await expect(fe.ask({ type: 'confirm', instanceId: 'b', message: 'x' })).rejects.toBeInstanceOf(OperatorQuit);
  });
});
