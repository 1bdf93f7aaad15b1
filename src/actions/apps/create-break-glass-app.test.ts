/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into emulator records */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from './create-break-glass-app.js';
import { mutations, practiceActionContext, type PracticeActionContext } from '../../../test/harness/action-context.js';

describe('app.createBreakGlass on the practice tenant', () => {
  let p: PracticeActionContext;
  beforeAll(async () => {
    p = await practiceActionContext('healthy');
  });
  afterAll(async () => p?.close());
  const args = action.args.parse({ displayName: 'BG-Identity-App' });

  it('previews a registration with no API permission, by name', async () => {
    const pv = await action.preview(args, p.ctx);
    expect(pv.alreadyDone).toBe(false);
    expect(pv.summary).toContain('"BG-Identity-App" requesting NO API permission');
    expect(pv.diff?.after).toContain('application BG-Identity-App (AzureADMyOrg, requiredResourceAccess: none)');
    expect((await action.reconcile(args, p.ctx)).applied).toBe(false);
  });

  it('registers the app and its service principal; the tenant holds exactly that', async () => {
    const r = await action.apply(args, p.ctx);
    const app = p.world.applicationByAppId(r.outputs['appId']);
    expect(app.displayName).toBe('BG-Identity-App');
    expect(app.signInAudience).toBe('AzureADMyOrg');
    expect(app.requiredResourceAccess).toEqual([]);
    expect(app.keyCredentials).toEqual([]);
    expect(p.world.servicePrincipals.get(r.outputs['servicePrincipalId']).appId).toBe(r.outputs['appId']);
  });

  it('a repeat or a resume sends nothing: preview says done, reconcile finds it, apply adds no second app', async () => {
    expect((await action.preview(args, p.ctx)).alreadyDone).toBe(true);
    const rec = await action.reconcile(args, p.ctx);
    expect(rec.applied).toBe(true);
    const before = mutations(p);
    const again = await action.apply(args, p.ctx);
    expect(mutations(p)).toBe(before);
    expect(again.outputs['appId']).toBe(rec.outputs!['appId']);
    expect([...p.world.applications.values()].filter((a: any) => a.displayName === 'BG-Identity-App')).toHaveLength(1);
  });

  it('refuses to adopt an existing application that requests API permissions', async () => {
    const other = action.args.parse({ displayName: 'EmergencyAccess' });
    await expect(action.preview(other, p.ctx)).rejects.toThrow(/requests \d+ API permission\(s\)/);
  });
});
