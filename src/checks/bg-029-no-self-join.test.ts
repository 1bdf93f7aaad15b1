import { describe, expect, it } from 'vitest';
import { check } from './bg-029-no-self-join.js';
import { config, healthy, FORBIDDEN, GROUP_ID } from './testing/fixtures.js';
import { ok, type Group } from './snapshot.js';

/** A Microsoft 365 group ("Unified") as the exclusion group, with the given visibility. */
function unified(visibility: string | null | undefined): ReturnType<typeof healthy> {
  const s = healthy();
  const g: Group = {
    id: GROUP_ID,
    displayName: 'BreakGlass Exclude',
    groupTypes: ['Unified'],
    securityEnabled: true,
    mailEnabled: true,
    isAssignableToRole: false,
    membershipRule: null,
  };
  if (visibility !== undefined) g.visibility = visibility;
  s.group = ok(g);
  return s;
}

const LAYERED = {
  id: '22222222-2222-2222-2222-222222222222',
  displayName: 'CA-Emergency-Exclude',
  groupTypes: [] as string[],
  securityEnabled: true,
  isAssignableToRole: true,
  visibility: 'Private',
};
const layeredConfig = config({ emergencyGroup: LAYERED.id });

describe('BG-029 nobody can join the exclusion group by themselves', () => {
  it('passes for a security group', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(/SG-BreakGlass-Exclude|not a Microsoft 365 group/);
  });
  it('fails for a public Microsoft 365 group: anyone can join it', () => {
    const r = check.evaluate(unified('Public'), config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/BreakGlass Exclude: .*public Microsoft 365 group.*anyone in the organization can join/);
  });
  it('warns for a private or hidden-membership Microsoft 365 group', () => {
    expect(check.evaluate(unified('Private'), config()).verdict).toBe('warn');
    // Microsoft's page spells it both "HiddenMembership" and "Hiddenmembership".
    expect(check.evaluate(unified('Hiddenmembership'), config()).verdict).toBe('warn');
    expect(check.evaluate(unified('HiddenMembership'), config()).reason).toMatch(/joining needs an owner/);
  });
  it('errors, never passes, when the visibility of a Microsoft 365 group is missing or unknown', () => {
    expect(check.evaluate(unified(undefined), config()).verdict).toBe('error');
    expect(check.evaluate(unified(null), config()).verdict).toBe('error');
    const r = check.evaluate(unified('Open'), config());
    expect(r.verdict).toBe('error');
    expect(r.reason).toMatch(/undocumented visibility "Open"/);
  });
  it('errors when groupTypes did not come back', () => {
    const s = healthy();
    s.group = ok({ id: GROUP_ID, displayName: 'SG-BreakGlass-Exclude', securityEnabled: true });
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
  it('errors when the exclusion group cannot be read, and fails when it does not exist', () => {
    const a = healthy();
    a.group = FORBIDDEN;
    const r = check.evaluate(a, config());
    expect(r.verdict).toBe('error');
    expect(r.reason).toMatch(/req-403/);
    const b = healthy();
    b.group = ok(null);
    expect(check.evaluate(b, config()).verdict).toBe('fail');
  });
  it('judges the declared layered exclusion group too', () => {
    const s = healthy();
    s.emergencyGroup = ok(LAYERED);
    expect(check.evaluate(s, layeredConfig).verdict).toBe('pass');
    s.emergencyGroup = ok({ ...LAYERED, groupTypes: ['Unified'], visibility: 'Public' });
    const r = check.evaluate(s, layeredConfig);
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/CA-Emergency-Exclude: the layered exclusion group is a public/);
  });
  it('errors when the declared layered group cannot be read; leaves a missing one to BG-025', () => {
    const s = healthy();
    s.emergencyGroup = FORBIDDEN;
    expect(check.evaluate(s, layeredConfig).verdict).toBe('error');
    s.emergencyGroup = ok(null);
    expect(check.evaluate(s, layeredConfig).verdict).toBe('pass');
  });
});
