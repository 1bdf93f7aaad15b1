import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { CheckResult } from '../core/events.js';
import { checkResult, KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { ChecksTable } from './ChecksTable.js';

afterEach(() => cleanup());

const checks: CheckResult[] = [
  checkResult('BG-001', 'pass', 'two accounts declared'),
  checkResult('BG-005', 'fail', 'bg2 has SMS', {
    objects: [
      { type: 'user', name: 'bg2@contoso.com' },
      { type: 'user', name: 'bg3@contoso.com' },
    ],
    findings: [{ object: { type: 'user', name: 'bg2@contoso.com' }, verdict: 'fail', reason: 'SMS is registered' }],
    remediation: 'Delete the SMS method.',
    source: 'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
    evidence: [
      {
        service: 'graph',
        method: 'GET',
        path: '/v1.0/users/bg2/authentication/methods',
        status: 200,
        durationMs: 10,
        retries: 0,
        at: '2025-01-01T00:00:00Z',
        requestId: 'req-42',
      },
    ],
  }),
  checkResult('BG-011', 'error', 'diagnostic settings could not be read'),
];

describe('ChecksTable', () => {
  it('counts the verdicts in words and shows one row per check, the first selected', () => {
    const app = render(<ChecksTable checks={checks} width={100} rows={10} active />);
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).toContain('1 PASS · 1 FAIL · 1 ERROR — ↑/↓ select, Enter expand');
    expect(f).toMatch(/▸ ✓ PASS\s+BG-001\s+two accounts declared/);
    expect(f).toMatch(/ {2}✗ FAIL\s+BG-005\s+bg2@contoso.com \+1 bg2 has SMS/);
    expect(f).toMatch(/ {2}⚠ ERROR\s+BG-011\s+diagnostic settings could not be read/);
    expect(f).not.toContain('Fix:');
  });

  it('↓ then Enter opens the findings, the fix, the source and the request ids; Space closes it', async () => {
    const app = render(<ChecksTable checks={checks} width={100} rows={20} active />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await type(app.stdin, KEY.down, KEY.enter);
    const f = await waitFor(frame, (x) => x.includes('Fix:'));
    expect(f).toMatch(/▸ ✗ FAIL\s+BG-005/);
    expect(f).toContain('BG-005 title (high)');
    expect(f).toContain('✗ FAIL user bg2@contoso.com: SMS is registered');
    expect(f).toContain('Fix: Delete the SMS method.');
    // A long source URL may wrap after "Source:" at this width; the URL itself stays whole.
    expect(f).toMatch(
      /Source:\s+https:\/\/learn\.microsoft\.com\/entra\/identity\/role-based-access-control\/security-emergency-access/,
    );
    expect(f).toContain('graph GET /v1.0/users/bg2/authentication/methods → 200 request-id req-42');
    await type(app.stdin, ' ');
    await waitFor(frame, (x) => !x.includes('Fix:'));
  });

  it('stops at the ends of the list', async () => {
    const app = render(<ChecksTable checks={checks} width={100} rows={10} active />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await type(app.stdin, KEY.up, KEY.down, KEY.down, KEY.down, KEY.down);
    await waitFor(frame, (x) => /▸ ⚠ ERROR\s+BG-011/.test(x));
  });

  it('on a short screen scrolls the list so the selected check stays in view', async () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      checkResult(`BG-${String(i + 1).padStart(3, '0')}`, 'pass', `reason ${i + 1}`),
    );
    const app = render(<ChecksTable checks={many} width={100} rows={5} active />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    expect(frame().split('\n')).toHaveLength(5);
    await type(app.stdin, ...Array<string>(8).fill(KEY.down));
    const f = await waitFor(frame, (x) => /▸ ✓ PASS\s+BG-009/.test(x));
    expect(f.split('\n')).toHaveLength(5);
    expect(f).not.toContain('BG-001');
  });

  it('ignores keys while inactive', async () => {
    const app = render(<ChecksTable checks={checks} width={100} rows={10} active={false} />);
    await type(app.stdin, KEY.down, KEY.enter);
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).toMatch(/▸ ✓ PASS\s+BG-001/);
    expect(f).not.toContain('Fix:');
  });
});
