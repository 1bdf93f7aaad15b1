/**
 * Microsoft 365 groups in a scenario: `unified` and `visibility` as the Graph group resource documents them
 * (https://learn.microsoft.com/graph/api/resources/group): an unset visibility is Public for a Microsoft 365
 * group and Private for a role-assignable one ("always Private"); HiddenMembership is for Microsoft 365 groups only.
 */
import { describe, expect, it } from 'vitest';
import { loadWorld } from './index.js';

const base = {
  name: 'x',
  tenant: { initialDomain: 'x.onmicrosoft.com' },
  operator: { upn: 'a@x.onmicrosoft.com' },
  users: [{ upn: 'a@x.onmicrosoft.com' }],
};

describe('group types and visibility in a scenario', () => {
  it('a unified group is a Microsoft 365 group, Public unless declared otherwise', () => {
    const w = loadWorld({
      ...base,
      groups: [
        { displayName: 'Team', unified: true, mailEnabled: true },
        { displayName: 'Hidden', unified: true, mailEnabled: true, visibility: 'HiddenMembership' },
        { displayName: 'Tier0', isAssignableToRole: true },
      ],
    });
    expect(w.groupByName('Team')).toMatchObject({ groupTypes: ['Unified'], visibility: 'Public' });
    expect(w.groupByName('Hidden')!.visibility).toBe('HiddenMembership');
    expect(w.groupByName('Tier0')).toMatchObject({ groupTypes: [], visibility: 'Private' });
  });

  it('refuses what Microsoft does not allow', () => {
    expect(() => loadWorld({ ...base, groups: [{ displayName: 'T', unified: true }] })).toThrow(
      /groups\[0\]\.mailEnabled.*mail-enabled/,
    );
    expect(() =>
      loadWorld({ ...base, groups: [{ displayName: 'R', isAssignableToRole: true, visibility: 'Public' }] }),
    ).toThrow(/groups\[0\]\.visibility.*always Private/);
    expect(() => loadWorld({ ...base, groups: [{ displayName: 'S', visibility: 'HiddenMembership' }] })).toThrow(
      /groups\[0\]\.visibility.*only for Microsoft 365 groups/,
    );
  });
});
