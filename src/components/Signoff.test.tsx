import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { Signoff } from './Signoff.js';

afterEach(() => cleanup());

describe('Signoff', () => {
  it('collects a name per role, an optional key file, and a masked passphrase that is never rendered', async () => {
    const onAnswer = vi.fn();
    const app = render(
      <Signoff
        prompt={{ type: 'signoff', instanceId: 's', roles: ['operator', 'witness'] }}
        active
        width={80}
        rows={10}
        onAnswer={onAnswer}
        setTyping={() => {}}
      />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    let f = await waitFor(frame, (f) => f.includes('Sign-off — 2 role(s): operator, witness'));
    await type(app.stdin, KEY.enter);
    f = await waitFor(frame, (f) => f.includes('Enter the name of the operator'));
    await type(app.stdin, ...'Ada Lovelace'.split(''), KEY.enter);
    await waitFor(frame, (f) => f.includes('Signing key file'));
    await type(app.stdin, ...'/keys/ada.pem'.split(''), KEY.enter);
    await waitFor(frame, (f) => f.includes('Key passphrase'));
    await type(app.stdin, ...'hunter2-correct'.split(''));
    f = await waitFor(frame, (f) => f.includes('•••••••••••••••'));
    await type(app.stdin, KEY.enter);
    f = await waitFor(frame, (f) => f.includes('▸ witness'));
    expect(f).toContain('✓ operator: Ada Lovelace · key /keys/ada.pem');
    await type(app.stdin, ...'Grace Hopper'.split(''), KEY.enter, KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith({
      signers: [
        { role: 'operator', name: 'Ada Lovelace', keyPath: '/keys/ada.pem', passphrase: 'hunter2-correct' },
        { role: 'witness', name: 'Grace Hopper' },
      ],
    });
    expect(app.frames.join('\n')).not.toContain('hunter2');
  });
});
