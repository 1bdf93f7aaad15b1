import { describe, expect, it } from 'vitest';
import { check } from './bg-025-emergency-group-empty.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

const GROUP = {
  id: '22222222-2222-2222-2222-222222222222',
  displayName: 'CA-Emergency-Exclude',
  groupTypes: [],
  securityEnabled: true,
  isAssignableToRole: true,
};

function layered() {
  const s = healthy();
  s.emergencyGroup = ok(GROUP);
  s.emergencyGroupMembers = ok([]);
  return s;
}
const declared = config({ emergencyGroup: GROUP.id });

describe('BG-025 layered exclusion group is empty', () => {
  it('is not applicable where no layered door is declared', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('not-applicable');
  });
  it('passes when the group has no members', () => {
    const r = check.evaluate(layered(), declared);
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(/CA-Emergency-Exclude is empty/);
  });
  it('fails, naming each member — a door left open', () => {
    const s = layered();
    s.emergencyGroupMembers = ok([
      { '@odata.type': '#microsoft.graph.user', id: 'x', userPrincipalName: 'sam.staff@contoso.com' },
    ]);
    const r = check.evaluate(s, declared);
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/sam\.staff@contoso\.com.*is a member/);
  });
  it('fails when the declared group does not exist', () => {
    const s = layered();
    s.emergencyGroup = ok(null);
    expect(check.evaluate(s, declared).verdict).toBe('fail');
  });
  it('errors, never passes, when the group or its members cannot be read', () => {
    const a = layered();
    a.emergencyGroup = FORBIDDEN;
    expect(check.evaluate(a, declared).verdict).toBe('error');
    const b = layered();
    b.emergencyGroupMembers = FORBIDDEN;
    expect(check.evaluate(b, declared).verdict).toBe('error');
  });
});
