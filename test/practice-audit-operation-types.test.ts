/**
 * The directory audit log's operationType is the one Entra writes for each activity, not one value for all
 * (https://learn.microsoft.com/graph/api/resources/directoryaudit: Add, Assign, Update, Unassign, Delete; the
 * per-activity sources are cited in src/practice/world/audit-operation-types.ts).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadWorld, directory, scenarioJsonSchema, type World } from '../src/practice/world/index.js';
import { OPERATION_TYPES } from '../src/practice/world/audit-operation-types.js';

const OP = {
  kind: 'user' as const,
  id: '3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
  name: 'alex.admin@contoso-practice.com',
};
const now = () => new Date('2026-03-01T12:00:00Z');

function healthyWith(auditEvents: unknown[]): World {
  const sc = parse(readFileSync(new URL('../src/practice/scenarios/healthy.yaml', import.meta.url), 'utf8'));
  return loadWorld({ ...sc, auditEvents }, { now, seed: 7 });
}

const byActivity = (w: World, activity: string) => w.audits.filter((a) => a.activityDisplayName === activity);

describe('directory audit operationType', () => {
  it("the shipped healthy scenario's CA policy change is an Update, as Entra logs it", () => {
    const w = loadWorld('healthy', { now, seed: 7 });
    const [e] = byActivity(w, 'Update conditional access policy');
    expect(e?.operationType).toBe('Update');
  });

  it('scenario history gets the type of its activity: membership links Assign, removals Unassign', () => {
    const at = '-2d';
    const w = healthyWith([
      {
        at,
        activity: 'Add member to group',
        initiatedBy: 'bg-admin-01@initial',
        target: 'sam.staff@contoso-practice.com',
        via: 'SG-BreakGlass-Exclude',
      },
      {
        at,
        activity: 'Remove member from role',
        category: 'RoleManagement',
        initiatedBy: 'bg-admin-01@initial',
        target: 'sam.staff@contoso-practice.com',
        targetType: 'User',
        via: 'Global Administrator',
      },
      {
        at,
        activity: 'Add user',
        category: 'UserManagement',
        initiatedBy: 'bg-admin-01@initial',
        target: 'sam.staff@contoso-practice.com',
      },
    ]);
    expect(byActivity(w, 'Add member to group')[0]?.operationType).toBe('Assign');
    expect(byActivity(w, 'Remove member from role')[0]?.operationType).toBe('Unassign');
    expect(byActivity(w, 'Add user')[0]?.operationType).toBe('Add');
  });

  it('an activity the tenant cannot type must name its operationType; a named one is kept', () => {
    const ev = {
      at: '-2d',
      activity: 'Consent to application',
      category: 'ApplicationManagement',
      initiatedBy: 'bg-admin-01@initial',
      target: 'sam.staff@contoso-practice.com',
    };
    expect(() => healthyWith([ev])).toThrow(/auditEvents\[0\]\.operationType|auditEvents.*operationType/);
    const w = healthyWith([{ ...ev, operationType: 'Assign' }]);
    expect(byActivity(w, 'Consent to application')[0]?.operationType).toBe('Assign');
  });

  it('removing a group member is logged as Unassign, adding as Assign', () => {
    const w = loadWorld('healthy', { now, seed: 7 });
    const g = w.groupByName('SG-BreakGlass-Exclude')!;
    const sam = w.user('sam.staff@contoso-practice.com')!;
    directory.addMember(w, OP, g.id, sam.id);
    expect(w.audits.at(-1)).toMatchObject({ activityDisplayName: 'Add member to group', operationType: 'Assign' });
    directory.removeMember(w, OP, g.id, sam.id);
    expect(w.audits.at(-1)).toMatchObject({
      activityDisplayName: 'Remove member from group',
      operationType: 'Unassign',
    });
  });

  it('the scenario format offers exactly the documented operation types', () => {
    const schema = scenarioJsonSchema() as {
      properties: { auditEvents: { items: { properties: { operationType: { enum: string[] } } } } };
    };
    expect(schema.properties.auditEvents.items.properties.operationType.enum).toEqual([...OPERATION_TYPES]);
  });
});
