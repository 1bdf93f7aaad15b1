import { describe, expect, it } from 'vitest';
import { check } from './bg-017-nothing-else.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import { ok, type DirObject } from './snapshot.js';

describe('BG-017 nothing else', () => {
  it('passes with only the exclusion group and GA', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass'));
  it('fails another group membership, naming it', () => {
    const s = healthy();
    val<DirObject[]>(s.accounts[0]!.memberOf).push({
      '@odata.type': '#microsoft.graph.group',
      id: 'g-all',
      displayName: 'All Staff',
    });
    expect(check.evaluate(s, config()).reason).toBe(
      'bg-admin-01@contoso.onmicrosoft.com: other group membership(s): All Staff',
    );
  });
  it('warns for app role assignments', () => {
    const s = healthy();
    s.accounts[1]!.appRoleAssignments = ok([{ id: 'x', resourceDisplayName: 'Salesforce' }]);
    expect(check.evaluate(s, config()).verdict).toBe('warn');
  });
  it('errors on a failed read', () => {
    const s = healthy();
    s.accounts[1]!.memberOf = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
