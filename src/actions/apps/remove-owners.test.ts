import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from './remove-owners.js';
import { mutations, practiceActionContext, type PracticeActionContext } from '../../../test/harness/action-context.js';

const APP = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c'; // BreakGlass-App; sp-break-glass-drifted gives it an owner

describe('app.removeOwners on the practice tenant', () => {
  let p: PracticeActionContext;
  beforeAll(async () => {
    p = await practiceActionContext('sp-break-glass-drifted');
  });
  afterAll(async () => p?.close());
  const args = action.args.parse({ appId: APP });

  it('previews each owner by name, as a change (no privilege granted)', async () => {
    expect(action.risk).toBe('change');
    const pv = await action.preview(args, p.ctx);
    expect(pv.alreadyDone).toBe(false);
    expect(pv.summary).toBe('Remove 1 owner(s) of "BreakGlass-App": sam.staff@contoso-practice.com');
    expect(pv.diff?.before).toEqual(['owner of the application: sam.staff@contoso-practice.com (user)']);
  });

  it('removes them; the application has no owner left and a resume sends nothing', async () => {
    expect((await action.reconcile(args, p.ctx)).applied).toBe(false);
    const r = await action.apply(args, p.ctx);
    expect(r.outputs['removed']).toEqual(['sam.staff@contoso-practice.com']);
    expect(p.world.applicationByAppId(APP)._owners).toEqual([]);
    expect((await action.reconcile(args, p.ctx)).applied).toBe(true);
    const before = mutations(p);
    await action.apply(args, p.ctx);
    expect(mutations(p)).toBe(before);
    expect((await action.preview(args, p.ctx)).summary).toBe(
      '"BreakGlass-App" and its service principal have no owners',
    );
  });
});
