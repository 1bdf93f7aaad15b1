import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { ActionPreview as Preview, Prompt } from '../core/events.js';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { ActionPreview } from './ActionPreview.js';
import { withScope } from '../steps/preview-scope.js';

afterEach(() => cleanup());

function show(preview: Preview) {
  const onAnswer = vi.fn();
  const prompt: Extract<Prompt, { type: 'action' }> = { type: 'action', instanceId: 'a', preview };
  const app = render(
    <ActionPreview prompt={prompt} active width={80} rows={20} onAnswer={onAnswer} setTyping={() => {}} />,
  );
  return { app, onAnswer, frame: () => stripAnsi(app.lastFrame() ?? '') };
}

const base: Preview = {
  actionId: 'ca-exclude',
  summary: 'Add group SG-BreakGlass-Exclude to the exclusions of policy CA004',
  target: { type: 'policy', name: 'CA004 Require MFA', id: 'p-4' },
  diff: { before: ['excludeGroups: []'], after: ['excludeGroups: [SG-BreakGlass-Exclude]'] },
  alreadyDone: false,
  destructive: false,
};

describe('ActionPreview', () => {
  it('shows the exact change as a diff with before/after words, y approves', async () => {
    const { app, onAnswer, frame } = show(base);
    const f = await waitFor(frame, (f) => f.includes('Change:'));
    expect(f).toContain('✎ Change: Add group SG-BreakGlass-Exclude to the exclusions of policy CA004');
    expect(f).toContain('Target: policy CA004 Require MFA (p-4)');
    expect(f).toContain('- before: excludeGroups: []');
    expect(f).toContain('+ after:  excludeGroups: [SG-BreakGlass-Exclude]');
    await type(app.stdin, 'y');
    expect(onAnswer).toHaveBeenCalledWith({ approved: true });
  });

  it('a destructive change needs the target name typed exactly; y alone does nothing', async () => {
    const { app, onAnswer, frame } = show({
      ...base,
      summary: 'Delete user bg-old',
      target: { type: 'user', name: 'bg-old@contoso.onmicrosoft.com' },
      destructive: true,
      confirmText: 'bg-old@contoso.onmicrosoft.com',
    });
    await waitFor(frame, (f) => f.includes('DESTRUCTIVE'));
    await type(app.stdin, 'y', KEY.enter);
    let f = await waitFor(frame, (f) => f.includes('does not match'));
    expect(onAnswer).not.toHaveBeenCalled();
    await type(app.stdin, KEY.backspace, ...'bg-old@contoso.onmicrosoft.com'.split(''), KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith({ approved: true, typed: 'bg-old@contoso.onmicrosoft.com' });
    f = frame();
    expect(f).toContain('Type bg-old@contoso.onmicrosoft.com to make this change');
  });

  it('Esc declines a destructive change', async () => {
    const { app, onAnswer, frame } = show({ ...base, destructive: true });
    await waitFor(frame, (f) => f.includes('DESTRUCTIVE'));
    await type(app.stdin, KEY.esc);
    await waitFor(
      () => String(onAnswer.mock.calls.length),
      (n) => n === '1',
    );
    expect(onAnswer).toHaveBeenCalledWith({ approved: false });
  });

  it('already in place: nothing is sent, Enter continues', async () => {
    const { app, onAnswer, frame } = show({ ...base, alreadyDone: true });
    const f = await waitFor(frame, (f) => f.includes('Already in place'));
    expect(f).toContain('Nothing will be sent');
    await type(app.stdin, KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith({ approved: true });
  });

  it('a privilege change names who gains what; y, n and Enter do nothing; each principal is typed; Esc declines', async () => {
    const preview: Preview = {
      ...base,
      summary: 'Add sam.staff@contoso-practice.com to "SG-BreakGlass-Exclude"',
      target: { type: 'group', name: 'SG-BreakGlass-Exclude', id: 'g-1' },
      risk: 'privilege',
      grants: [
        {
          principal: { type: 'user', name: 'sam.staff@contoso-practice.com', id: 'u-1' },
          gains: 'membership of "SG-BreakGlass-Exclude"',
        },
        {
          principal: { type: 'user', name: 'bg-admin-01@contoso.onmicrosoft.com', id: 'u-2' },
          gains: 'membership of "SG-BreakGlass-Exclude"',
        },
      ],
    };
    const { app, onAnswer, frame } = show(preview);
    let f = await waitFor(frame, (f) => f.includes('PRIVILEGE change'));
    expect(f).toContain(
      'Gains privilege: user sam.staff@contoso-practice.com gets membership of "SG-BreakGlass-Exclude"',
    );
    expect(f).toContain('(1 of 2) Type sam.staff@contoso-practice.com to give it membership');
    await type(app.stdin, 'y', KEY.enter);
    f = await waitFor(frame, (f) => f.includes('does not match'));
    expect(onAnswer).not.toHaveBeenCalled();
    await type(app.stdin, KEY.backspace, ...'SAM.staff@contoso-practice.com'.split(''), KEY.enter);
    f = await waitFor(frame, (f) => f.includes('(2 of 2)'));
    expect(onAnswer).not.toHaveBeenCalled();
    await type(app.stdin, ...'bg-admin-01@contoso.onmicrosoft.com'.split(''), KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith({
      approved: true,
      typed: ['SAM.staff@contoso-practice.com', 'bg-admin-01@contoso.onmicrosoft.com'],
    });

    const declined = show(preview);
    await waitFor(declined.frame, (f) => f.includes('PRIVILEGE change'));
    await type(declined.app.stdin, KEY.esc);
    await waitFor(
      () => String(declined.onAnswer.mock.calls.length),
      (n) => n === '1',
    );
    expect(declined.onAnswer).toHaveBeenCalledWith({ approved: false });
  });

  it('a privilege change whose principal could not be named says so loudly', async () => {
    const { frame } = show({
      ...base,
      risk: 'privilege',
      grants: [
        {
          principal: {
            type: 'user',
            name: '5f1c0000-0000-4000-8000-000000000001',
            id: '5f1c0000-0000-4000-8000-000000000001',
          },
          gains: 'membership of group g',
          unresolved: 'Names could not be read: the signed-in identity may not read user 5f1c… (HTTP 403).',
        },
      ],
    });
    const f = await waitFor(frame, (f) => f.includes('PRIVILEGE'));
    expect(f).toContain('⚠ Names could not be read');
    expect(f).toContain('Type 5f1c0000-0000-4000-8000-000000000001 to give it');
  });

  it('the headline states the real scope first, read from the requests about to be sent', async () => {
    const { frame } = show(
      withScope({
        ...base,
        actionId: 'authMethods.enableForGroup',
        summary: 'Enable Temporary Access Pass for all users and group "SG-BreakGlass-Exclude"',
        target: { type: 'authenticationMethodConfiguration', name: 'Temporary Access Pass' },
        diff: { before: ['state: disabled', 'include: all users'], after: ['state: enabled', 'include: all users'] },
        sends: [
          {
            method: 'PATCH',
            path: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass',
            body: { state: 'enabled', includeTargets: [{ id: 'all_users', targetType: 'group' }] },
            current: { state: 'disabled', includeTargets: [{ id: 'all_users', targetType: 'group' }] },
          },
        ],
      }),
    );
    const f = await waitFor(frame, (f) => f.includes('Change:'));
    expect(f).toContain('✎ Change: Reaches every user in the tenant');
    const flat = f.replace(/\s+/g, ' ');
    expect(flat.indexOf('every user')).toBeLessThan(flat.indexOf('Enable Temporary Access Pass'));
  });

  it('Tab shows a cut line in full and the hidden lines, and says so in the help line', async () => {
    const long = `excludeGroups: [${Array.from({ length: 12 }, (_, i) => `SG-Exclude-${i + 1}`).join(', ')}]`;
    const after = [long, ...Array.from({ length: 20 }, (_, i) => `line ${i + 1}`)];
    const { app, frame } = show({ ...base, diff: { before: ['excludeGroups: []'], after } });
    let f = await waitFor(frame, (f) => f.includes('Change:'));
    expect(f).not.toContain('SG-Exclude-12');
    expect(f).toContain('more line(s) · Tab shows them');
    expect(f).toContain('Tab full lines');
    expect(f).not.toContain('line 20');
    await type(app.stdin, KEY.tab);
    f = await waitFor(frame, (f) => f.includes('line 20'));
    expect(f.replace(/\s+/g, ' ')).toContain('SG-Exclude-11, SG-Exclude-12]');
    expect(f).toContain('Tab shorten');
    await type(app.stdin, KEY.tab);
    f = await waitFor(frame, (f) => !f.includes('line 20'));
    expect(f).toContain('Tab full lines');
  });

  it('nothing cut: no Tab hint', async () => {
    const { frame } = show(base);
    const f = await waitFor(frame, (f) => f.includes('Change:'));
    expect(f).not.toContain('Tab');
  });
});
