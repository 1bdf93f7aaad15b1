/**
 * The misleadingly titled runbook ("Verify the exclusion group membership",
 * which adds a user to the exclusion group and makes them Global
 * Administrator), run by the real binary on the practice tenant in a
 * pseudo-terminal, in the TUI and in --plain: the overview names both
 * privilege changes before the run starts, and a `y` does not approve one —
 * only typing the principal's UPN does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping privilege PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const FIXTURE = join('test', 'fixtures', 'runbooks', 'hostile', 'verify-exclusion-membership.md');
const SAM = 'sam.staff@contoso-practice.com';

const strip = (s: string) => s.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\r/g, '');
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

describe.skipIf(!pty)('privilege changes in a pseudo-terminal', () => {
  it('TUI: listed on the overview; y does nothing; the UPN typed approves; the second is declined with Esc', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-priv-'));
    const s = new PtyScreen(pty!, [BIN, 'run', FIXTURE, '--tenant', 'practice', '--state-dir', stateDir], {
      cols: 120,
      rows: 40,
    });
    screens.push(s);
    let screen = await s.waitFor('Enter start', 60_000);
    expect(screen).toContain('PRIVILEGE CHANGES (2)');
    expect(screen).toContain('1. Check the group members — grants membership of the group');
    expect(screen).toContain(
      '2. Confirm the role assignments — grants Global Administrator (active, permanent, tenant-wide)',
    );
    await s.type('\r');
    screen = await s.waitFor('PRIVILEGE change', 60_000);
    expect(screen).toContain(`Gains privilege: user ${SAM} gets membership of "SG-BreakGlass-Exclude"`);
    expect(screen).toContain(`Type ${SAM} to give it membership`);
    await s.type('y', '\r');
    await s.waitFor('does not match');
    await s.type('\x7f');
    await s.typeText(SAM);
    await s.type('\r');
    screen = await s.waitFor(
      (sc) => sc.includes('Global Administrator (active, permanent, tenant-wide)') && sc.includes('PRIVILEGE change'),
      60_000,
    );
    expect(strip(s.scrollback())).toMatch(/✓ done\s+1\/2 Check the group members/);
    await s.type('\x1b');
    await s.waitFor((sc) => /Retry|retry/.test(sc), 30_000);
    await s.type('q');
    await s.waitFor('Quit now?');
    await s.type('y');
    expect(await s.exited).toBe(75);
  }, 120_000);

  it('plain: listed on the overview; y is refused; the UPN typed approves; an empty answer declines', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-privplain-'));
    const s = new PtyScreen(pty!, [BIN, 'run', FIXTURE, '--plain', '--tenant', 'practice', '--state-dir', stateDir], {
      cols: 120,
      rows: 40,
    });
    screens.push(s);
    await s.waitFor('Start this runbook?', 60_000);
    const overview = strip(s.raw);
    expect(overview).toContain('PRIVILEGE CHANGES (2) — each is approved only by typing the name of who gains it:');
    expect(overview).toContain(
      '2. Confirm the role assignments — grants Global Administrator (active, permanent, tenant-wide)',
    );
    await s.type('y', '\r');
    await s.waitFor(`Type ${SAM} to give it membership`, 60_000);
    // The "harmless" step's real reach comes first: the policies the member would sign in without.
    expect(strip(s.raw)).toMatch(
      new RegExp(
        `PRIVILEGE change: Reaches sign-in without CA001-All-Users-Require-MFA, .*\\(Conditional Access policies that exclude the group\\) — Add ${SAM.replace(/\./g, '\\.')} to "SG-BreakGlass-Exclude"`,
      ),
    );
    await s.type('y', '\r');
    await s.waitFor(`That does not match "${SAM}"`);
    await s.type('\x7f');
    await s.typeText(SAM);
    await s.type('\r');
    await s.waitFor('to give it Global Administrator', 60_000);
    expect(strip(s.raw)).toMatch(/Result: done\. Reaches sign-in without .* — Add sam\.staff@contoso-practice\.com/);
    await s.type('\r');
    await s.waitFor('What now?', 30_000);
    expect(strip(s.raw)).toContain('Result: fail. Not approved: Assign Global Administrator');
    await s.type('\x03');
    expect(await s.exited).toBe(75);
  }, 120_000);
});
