/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into emulator records */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from './create-workload-identity-policy.js';
import { mutations, practiceActionContext, type PracticeActionContext } from '../../../test/harness/action-context.js';

const APP = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c'; // BreakGlass-App
const VAULT = '4e7a1c2b-9d3f-4b6a-8e5c-2f1a0b9c8d7e'; // BG-App-Vault-Network in the sp-break-glass scenarios

describe('ca.createWorkloadIdentityPolicy on the practice tenant', () => {
  let p: PracticeActionContext;
  beforeAll(async () => {
    // Drifted: the existing workload policy is report-only.
    p = await practiceActionContext('sp-break-glass-drifted');
  });
  afterAll(async () => p?.close());
  const spId = () => [...p.world.servicePrincipals.values()].find((s: any) => s.appId === APP).id;

  it('report-only already exists: asking for report-only is done, asking to enforce is not', async () => {
    const ro = await action.preview(action.args.parse({ appId: APP, allowedLocation: VAULT }), p.ctx);
    expect(ro.alreadyDone).toBe(true);
    expect(ro.summary).toMatch(/already blocks "BreakGlass-App" outside 4e7a1c2b-.* \(report-only\)/);
    const on = await action.preview(
      action.args.parse({ appId: APP, allowedLocation: VAULT, state: 'enabled', displayName: 'CA401 BG app enforced' }),
      p.ctx,
    );
    expect(on.alreadyDone).toBe(false);
    expect(on.confirmText).toBe('BreakGlass-App');
    expect(on.summary).toBe(
      `Create Conditional Access policy "CA401 BG app enforced" (On (enforced)): block token requests of "BreakGlass-App" from anywhere except named location ${VAULT}`,
    );
  });

  it('creates the policy Learn describes, once; a second run and a resume send nothing', async () => {
    const args = action.args.parse({
      appId: APP,
      allowedLocation: VAULT,
      state: 'enabled',
      displayName: 'CA401 BG app enforced',
    });
    expect((await action.reconcile(args, p.ctx)).applied).toBe(false);
    const before = mutations(p);
    const r = await action.apply(args, p.ctx);
    expect(mutations(p) - before).toBe(1);
    const held = p.world.caPolicies.get(String(r.outputs['policyId']).toLowerCase());
    expect(held).toMatchObject({
      displayName: 'CA401 BG app enforced',
      state: 'enabled',
      conditions: {
        applications: { includeApplications: ['All'] },
        clientApplications: { includeServicePrincipals: [spId()] },
        locations: { includeLocations: ['All'], excludeLocations: [VAULT] },
      },
      grantControls: { builtInControls: ['block'] },
    });
    expect((await action.reconcile(args, p.ctx)).applied).toBe(true);
    await action.apply(args, p.ctx);
    expect(mutations(p) - before).toBe(1);
  });

  it('without Microsoft Entra Workload ID the tenant refuses it with the licence error, and nothing is created', async () => {
    p.world.licences = ['P1', 'P2'];
    try {
      const args = action.args.parse({ appId: APP, allowedLocation: 'AllTrusted', displayName: 'CA402' });
      const count = p.world.caPolicies.size;
      await expect(action.apply(args, p.ctx)).rejects.toThrow(
        /needs Microsoft Entra Workload ID \(Workload Identities Premium\)/,
      );
      expect(p.world.caPolicies.size).toBe(count);
    } finally {
      p.world.licences = ['P1', 'P2', 'workload-identities'];
    }
  });

  it('an unknown named location is refused by the tenant; a malformed one never leaves the machine', async () => {
    expect(() => action.args.parse({ appId: APP, allowedLocation: 'Vault network' })).toThrow(/named location id/);
    const args = action.args.parse({
      appId: APP,
      allowedLocation: '00000000-0000-4000-8000-000000000001',
      state: 'enabled',
      displayName: 'CA403',
    });
    await expect(action.apply(args, p.ctx)).rejects.toThrow(/excludeLocations: 00000000-0000-4000-8000-000000000001/);
  });
});
