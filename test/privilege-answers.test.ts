/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into emulator records */
/**
 * A scripted (--answers) run never approves a privilege change by default.
 * The misleadingly titled runbook adds a user to the exclusion group and
 * makes them Global Administrator; an answers file that approves everything
 * (`defaults`) or names the step but not the principal leaves the practice
 * tenant untouched; only `grant:` naming the step and the principal approves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../src/practice/server.js';
import { loadRunbook } from '../src/runbook/parse.js';
import { builtInCatalog } from '../src/steps/catalog.js';
import { runOnPractice, startServer } from './runbooks/harness.js';
import type { AnswersFile } from '../src/engine/scripted-operator.js';

const FIXTURE = 'test/fixtures/runbooks/hostile/verify-exclusion-membership.md';
const GA = '62e90394-69f5-4237-9190-012177145e10';
const SAM = 'sam.staff@contoso-practice.com';

describe('answers files and privilege changes', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('healthy');
  });
  afterAll(async () => server?.close());

  function samState() {
    const w = server.world as unknown as {
      users: Map<string, any>;
      upnIndex: Map<string, string>;
      roleAssignments: Map<string, any>;
      groups: Map<string, any>;
    };
    const sam = w.users.get(w.upnIndex.get(SAM)!);
    const group = [...w.groups.values()].find((g) => g.displayName === 'SG-BreakGlass-Exclude');
    return {
      inGroup: (group._members as string[]).includes(sam.id),
      ga: [...w.roleAssignments.values()].some((a) => a.principalId === sam.id && a.roleDefinitionId === GA),
    };
  }

  async function run(answers: AnswersFile) {
    const { runbook } = await loadRunbook(FIXTURE, builtInCatalog());
    return runOnPractice({ server, runbook: runbook!, answers });
  }

  it('approve-everything defaults do not approve it: the run stops at the first privilege step, naming the step and the principal', async () => {
    const r = await run({
      defaults: { action: { approved: true, typed: SAM }, confirm: true, failure: { choice: 'abort' } },
    });
    expect(r.outcome.status).toBe('aborted');
    const log = r.transcript.join('\n');
    expect(log).toContain(
      `privilege change at check-members (group.addMembers): ${SAM} gains membership of "SG-BreakGlass-Exclude"`,
    );
    expect(log).toContain(`  check-members:\n    grant: [${SAM}]`);
    expect(samState()).toEqual({ inGroup: false, ga: false });
  });

  it('naming the step without the principal (action: approved) does not approve it either', async () => {
    const r = await run({
      answers: { 'check-members': { action: { approved: true } }, 'confirm-roles': { action: { approved: true } } },
    });
    expect(r.outcome.status).toBe('aborted');
    expect(r.transcript.join('\n')).toMatch(/never approves a privilege change by default/);
    expect(samState()).toEqual({ inGroup: false, ga: false });
  });

  it('a grant naming someone else does not approve it', async () => {
    const r = await run({ answers: { 'check-members': { grant: ['bg-admin-01@contosopractice.onmicrosoft.com'] } } });
    expect(r.outcome.status).toBe('aborted');
    expect(r.transcript.join('\n')).toContain(`does not name ${SAM}`);
    expect(samState()).toEqual({ inGroup: false, ga: false });
  });

  it('grant: naming the step and the principal approves exactly that step', async () => {
    const r = await run({ answers: { 'check-members': { grant: [SAM] } }, defaults: { failure: { choice: 'abort' } } });
    // The membership is granted; the role step is not named, so the run stops there.
    expect(r.outcome.status).toBe('aborted');
    expect(r.transcript.join('\n')).toContain('privilege change at confirm-roles (role.assignGlobalAdmin)');
    expect(samState()).toEqual({ inGroup: true, ga: false });
  });

  it('a privilege change has no default in the file format itself', async () => {
    const { loadAnswersFile } = await import('../src/engine/scripted-operator.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'bg-answers-')), 'a.yaml');
    writeFileSync(f, 'defaults:\n  grant: all\n');
    await expect(loadAnswersFile(f)).rejects.toThrow(/a privilege change has no default/);
    writeFileSync(f, 'approve: all\n');
    await expect(loadAnswersFile(f)).rejects.toThrow(/answers file/);
  });
});
