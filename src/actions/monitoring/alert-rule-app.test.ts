/**
 * monitoring.alertRule, kind appSignin: the rule over AADServicePrincipalSignInLogs for the
 * break-glass app's appId, installed through ARM on the practice tenant (whose contract gate
 * validates each PUT body against the vendored Azure REST specs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from './alert-rule.js';
import { mutations, practiceActionContext, type PracticeActionContext } from '../../../test/harness/action-context.js';

const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const AG =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.Insights/actionGroups/ag-breakglass-page';
const APP = '3C9A7E51-2D4B-4F6A-8B1C-9D0E2F3A4B5C';

describe('monitoring.alertRule kind appSignin on the practice tenant', () => {
  let p: PracticeActionContext;
  beforeAll(async () => {
    p = await practiceActionContext('healthy');
  });
  afterAll(async () => p?.close());

  it('a scheduled query rule: every 5 minutes, no ResultType filter, the app id lower-cased', async () => {
    const args = action.args.parse({
      kind: 'appSignin',
      name: 'Break-glass app sign-in',
      workspaceId: WS,
      appId: APP,
      actionGroupId: AG,
    });
    const pv = await action.preview(args, p.ctx);
    expect(pv.summary).toBe('Create Azure Monitor scheduled query rule (every 5 min) "Break-glass app sign-in"');
    expect(pv.diff?.after.slice(0, 2)).toEqual([
      'AADServicePrincipalSignInLogs',
      '| where AppId == "3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c"',
    ]);
    const r = await action.apply(args, p.ctx);
    const rule = p.world.arm.get(String(r.outputs['ruleId']).toLowerCase());
    expect(rule.properties.evaluationFrequency).toBe('PT5M');
    expect(rule.properties.criteria.allOf[0].query).not.toMatch(/ResultType\s*==/);
    expect(rule.properties.actions.actionGroups).toEqual([AG]);
    expect((await action.reconcile(args, p.ctx)).applied).toBe(true);
    const before = mutations(p);
    expect((await action.preview(args, p.ctx)).alreadyDone).toBe(true);
    expect(mutations(p)).toBe(before);
  });

  it('a Microsoft Sentinel NRT rule when asked', async () => {
    const args = action.args.parse({
      kind: 'appSignin',
      name: 'Break-glass app sign-in NRT',
      workspaceId: WS,
      appId: APP,
      sentinel: true,
    });
    const r = await action.apply(args, p.ctx);
    expect(r.outputs['ruleKind']).toBe('NRT');
    expect((await action.reconcile(args, p.ctx)).applied).toBe(true);
  });

  it('without the appId it is a clear error', async () => {
    const args = action.args.parse({ kind: 'appSignin', name: 'x', workspaceId: WS });
    await expect(action.preview(args, p.ctx)).rejects.toThrow("needs the application's appId (with.appId)");
  });
});
