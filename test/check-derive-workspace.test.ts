/**
 * `breakglass check` with accounts and group but no --workspace, as on a live tenant
 * (the practice scenario's declaration is not used once --accounts is given; the real
 * CLI reaches the practice tenant over TLS through the same ARM client as Azure): the
 * workspace the Entra diagnostic settings send sign-in logs to is offered — a pipeline
 * gets the exact flag and the usage code, a person at a terminal chooses — instead of
 * the alert-rule checks failing with "create a rule" for a rule that exists.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { workspaceCandidates } from '../src/commands/derive-workspace.js';
import { loadPty, PtyScreen } from './tui-pty.js';

const bin = fileURLToPath(new URL('../bin/breakglass.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bg-derive-ws-'));
const screens: PtyScreen[] = [];
afterAll(() => {
  screens.forEach((s) => s.kill());
  rmSync(dir, { recursive: true, force: true });
});

const ACCOUNTS = 'bg-admin-01@contosopractice.onmicrosoft.com,bg-admin-02@contosopractice.onmicrosoft.com';
const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const ARGS = ['check', '--scenario', 'healthy', '--accounts', ACCOUNTS, '--group', 'SG-BreakGlass-Exclude'];
const env = { ...process.env, BREAKGLASS_CONFIG: join(dir, 'none.json'), NO_COLOR: '1' };

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--state-dir', dir], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check without --workspace', () => {
  it('a pipeline is shown the workspace the diagnostic settings send to, with the exact flag, and exit 64', () => {
    const r = check(...ARGS, '--checks', 'BG-012,BG-016');
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('The Entra diagnostic settings send sign-in logs to this workspace:');
    expect(r.stderr).toContain(`${WS}  (diagnostic setting "entra-to-law")`);
    expect(r.stderr).toMatch(/breakglass check --scenario healthy .*--workspace \/subscriptions\/.*\/law-security\n/);
    expect(r.stderr).not.toMatch(/create an alert rule/i);

    // The flag it printed, passed: the rules there are found.
    const again = check(...ARGS, '--checks', 'BG-012,BG-016', '--workspace', WS, '--format', 'json');
    const out = JSON.parse(again.stdout) as { results: { id: string; verdict: string }[] };
    expect(out.results.map((x) => `${x.id} ${x.verdict}`)).toEqual(['BG-012 pass', 'BG-016 pass']);
  });

  it('checks that do not look in a workspace are not held up', () => {
    const r = check(...ARGS, '--checks', 'BG-001', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('--workspace');
  });

  it('only settings that send sign-in logs, each workspace once, in the order read', () => {
    const c = workspaceCandidates([
      { name: 'audit-only', properties: { workspaceId: '/w/a', logs: [{ category: 'AuditLogs', enabled: true }] } },
      { name: 'off', properties: { workspaceId: '/w/b', logs: [{ category: 'SignInLogs', enabled: false }] } },
      { name: 'storage', properties: { workspaceId: null, logs: [{ category: 'SignInLogs', enabled: true }] } },
      { name: 'all', properties: { workspaceId: '/w/c', logs: [{ categoryGroup: 'allLogs', enabled: true }] } },
      { name: 'again', properties: { workspaceId: '/W/C', logs: [{ category: 'SignInLogs', enabled: true }] } },
    ]);
    expect(c).toEqual([{ workspace: '/w/c', settings: ['all', 'again'] }]);
  });
});

const { pty, error } = loadPty();
if (error) console.warn(`skipping the interactive workspace choice: ${error}`);

describe.skipIf(!pty)('check without --workspace at a terminal', () => {
  it('offers the workspace to choose; the checks then run against it', async () => {
    const s = new PtyScreen(pty!, [bin, ...ARGS, '--checks', 'BG-012', '--state-dir', dir], {
      cols: 100,
      rows: 30,
      env: { BREAKGLASS_CONFIG: join(dir, 'none.json') },
    });
    screens.push(s);
    const screen = await s.waitFor('Which workspace holds the break-glass alert rules?', 60_000);
    expect(screen).toContain('law-security');
    expect(screen).toContain('None: check without a workspace');
    await s.type('\r');
    await s.waitFor(/PASS\s+BG-012/, 60_000);
    expect(s.scrollback()).toContain('checking the alert rules in /subscriptions/');
    expect(await s.exited).toBe(0);
  }, 120_000);
});
