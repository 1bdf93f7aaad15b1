import { describe, expect, it } from 'vitest';
import { check } from './bg-028-few-global-admins.js';
import { config, DOMAIN, FORBIDDEN, healthy, val } from './testing/fixtures.js';
import {
  failed,
  GLOBAL_ADMIN_ROLE,
  ok,
  type DirObject,
  type GaPrincipal,
  type RoleAssignment,
  type RoleEligibility,
  type TenantSnapshot,
} from './snapshot.js';

const user = (id: string): DirObject => ({
  '@odata.type': '#microsoft.graph.user',
  id,
  userPrincipalName: `${id}@${DOMAIN}`,
});
const principals = (s: TenantSnapshot) => val<Record<string, GaPrincipal>>(s.gaPrincipals);

/** Adds active Global Administrator assignments for these principals, and who they are. */
function assign(s: TenantSnapshot, ...objects: DirObject[]): void {
  for (const o of objects) {
    val<RoleAssignment[]>(s.roleAssignments).push({
      id: `ra-${o.id}`,
      principalId: o.id,
      roleDefinitionId: GLOBAL_ADMIN_ROLE,
      directoryScopeId: '/',
    });
    principals(s)[o.id] = { object: ok(o) };
  }
}

function eligible(s: TenantSnapshot, o: DirObject): void {
  val<RoleEligibility[]>(s.roleEligibility).push({
    id: `e-${o.id}`,
    principalId: o.id,
    roleDefinitionId: GLOBAL_ADMIN_ROLE,
    status: 'Provisioned',
    memberType: 'Direct',
  });
  principals(s)[o.id] = { object: ok(o) };
}

const GA_GROUP: DirObject = { '@odata.type': '#microsoft.graph.group', id: 'g-ga', displayName: 'GA-Operators' };

describe('BG-028 few Global Administrators', () => {
  it('passes with three (the two break-glass accounts and one administrator), naming them', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      `3 principals hold Global Administrator, fewer than Microsoft's five: bg-admin-01@${DOMAIN} (break-glass), bg-admin-02@${DOMAIN} (break-glass), admin@${DOMAIN}`,
    );
  });

  it('warns at five — Learn draws the line there — naming who, break-glass accounts marked', () => {
    const s = healthy();
    assign(s, user('alice'), user('bob'));
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/^5 principals hold Global Administrator: Microsoft recommends fewer than five/);
    expect(r.reason).toContain(`bg-admin-01@${DOMAIN} (break-glass)`);
    expect(r.reason).toContain(`alice@${DOMAIN}, bob@${DOMAIN}`);
    // The accounts themselves are expected to hold the role: their findings pass, the others carry the warning.
    expect(r.findings.find((f) => f.object.id === 'u1')?.verdict).toBe('pass');
    expect(r.findings.find((f) => f.object.id === 'alice')?.verdict).toBe('warn');
  });

  it("still warns at eight (CISA's maximum) and fails at nine", () => {
    const s = healthy();
    assign(s, ...['a', 'b', 'c', 'd', 'e'].map(user));
    expect(check.evaluate(s, config()).verdict).toBe('warn');
    assign(s, user('f'));
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/^9 principals hold Global Administrator: more than CISA's maximum of eight/);
  });

  it('counts the members of a role-assignable group that holds the role, once each', () => {
    const s = healthy();
    assign(s, GA_GROUP);
    principals(s)['g-ga']!.members = ok([user('carol'), user('dave'), user('someone-else')]);
    const r = check.evaluate(s, config());
    // u1, u2, someone-else (direct and through the group: once), carol, dave.
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/^5 principals/);
    expect(r.reason).toContain(`carol@${DOMAIN} (active through GA-Operators)`);
    expect(r.reason).not.toContain('GA-Operators,');
  });

  it('counts PIM-eligible users and eligible groups, and service principals', () => {
    const s = healthy();
    eligible(s, user('erin'));
    eligible(s, GA_GROUP);
    principals(s)['g-ga']!.members = ok([user('frank')]);
    assign(s, { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp1', displayName: 'Provisioning app' });
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/^6 principals/);
    expect(r.reason).toContain(`erin@${DOMAIN} (eligible)`);
    expect(r.reason).toContain(`frank@${DOMAIN} (eligible through GA-Operators)`);
    expect(r.reason).toContain('Provisioning app (service principal)');
  });

  it('counts an assignment whose principal no longer exists, by its id', () => {
    const s = healthy();
    assign(s, user('x1'), user('x2'));
    principals(s)['x2'] = { object: ok(null) };
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toContain('x2 (not found)');
  });

  it('without Entra ID P2 counts active assignments only, and says so', () => {
    const s = healthy();
    s.roleEligibility = failed(
      '400 AadPremiumLicenseRequired: The tenant needs an AAD Premium 2 license.',
      'req-lic',
      'P2',
    );
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('pass');
    expect(r.reason).toContain('active assignments only: the tenant has no Microsoft Entra ID P2');
  });

  it('errors, never passes, when a read it counts with fails', () => {
    const cases: [string, (s: TenantSnapshot) => void, RegExp][] = [
      ['assignments', (s) => (s.roleAssignments = FORBIDDEN), /could not read Global Administrator assignments: 403/],
      ['eligibility', (s) => (s.roleEligibility = FORBIDDEN), /could not read Global Administrator eligibility: 403/],
      ['principals', (s) => (s.gaPrincipals = FORBIDDEN), /could not read who holds Global Administrator: 403/],
      [
        'one principal',
        (s) => (principals(s)['someone-else']!.object = FORBIDDEN),
        /someone-else: holds Global Administrator; could not read who it is: 403/,
      ],
      ['a principal not read', (s) => delete principals(s)['someone-else'], /who it is was not read/],
      [
        "a group's members",
        (s) => {
          assign(s, GA_GROUP);
          principals(s)['g-ga']!.members = FORBIDDEN;
        },
        /GA-Operators: could not read its members: 403/,
      ],
      ["a group's members not read", (s) => assign(s, GA_GROUP), /GA-Operators: its members were not read/],
    ];
    for (const [name, mutate, reason] of cases) {
      const s = healthy();
      mutate(s);
      const r = check.evaluate(s, config());
      expect(r.verdict, name).toBe('error');
      expect(r.reason, name).toMatch(reason);
    }
  });

  it('reads the role lists, who each principal is, and needs Directory.Read.All for it', () => {
    expect(check.reads).toContain('gaPrincipals');
    expect(check.permissions.graph).toEqual([
      'Directory.Read.All',
      'RoleEligibilitySchedule.Read.Directory',
      'RoleManagement.Read.Directory',
      'User.Read.All',
    ]);
  });
});
