/**
 * Authentication strengths in the practice tenant are Microsoft's, not ours: the built-in ones carry the
 * combinations Graph documents, every combination is a member of the authenticationMethodModes enum of
 * the vendored metadata, and a scenario cannot invent one.
 */
import { describe, expect, it } from 'vitest';
import { AUTH_STRENGTHS } from './catalog.js';
import { graphModel } from '../contracts/graph-model.js';
import { loadWorld } from './index.js';

const MODES = new Set(graphModel().enums['microsoft.graph.authenticationMethodModes']!.members);
const base = {
  name: 'x',
  tenant: { initialDomain: 'x.onmicrosoft.com' },
  operator: { upn: 'a@x.onmicrosoft.com' },
  users: [{ upn: 'a@x.onmicrosoft.com' }],
};

describe('authentication strengths', () => {
  it('every built-in combination is an authenticationMethodModes member in Graph v1.0', () => {
    for (const s of Object.values(AUTH_STRENGTHS))
      for (const combo of s.allowedCombinations)
        for (const m of combo.split(',')) expect(MODES.has(m), `${s.displayName}: ${m}`).toBe(true);
  });

  it('a scenario custom strength is served on the policy that names it', () => {
    const w = loadWorld({
      ...base,
      authenticationStrengths: [
        { displayName: 'Windows Hello only', allowedCombinations: ['windowsHelloForBusiness'] },
      ],
      conditionalAccess: [
        {
          displayName: 'P',
          state: 'enabled',
          grant: { operator: 'OR', authenticationStrength: 'Windows Hello only' },
        },
      ],
    });
    const p = [...w.caPolicies.values()][0]!;
    const strength = (p.grantControls as { authenticationStrength: Record<string, unknown> }).authenticationStrength;
    expect(strength).toMatchObject({
      displayName: 'Windows Hello only',
      policyType: 'custom',
      allowedCombinations: ['windowsHelloForBusiness'],
    });
  });

  it('refuses a combination Graph does not define, and a strength no one defined, naming where', () => {
    expect(() =>
      loadWorld({
        ...base,
        authenticationStrengths: [{ displayName: 'S', allowedCombinations: ['fido2', 'password,carrierPigeon'] }],
      }),
    ).toThrow(/authenticationStrengths\[0\]\.allowedCombinations\[1\].*carrierPigeon/);
    expect(() =>
      loadWorld({
        ...base,
        conditionalAccess: [{ displayName: 'P', state: 'enabled', grant: { authenticationStrength: 'Nope' } }],
      }),
    ).toThrow(/conditionalAccess\[0\]\.grant\.authenticationStrength.*unknown authentication strength 'Nope'/);
  });
});
