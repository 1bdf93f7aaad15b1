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
      'bg-admin-01@contoso.onmicrosoft.com: other group membership(s): All Staff; no licences',
    );
  });
  it('warns for app role assignments', () => {
    const s = healthy();
    s.accounts[1]!.appRoleAssignments = ok([{ id: 'x', resourceDisplayName: 'Salesforce' }]);
    expect(check.evaluate(s, config()).verdict).toBe('warn');
  });
  it('reports licences on every finding and never judges them', () => {
    const s = healthy();
    val<{ assignedLicenses: { skuId: string }[] }>(s.accounts[0]!.user).assignedLicenses = [
      { skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06' },
    ];
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toBe(
      'no other memberships or app assignments; licences (reported, not judged): 06ebc4ee-1bb5-47dd-8120-11324bc54e06',
    );
  });
  it('errors on a failed read', () => {
    const s = healthy();
    s.accounts[1]!.memberOf = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
