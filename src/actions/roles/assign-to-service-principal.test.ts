/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into emulator records */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from './assign-to-service-principal.js';
import { mutations, practiceActionContext, type PracticeActionContext } from '../../../test/harness/action-context.js';

const APP = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c'; // BreakGlass-App in sp-break-glass-healthy: Global Administrator only
const GA = '62e90394-69f5-4237-9190-012177145e10';
const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';

describe('role.assignToServicePrincipal on the practice tenant', () => {
  let p: PracticeActionContext;
  beforeAll(async () => {
    p = await practiceActionContext('sp-break-glass-healthy');
  });
  afterAll(async () => p?.close());
  const spId = () => [...p.world.servicePrincipals.values()].find((s: any) => s.appId === APP).id;
  const held = () =>
    [...p.world.roleAssignments.values()]
      .filter((a: any) => a.principalId === spId())
      .map((a: any) => a.roleDefinitionId)
      .sort();

  it('is a privilege action whose preview names the service principal and only the roles it lacks', async () => {
    expect(action.risk).toBe('privilege');
    const args = action.args.parse({ appId: APP, roles: ['Global Administrator', 'Security Reader'] });
    const pv = await action.preview(args, p.ctx);
    expect(pv.alreadyDone).toBe(false);
    expect(pv.grants).toEqual([
      {
        principal: { type: 'servicePrincipal', id: spId(), name: 'BreakGlass-App' },
        gains: expect.stringMatching(/^Security Reader \(active, permanent, tenant-wide\)/),
      },
    ]);
    expect(pv.summary).toBe(
      'Assign Security Reader to service principal "BreakGlass-App": active, permanent, tenant-wide (scope "/")',
    );
  });

  it('assigns only the missing role, tenant-wide; a resume sends nothing more', async () => {
    const args = action.args.parse({ appId: APP, roles: 'Global Administrator, 5d6b6bb7-de71-4623-b4af-96380a352509' });
    expect((await action.reconcile(args, p.ctx)).applied).toBe(false);
    const before = mutations(p);
    const r = await action.apply(args, p.ctx);
    expect(mutations(p) - before).toBe(1);
    expect(held()).toEqual([SECURITY_READER, GA].sort());
    expect(r.outputs['roles']).toEqual(['Global Administrator', 'Security Reader']);
    expect((await action.reconcile(args, p.ctx)).applied).toBe(true);
    expect((await action.preview(args, p.ctx)).alreadyDone).toBe(true);
    await action.apply(args, p.ctx);
    expect(mutations(p) - before).toBe(1);
  });

  it('an unknown role name is a clear error before anything is sent', async () => {
    const args = action.args.parse({ appId: APP, roles: ['Global Admin'] });
    const before = mutations(p);
    await expect(action.apply(args, p.ctx)).rejects.toThrow('"Global Admin" is not a Microsoft Entra built-in role');
    expect(mutations(p)).toBe(before);
  });
});
