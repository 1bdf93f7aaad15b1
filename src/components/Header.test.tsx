import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { stripAnsi } from '../../test/tui-helpers.js';
import { Header, TenantBadge } from './Header.js';

afterEach(() => cleanup());

describe('Header', () => {
  it('says PRACTICE in words (never only a colour), then the step, the clock and the title', () => {
    const app = render(
      <Header
        title="Quarterly validation"
        index={2}
        total={5}
        iteration={2}
        startedAt={Date.now() - 65_000}
        tenant={{ label: 'PRACTICE · healthy', practice: true }}
        frozen
      />,
    );
    expect(stripAnsi(app.lastFrame() ?? '')).toBe(
      ' PRACTICE  healthy · step 2/5 (item 2) · 01:05 · Quarterly validation',
    );
  });

  it('marks a live tenant LIVE', () => {
    const app = render(<Header title="Rotate" tenant={{ label: 'contoso.onmicrosoft.com', practice: false }} />);
    expect(stripAnsi(app.lastFrame() ?? '')).toBe(' LIVE  contoso.onmicrosoft.com · Rotate');
  });

  it('on a narrow terminal loses the title, never the tenant or the step', () => {
    const app = render(
      <Header
        title="A very long runbook title that does not fit"
        index={3}
        total={9}
        tenant={{ label: 'contoso', practice: false }}
      />,
      // ink-testing-library renders 100 columns; the Text truncates at its Box width.
    );
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f.startsWith(' LIVE  contoso · step 3/9')).toBe(true);
  });

  it('names the program when there is no title, and cleans a hostile tenant label', () => {
    const app = render(<TenantBadge label={'evil\x1b[2Jlabel'} practice={false} />);
    expect(app.lastFrame()).not.toContain('\x1b[2J');
    expect(stripAnsi(app.lastFrame() ?? '')).toBe(' LIVE  evillabel');
    cleanup();
    const plain = render(<Header />);
    expect(stripAnsi(plain.lastFrame() ?? '')).toBe(' · breakglass');
  });
});
