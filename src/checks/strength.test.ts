import { describe, expect, it } from 'vitest';
import type { CaPolicy } from './snapshot.js';
import { PHISHING_RESISTANT_STRENGTH, protectsOnceKeysEnrolled } from './strength.js';

// Grant shapes from https://learn.microsoft.com/graph/api/resources/conditionalaccessgrantcontrols;
// strength ids from https://learn.microsoft.com/graph/api/authenticationstrengthroot-list-policies.
const policy = (grantControls: CaPolicy['grantControls']): CaPolicy => ({
  id: 'p',
  displayName: 'P',
  state: 'enabled',
  conditions: {},
  grantControls,
});

describe('protectsOnceKeysEnrolled', () => {
  it('is true for a policy requiring the phishing-resistant strength', () => {
    expect(
      protectsOnceKeysEnrolled(
        policy({ operator: 'OR', authenticationStrength: { id: PHISHING_RESISTANT_STRENGTH } }),
        [],
      ),
    ).toBe(true);
  });

  it('is false for a plain MFA requirement, a weaker strength, a device control, or a session lockout', () => {
    expect(protectsOnceKeysEnrolled(policy({ operator: 'OR', builtInControls: ['mfa'] }), [])).toBe(false);
    expect(
      protectsOnceKeysEnrolled(
        policy({ operator: 'OR', authenticationStrength: { id: '00000000-0000-0000-0000-000000000002' } }),
        [],
      ),
    ).toBe(false);
    expect(
      protectsOnceKeysEnrolled(
        policy({
          operator: 'AND',
          builtInControls: ['compliantDevice'],
          authenticationStrength: { id: PHISHING_RESISTANT_STRENGTH },
        }),
        [],
      ),
    ).toBe(false);
    expect(
      protectsOnceKeysEnrolled(
        policy({ operator: 'OR', authenticationStrength: { id: PHISHING_RESISTANT_STRENGTH } }),
        ['sign-in frequency every time'],
      ),
    ).toBe(false);
  });
});
