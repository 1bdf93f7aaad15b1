import { describe, expect, it } from 'vitest';
import { check } from './bg-022-accounts-own-nothing.js';
import { config, healthy, FORBIDDEN, GROUP_ID } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-022 accounts own nothing', () => {
  it('passes when the accounts own nothing (owning the exclusion group is BG-021’s business)', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
    const s = healthy();
    s.accounts[0]!.ownedObjects = ok([
      { '@odata.type': '#microsoft.graph.group', id: GROUP_ID, displayName: 'SG-BreakGlass-Exclude' },
    ]);
    expect(check.evaluate(s, config()).verdict).toBe('pass');
  });
  it('fails an owned application, warns an owned group', () => {
    const s = healthy();
    s.accounts[0]!.ownedObjects = ok([
      { '@odata.type': '#microsoft.graph.application', id: 'a1', displayName: 'Payroll sync' },
    ]);
    s.accounts[1]!.ownedObjects = ok([{ '@odata.type': '#microsoft.graph.group', id: 'g9', displayName: 'Finance' }]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => `${f.verdict} ${f.reason}`)).toEqual([
      'fail owns application Payroll sync — an application owner can add credentials and sign in as it',
      'warn owns group Finance',
    ]);
  });
  it('errors when owned objects cannot be read or come back untyped', () => {
    const s = healthy();
    s.accounts[0]!.ownedObjects = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
    s.accounts[0]!.ownedObjects = ok([{ id: 'z' }]);
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
