import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from './enable-method.js';
import { methodConfigPatch } from './method-config.js';
import { headlineOf, withScope } from '../../steps/preview-scope.js';
import { practiceActionContext, type PracticeActionContext } from '../../../test/harness/action-context.js';

// PATCH …/authenticationMethodConfigurations/TemporaryAccessPass with includeTargets
// [{ id: "all_users" }] is Microsoft's own example
// (https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethodconfiguration-update).
const TAP = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass';
const tapPolicy = (state: 'enabled' | 'disabled', ids: string[]) =>
  methodConfigPatch('TemporaryAccessPass', {
    state,
    includeTargets: ids.map((id) => ({ id, targetType: 'group', isRegistrationRequired: false })),
  });

describe('authMethods.enableForGroup: the headline states the real scope', () => {
  let p: PracticeActionContext;
  beforeAll(async () => {
    p = await practiceActionContext('healthy');
  });
  afterAll(async () => p?.close());
  const args = action.args.parse({ method: 'TemporaryAccessPass', group: 'SG-BreakGlass-Exclude' });
  const headline = async () => {
    const pv = withScope({ ...(await action.preview(args, p.ctx)), risk: action.risk });
    return { pv, text: headlineOf(pv) };
  };

  it('a disabled policy that targets all users: enabling it "for the group" reaches every user, and says so first', async () => {
    await p.ctx.tenant.graph.request({ method: 'PATCH', path: TAP, body: tapPolicy('disabled', ['all_users']) });
    const { pv, text } = await headline();
    expect(pv.alreadyDone).toBe(false);
    expect(text).toMatch(/^Reaches every user in the tenant \(the method’s targets include all users\) — /);
    expect(text).toContain('Enable Temporary Access Pass for all users and group "SG-BreakGlass-Exclude"');
    expect(pv.diff?.before).toEqual(['state: disabled', 'include: all users']);
    // What was previewed is what is sent.
    await action.apply(args, p.ctx);
    const after = await p.ctx.tenant.graph.request<{ state: string; includeTargets: { id: string }[] }>({
      method: 'GET',
      path: TAP,
    });
    expect(after.body.state).toBe('enabled');
    expect(after.body.includeTargets.map((t) => t.id)).toContain('all_users');
    expect(pv.sends?.[0]?.body).toMatchObject({ state: 'enabled' });
  });

  it('an enabled policy for another group only: the headline names the group and no wider scope', async () => {
    let other = '';
    for await (const g of p.ctx.tenant.graph.list<{ id: string; displayName: string }>({
      path: '/groups',
      query: { $select: 'id,displayName' },
    }))
      if (g.displayName !== 'SG-BreakGlass-Exclude') other ||= g.id;
    expect(other).not.toBe('');
    await p.ctx.tenant.graph.request({ method: 'PATCH', path: TAP, body: tapPolicy('enabled', [other]) });
    const { pv, text } = await headline();
    expect(pv.scope).toBeUndefined();
    expect(text).toBe(`Enable Temporary Access Pass for group "SG-BreakGlass-Exclude" (already on for group ${other})`);
  });
});
