/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into emulator records */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from './assign-role-to-service-principal.js';
import { mutations, practiceActionContext, type PracticeActionContext } from '../../../test/harness/action-context.js';

const APP = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c'; // BreakGlass-App in sp-break-glass-healthy
const TENANT = '9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c';
const ROOT = `/providers/Microsoft.Management/managementGroups/${TENANT}`;
const SUB = '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
// Role definition ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged
const UAA = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'; // held at ROOT in sp-break-glass-healthy
const RBACA = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

describe('azureRole.assignToServicePrincipal on the practice tenant', () => {
  let p: PracticeActionContext;
  beforeAll(async () => {
    p = await practiceActionContext('sp-break-glass-healthy');
  });
  afterAll(async () => p?.close());
  const spId = () => [...p.world.servicePrincipals.values()].find((s: any) => s.appId === APP).id;
  /** What the tenant holds for the app: "roleGuid at scope". */
  const held = () =>
    [...p.world.arm.values()]
      .filter((r: any) => r.type === 'Microsoft.Authorization/roleAssignments' && r.properties.principalId === spId())
      .map((r: any) => `${String(r.properties.roleDefinitionId).split('/').pop()} at ${r.properties.scope}`)
      .sort();

  it('is a privilege action whose preview names the service principal, the role and the scope', async () => {
    expect(action.risk).toBe('privilege');
    const held = await action.preview(
      action.args.parse({ appId: APP, role: 'User Access Administrator', scope: ROOT }),
      p.ctx,
    );
    expect(held.alreadyDone).toBe(true);
    const args = action.args.parse({ appId: APP, role: 'Role Based Access Control Administrator', scope: ROOT });
    const pv = await action.preview(args, p.ctx);
    expect(pv.alreadyDone).toBe(false);
    expect(pv.summary).toBe(
      `Assign the Azure role Role Based Access Control Administrator to service principal "BreakGlass-App" at management group ${TENANT}`,
    );
    expect(pv.grants).toEqual([
      {
        principal: { type: 'servicePrincipal', id: spId(), name: 'BreakGlass-App' },
        gains: expect.stringMatching(/^Role Based Access Control Administrator at management group /),
      },
    ]);
  });

  it('assigns the role at the scope once; a resume and a second run send nothing more', async () => {
    const args = action.args.parse({ appId: APP, role: RBACA, scope: ROOT });
    expect((await action.reconcile(args, p.ctx)).applied).toBe(false);
    const before = mutations(p);
    const r = await action.apply(args, p.ctx);
    expect(mutations(p) - before).toBe(1);
    expect(held()).toEqual([`${RBACA} at ${ROOT}`, `${UAA} at ${ROOT}`].sort());
    expect(r.outputs['role']).toBe('Role Based Access Control Administrator');
    expect((await action.reconcile(args, p.ctx)).applied).toBe(true);
    expect((await action.preview(args, p.ctx)).alreadyDone).toBe(true);
    await action.apply(args, p.ctx);
    expect(mutations(p) - before).toBe(1);
  });

  it('a role inherited from above is not the declared role at the scope: Owner on the subscription is its own assignment', async () => {
    const args = action.args.parse({ appId: APP, role: 'owner', scope: SUB });
    expect((await action.preview(args, p.ctx)).alreadyDone).toBe(false);
    await action.apply(args, p.ctx);
    expect(held()).toEqual([`${OWNER} at ${SUB}`, `${RBACA} at ${ROOT}`, `${UAA} at ${ROOT}`].sort());
  });

  it('refuses an unknown role or a scope that is neither a subscription nor a management group, before anything is sent', () => {
    expect(() => action.args.parse({ appId: APP, role: 'Global Administrator', scope: ROOT })).toThrow(
      /an Azure built-in role: Owner, User Access Administrator/,
    );
    expect(() => action.args.parse({ appId: APP, role: 'Owner', scope: `${SUB}/resourceGroups/rg` })).toThrow(
      /a subscription/,
    );
    expect(() => action.args.parse({ appId: APP, role: 'Owner', scope: ROOT, scpoe: 'x' })).toThrow(/scpoe/);
  });

  it("a management group the tenant does not have is the service's 404, and nothing is written", async () => {
    const args = action.args.parse({
      appId: APP,
      role: 'Owner',
      scope: '/providers/Microsoft.Management/managementGroups/no-such-group',
    });
    const before = mutations(p);
    await expect(action.apply(args, p.ctx)).rejects.toThrow(/ManagementGroupNotFound|could not be found/);
    expect(mutations(p)).toBe(before);
  });
});
