/**
 * The real binary against the practice tenant (an HTTPS emulator on
 * loopback, reached through the same MSAL / Graph code as Microsoft) in a
 * pseudo-terminal: a quarterly validation on a drifted tenant fails its
 * checks, the operator reads them in the table, expands one, overrides with a
 * justification, and quits — all on a 80×24 screen that never overflows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping practice-tenant PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

/**
 * Every input is asked up front, those given with --input and those with a default filled in:
 * the operator sees them all and accepts them with Enter on each field.
 */
async function acceptInputs(s: PtyScreen): Promise<void> {
  const form = await s.waitFor('Quarterly break-glass validation: inputs', 60_000);
  expect(form).toContain('SG-BreakGlass-Exclude'); // given with --input
  expect(form).toContain('Break-glass account sign-in'); // the runbook's default, shown and editable
  await s.type(...Array.from({ length: 7 }, () => '\r'));
}

describe.skipIf(!pty)('TUI on the practice tenant', () => {
  it('failing checks: table, expand, override with justification, quit', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-practice-'));
    const s = new PtyScreen(
      pty!,
      [
        BIN,
        'run',
        'quarterly-validation',
        '--tenant',
        'practice',
        '--scenario',
        'drifted',
        '--state-dir',
        stateDir,
        '--input',
        'accounts=bg-admin-01@contosopractice.onmicrosoft.com,bg-admin-02@contosopractice.onmicrosoft.com',
        '--input',
        'group=SG-BreakGlass-Exclude',
        '--input',
        'workspaceResourceId=/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security',
        '--input',
        'workspaceId=c0ffee00-1234-4abc-9def-0123456789ab',
      ],
      { cols: 80, rows: 24 },
    );
    screens.push(s);
    await s.waitFor('Enter start', 60_000);
    await s.type('\r');
    await acceptInputs(s);
    let screen = await s.waitFor('o override with justification', 60_000);
    const rows = screen.split('\n');
    expect(rows.some((l) => / PRACTICE .*step 2\/9/.test(l))).toBe(true); // header still on screen
    expect(rows.filter((l) => l.trim()).at(-1)).toContain('? keys · q quit');
    expect(screen).toMatch(/▸ ✗ FAIL\s+BG-0\d\d/);
    // Ink never had to clear the terminal (which would wipe the scrollback): the frame fits.
    expect(s.raw).not.toContain('\x1b[3J');

    await s.type('\x1b[B', '\r');
    screen = await s.waitFor('Fix:');
    expect(screen).toMatch(/✗ FAIL (user|group|conditionalAccessPolicy|policy) /);

    await s.type('o');
    await s.waitFor('Why is it safe to go on?');
    await s.typeText('Drill rehearsal on practice; fixes tracked in CHG-1234');
    await s.type('\r');
    screen = await s.waitFor((sc) => !sc.includes('Why is it safe to go on?') && / step [3-9]\/9/.test(sc), 60_000);
    expect(s.scrollback()).toMatch(/⚑ OVERRIDDEN\s+2\/9 Check everything that can drift/);
    expect(s.scrollback()).toContain('overridden by operator: “Drill rehearsal on practice; fixes tracked in');

    await s.type('q');
    await s.waitFor('Quit now?');
    await s.type('y');
    expect(await s.exited).toBe(75);
    expect(s.raw).not.toContain('\x1b[3J');
  }, 120_000);

  it('the sign-in screen is rehearsed: address, code and QR, approved after a visible countdown', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-practice-'));
    const s = new PtyScreen(
      pty!,
      [
        BIN,
        'run',
        'quarterly-validation',
        '--scenario',
        'healthy',
        '--state-dir',
        stateDir,
        '--practice-approve-after',
        '4',
        '--input',
        'accounts=bg-admin-01@contosopractice.onmicrosoft.com,bg-admin-02@contosopractice.onmicrosoft.com',
        '--input',
        'group=SG-BreakGlass-Exclude',
        '--input',
        'workspaceResourceId=/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security',
        '--input',
        'workspaceId=c0ffee00-1234-4abc-9def-0123456789ab',
      ],
      { cols: 100, rows: 40 },
    );
    screens.push(s);
    await s.waitFor('Enter start', 60_000);
    await s.type('\r');
    await acceptInputs(s);
    const screen = await s.waitFor('the practice tenant approves this code', 60_000);
    expect(screen).toMatch(/Open https:\/\/127\.0\.0\.1:\d+\/devicelogin\s+and enter the code\s+[A-Z0-9-]{6,}/);
    expect(screen).toMatch(/approves this code as .+ in [1-4] s/);
    expect(screen).toContain('▄'); // the QR code of the address
    // Then it is approved and the run goes on.
    await s.waitFor((sc) => / step [2-9]\/\d/.test(sc) || sc.includes('override with justification'), 60_000);
    await s.type('q');
    await s.waitFor('Quit now?');
    await s.type('y');
    expect(await s.exited).toBe(75);
  }, 120_000);
});
