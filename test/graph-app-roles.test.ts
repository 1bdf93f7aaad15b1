/**
 * One catalogue of Microsoft Graph application permission ids
 * (src/config/graph-app-roles.ts): the practice tenant's is the same table,
 * not a copy, and what breakglass may grant is drawn from it.
 */
import { describe, expect, it } from 'vitest';
import {
  GRAPH_APP_ID,
  GRAPH_APP_ROLE_IDS,
  GRAPH_APP_ROLE_NAMES,
  GRAPH_APP_ROLES,
} from '../src/config/graph-app-roles.js';
import * as practice from '../src/practice/world/catalog.js';

describe('Graph application permission catalogue', () => {
  it('the practice tenant uses the product’s catalogue itself', () => {
    expect(practice.GRAPH_APP_ROLES).toBe(GRAPH_APP_ROLE_IDS);
    expect(practice.MS_GRAPH_APP_ID).toBe(GRAPH_APP_ID);
    for (const [name, id] of Object.entries(GRAPH_APP_ROLE_IDS)) expect(practice.graphAppRoleName(id)).toBe(name);
  });

  it('what breakglass grants is a part of it, and every id in it has its name', () => {
    expect(Object.keys(GRAPH_APP_ROLES)).toEqual([
      'RoleManagement.ReadWrite.Directory',
      'User.Read.All',
      'GroupMember.ReadWrite.All',
    ]);
    for (const [name, id] of Object.entries(GRAPH_APP_ROLES)) expect(GRAPH_APP_ROLE_IDS[name]).toBe(id);
    expect(Object.keys(GRAPH_APP_ROLE_NAMES)).toHaveLength(Object.keys(GRAPH_APP_ROLE_IDS).length);
  });
});
