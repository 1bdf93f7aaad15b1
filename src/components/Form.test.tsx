import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { InputSpec } from '../core/runbook.js';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { FormView } from './Form.js';

afterEach(() => cleanup());

const fields: InputSpec[] = [
  { name: 'accounts', type: 'upn-list', label: 'Break-glass accounts', required: true },
  { name: 'group', type: 'guid', label: 'Exclusion group id', required: true },
  { name: 'window', type: 'duration', label: 'Look-back', required: false, default: 'PT1H' },
  { name: 'notify', type: 'bool', label: 'Notify SOC', required: true, default: true },
];

describe('Form', () => {
  it('validates as typed, moves with Tab, and submits typed values', async () => {
    const onSubmit = vi.fn();
    const app = render(<FormView title="Inputs" fields={fields} active onSubmit={onSubmit} setTyping={() => {}} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitFor(frame, (f) => f.includes('Break-glass accounts'));
    await type(app.stdin, ...'bg1@contoso'.split(''));
    let f = await waitFor(frame, (f) => f.includes('bg1@contoso'));
    expect(f).toMatch(/✗ .*not a user principal name/);
    await type(app.stdin, ...'.onmicrosoft.com, bg2@contoso.onmicrosoft.com'.split(''));
    f = await waitFor(frame, (f) => f.includes('✓ ok'));
    expect(f).not.toContain('✗');
    await type(app.stdin, KEY.tab, ...'not-a-guid'.split(''), KEY.enter);
    f = await waitFor(frame, (f) => f.includes('not a GUID'));
    await type(app.stdin, ...Array(10).fill(KEY.backspace), ...'0000000A-0000-0000-0000-000000000001'.split(''));
    await waitFor(frame, (f) => !f.includes('not a GUID'));
    // Look-back keeps its default; yes/no cycles with arrows; Enter on the last field submits.
    await type(app.stdin, KEY.tab, KEY.tab, KEY.right, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith({
      accounts: ['bg1@contoso.onmicrosoft.com', 'bg2@contoso.onmicrosoft.com'],
      group: '0000000a-0000-0000-0000-000000000001',
      window: 'PT1H',
      notify: false,
    });
  });

  it('refuses the same account twice, and a Tab in the same write as text moves on instead of typing a space', async () => {
    const onSubmit = vi.fn();
    const app = render(<FormView title="Inputs" fields={fields} active onSubmit={onSubmit} setTyping={() => {}} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitFor(frame, (f) => f.includes('Break-glass accounts'));
    await type(app.stdin, 'bg1@contoso.onmicrosoft.com, BG1@contoso.onmicrosoft.com');
    let f = await waitFor(frame, (f) => f.includes('listed twice'));
    expect(f).toMatch(/✗ .*"BG1@contoso.onmicrosoft.com" is listed twice/);
    await type(app.stdin, ...Array(29).fill(KEY.backspace));
    // A paste or a fast typist: the text and the Tab arrive in one read.
    await type(app.stdin, ', bg2@contoso.onmicrosoft.com\t');
    f = await waitFor(frame, (f) => f.includes('▸ Exclusion group id'));
    expect(f).toContain('bg1@contoso.onmicrosoft.com, bg2@contoso.onmicrosoft.com');
    expect(f).toContain('bg2@contoso.onmicrosoft.com ✓ ok');
  });

  it("says the expected form in words, never as the runbook's regex", async () => {
    const app = render(
      <FormView
        title="Inputs"
        fields={[
          {
            name: 'ws',
            type: 'string',
            label: 'Log Analytics workspace resource id',
            required: true,
            pattern:
              '^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.OperationalInsights/workspaces/[^/]+$',
          },
        ]}
        active
        onSubmit={() => {}}
        setTyping={() => {}}
      />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitFor(frame, (f) => f.includes('workspace resource id'));
    await type(app.stdin, ...'law-prod'.split(''));
    const f = await waitFor(frame, (f) => f.includes('expected form'));
    expect(f.replace(/\s*\n\s*/g, ' ')).toContain(
      '"law-prod" is not in the expected form: like /subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…',
    );
    expect(f).not.toContain('[^/]+');
  });

  it('refuses to submit with an invalid or missing field and focuses it', async () => {
    const onSubmit = vi.fn();
    const app = render(<FormView title="Inputs" fields={fields} active onSubmit={onSubmit} setTyping={() => {}} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitFor(frame, (f) => f.includes('Break-glass accounts'));
    await type(app.stdin, KEY.tab, KEY.tab, KEY.tab, KEY.enter);
    const f = await waitFor(frame, (f) => f.includes('is required'));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(f).toMatch(/▸ Break-glass accounts/);
  });

  it('masks a secret field and never renders what is typed', async () => {
    const onSubmit = vi.fn();
    const app = render(
      <FormView
        title="Sign in"
        fields={[{ name: 'secret', type: 'string', label: 'Client secret', required: true, secret: true }]}
        active
        onSubmit={onSubmit}
        setTyping={() => {}}
      />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitFor(frame, (f) => f.includes('typed text is hidden'));
    await type(app.stdin, ...'s3cr3t-value'.split(''));
    await waitFor(frame, (f) => f.includes('••••••••••••'));
    await type(app.stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith({ secret: 's3cr3t-value' });
    expect(app.frames.join('\n')).not.toContain('s3cr3t');
  });

  it('a duration is shown and typed in words, kept in the runbook’s form, and a wrong one says what is expected', async () => {
    const onSubmit = vi.fn();
    const app = render(<FormView title="t" fields={[fields[2]!]} active onSubmit={onSubmit} setTyping={() => {}} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    let f = await waitFor(frame, (f) => f.includes('1 hour'));
    expect(f).not.toContain('PT1H');
    await type(app.stdin, ...Array(6).fill(KEY.backspace));
    f = await waitFor(frame, (f) => f.includes('a length of time, e.g. 15 minutes or 2 hours'));
    await type(app.stdin, ...'soon'.split(''));
    f = await waitFor(frame, (f) => f.includes('soon'));
    expect(f).toContain('is not a length of time like 15 minutes, 2 hours or 90 days');
    await type(app.stdin, ...Array(4).fill(KEY.backspace), ...'1 hour 30 minutes'.split(''), KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith({ window: 'PT1H30M' });
  });
});

describe('Form with suggestions from the tenant', () => {
  const suggested: InputSpec[] = [
    {
      name: 'accounts',
      type: 'upn-list',
      label: 'Break-glass accounts',
      required: true,
      suggestions: [
        {
          value: ['bg-admin-01@contoso.onmicrosoft.com', 'bg-admin-02@contoso.onmicrosoft.com'],
          label:
            'bg-admin-01@contoso.onmicrosoft.com, bg-admin-02@contoso.onmicrosoft.com (the accounts in SG-BreakGlass-Exclude)',
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
        { value: 'SG-Old-Exclude', label: 'SG-Old-Exclude (excluded from 3 of 5 policies)' },
      ],
    },
    {
      name: 'workspace',
      type: 'string',
      label: 'Workspace',
      required: false,
      suggestNote: "The tenant's suggestions could not be read (HTTP 403); type the value.",
    },
  ];

  it('shows them as choices: nothing is filled in until picked; ←/→ picks, typing goes over', async () => {
    const onSubmit = vi.fn();
    const app = render(<FormView title="Inputs" fields={suggested} active onSubmit={onSubmit} setTyping={() => {}} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    let f = await waitFor(frame, (f) => f.includes('Suggested by the tenant'));
    expect(f).toContain('1. bg-admin-01@contoso.onmicrosoft.com, bg-admin-02@contoso.onmicrosoft.com (the accounts in');
    // Offered, not used: the field is still empty.
    expect(f).toMatch(/Break-glass accounts: name@domain, name@domain/);
    await type(app.stdin, KEY.right);
    f = await waitFor(frame, (f) => f.includes('› 1. bg-admin-01'));
    expect(f).toMatch(/Break-glass accounts: bg-admin-01@contoso\.onmicrosoft\.com, bg-admin-02/);
    await type(app.stdin, KEY.tab, KEY.right, KEY.right);
    f = await waitFor(frame, (f) => f.includes('› 2. SG-Old-Exclude'));
    // Typed over: the operator's text wins.
    await type(app.stdin, '\x15', ...'SG-Typed'.split(''), KEY.tab);
    f = await waitFor(frame, (f) => f.includes('could not be read (HTTP 403); type the value.'));
    await type(app.stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith({
      accounts: ['bg-admin-01@contoso.onmicrosoft.com', 'bg-admin-02@contoso.onmicrosoft.com'],
      group: 'SG-Typed',
    });
  });
});
