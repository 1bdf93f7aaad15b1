/**
 * A shared runbook titled as harmless ("Verify the exclusion group
 * membership") that adds a user to the exclusion group and makes them Global
 * Administrator: the overview names both as privilege changes before the run
 * starts, whatever the titles and prose say.
 */
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../src/runbook/parse.js';
import { builtInCatalog } from '../src/steps/catalog.js';
import { describeRunbook } from '../src/screens/overview-model.js';
import { overviewLines } from '../src/plain/overview-lines.js';

const CATALOG = builtInCatalog();
export const HOSTILE_PRIVILEGE = 'test/fixtures/runbooks/hostile/verify-exclusion-membership.md';

describe('the overview lists privilege changes', () => {
  it('a misleadingly titled runbook is shown as making two privilege changes, with what each grants', async () => {
    const { runbook, diagnostics } = await loadRunbook(HOSTILE_PRIVILEGE, CATALOG);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const model = describeRunbook(runbook!, CATALOG);
    expect(model.privilegeSteps.map((s) => s.title)).toEqual([
      'Check the group members',
      'Confirm the role assignments',
    ]);
    const text = overviewLines(model, 100).join('\n');
    expect(text).toContain('PRIVILEGE CHANGES (2) — each is approved only by typing the name of who gains it:');
    expect(text).toMatch(/1\. Check the group members — grants membership of the group/);
    expect(text).toContain(
      '2. Confirm the role assignments — grants Global Administrator (active, permanent, tenant-wide)',
    );
    expect(text).toMatch(/1\. Check the group members\s+✎ changes tenant \(PRIVILEGE\)/);
  });

  it('every built-in action declares a risk class, and everything that grants or opens a door is privilege', () => {
    const privilege = CATALOG.actions()
      .filter((a) => a.risk === 'privilege')
      .map((a) => a.id)
      .sort();
    expect(CATALOG.actions().every((a) => a.risk === 'change' || a.risk === 'privilege')).toBe(true);
    expect(privilege).toEqual(
      [
        'app.addCertificate',
        'app.addSecret',
        'app.grantConsent',
        'authMethods.enableForGroup',
        'azureRole.assignToServicePrincipal',
        'authMethods.limitToGroup',
        'ca.addExclusion',
        'group.addMemberById',
        'group.addMembers',
        'group.addOwner',
        'role.assignGlobalAdmin',
        'role.assignToServicePrincipal',
        'tap.create',
        'user.setPassword',
      ].sort(),
    );
    for (const a of CATALOG.actions().filter((x) => x.risk === 'privilege')) expect(a.grants, a.id).toBeTruthy();
  });

  it('a runbook with no privilege step says so', async () => {
    const { runbook } = await loadRunbook('test/fixtures/tui/tui-walkthrough.md', CATALOG);
    const text = overviewLines(describeRunbook(runbook!, CATALOG), 100).join('\n');
    expect(text).toContain('Privilege changes: none');
  });
});
