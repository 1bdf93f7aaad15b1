/**
 * A form field marked `secret: true` (the certificate passphrase asked at an
 * identity's sign-in) is typed masked in both front ends: the TUI shows
 * bullets, the plain mode uses a masked password prompt. The value still
 * reaches the caller.
 */
import React from 'react';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { InputSpec } from '../src/core/runbook.js';
import { FormView } from '../src/components/Form.js';
import { createPlainFrontEnd } from '../src/plain/plain-frontend.js';
import { KEY, stripAnsi, tick, type, waitFor } from './tui-helpers.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

afterEach(() => cleanup());

const SECRET = 'tiger-lamp-oxide-91';
const fields: InputSpec[] = [
  { name: 'secret', type: 'string', label: 'passphrase for ./key.pem', required: true, secret: true },
];

describe('secret form fields', () => {
  it('TUI: typed characters are shown as bullets, never as text', async () => {
    const onSubmit = vi.fn();
    const app = render(
      <FormView
        title="Sign in as the emergency application"
        fields={fields}
        active
        onSubmit={onSubmit}
        setTyping={() => {}}
      />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitFor(frame, (f) => f.includes('passphrase for ./key.pem'));
    expect(frame()).toContain('typed text is hidden');
    await type(app.stdin, ...SECRET.split(''));
    const f = await waitFor(frame, (x) => x.includes('•'.repeat(SECRET.length)));
    expect(f).not.toContain('tiger');
    for (const fr of app.frames) expect(stripAnsi(fr)).not.toContain('tiger');
    await type(app.stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith({ secret: SECRET });
  });

  it('plain mode: a masked password prompt', async () => {
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
    let text = '';
    const stdout = new Writable({
      write(chunk, _e, cb) {
        text += chunk.toString();
        cb();
      },
    }) as unknown as NodeJS.WriteStream;
    Object.assign(stdout, { isTTY: false, columns: 80, end: () => stdout });
    const fe = createPlainFrontEnd({ stdin, stdout, env: { TERM: 'xterm' } });
    const answer = fe.ask({ type: 'form', instanceId: 'identity.emergency-app', title: 'Sign in', fields });
    const end = Date.now() + 3000;
    while (!stripAnsi(text).includes('passphrase for ./key.pem')) {
      if (Date.now() > end) throw new Error(`never asked:\n${stripAnsi(text)}`);
      await tick(10);
    }
    stdin.write(SECRET + '\r');
    expect(await answer).toEqual({ secret: SECRET });
    expect(text).not.toContain('tiger');
    await fe.close();
  });
});

describe('secret fields in input and manual steps', () => {
  it('go to the vault; the journal keeps a fingerprint; outputs never hold them', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { parseRunbook } = await import('../src/runbook/parse.js');
    const { startRun } = await import('../src/engine/run.js');
    const { ScriptedOperator } = await import('../src/engine/scripted-operator.js');
    const text = `---
id: secret-fields
title: Secret fields
version: 1.0.0
summary: An input step and a manual record with a secret field.
---

## Type the passphrase from envelope B

\`\`\`step
id: envelope
input:
  serial: { type: string, label: Envelope serial }
  passphrase: { type: string, label: Passphrase from envelope B, secret: true }
\`\`\`

## Note the PIN

\`\`\`step
id: pin
manual:
  confirm: Done
  record:
    pin: { type: string, label: Key PIN, secret: true }
    where: { type: string, label: Where the key is }
\`\`\`
`;
    const rb = parseRunbook(text, 'secret-fields.md', CATALOG).runbook!;
    expect(rb).toBeDefined();
    const operator = new ScriptedOperator({
      answers: {
        envelope: { form: { serial: 'ENV-B-7', passphrase: SECRET } },
        pin: { form: { pin: '8675309-pin', where: 'safe 2' } },
      },
    });
    const out = await startRun({
      catalog: CATALOG,
      runbook: rb,
      operator,
      tenantFactory: () => Promise.reject(new Error('no tenant')),
      tenant: { mode: 'practice', label: 'P' },
      stateDir: mkdtempSync(join(tmpdir(), 'bg-sf-')),
      toolVersion: 't',
    });
    expect(out.status).toBe('completed');
    const journal = readFileSync(join(out.runDir, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain(SECRET);
    expect(journal).not.toContain('8675309');
    expect(journal).toMatch(/"passphrase":"secret:scrypt:[0-9a-f]{12}"/);
    expect(journal).toContain('ENV-B-7');
    expect(journal).toContain('safe 2');
  });
});
