/**
 * Least privilege per identity: which permissions each sign-in requests,
 * computed from the steps that use it (permissionsForIdentity + scopesFor).
 */
import { describe, expect, it } from 'vitest';
import { loadForRun } from '../src/commands/run.js';
import { CLOUDS } from '../src/config/clouds.js';
import { permissionsForIdentity, scopesFor, stepPermissionsOf } from '../src/tenant/permissions.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const resources = CLOUDS.public.resources;

describe('permissionsForIdentity', () => {
  it('emergency sign-in: the default identity asks for nothing, breakglass for the read, the app for .default', async () => {
    const rb = await loadForRun('runbooks/emergency-sign-in.md', CATALOG);
    const steps = stepPermissionsOf(rb, CATALOG);
    expect(permissionsForIdentity(rb, undefined, steps)).toEqual({ graph: [], logs: [], arm: [] });
    const bg = permissionsForIdentity(rb, 'breakglass', steps);
    expect(bg.graph).toEqual(['RoleManagement.Read.Directory']);
    expect(scopesFor(rb, 'delegated', resources, bg)).toEqual([
      'https://graph.microsoft.com/RoleManagement.Read.Directory',
    ]);
    const app = permissionsForIdentity(rb, 'emergency-app', steps);
    // Adding a member to a role-assignable group: GroupMember.ReadWrite.All and, also,
    // RoleManagement.ReadWrite.Directory (learn.microsoft.com/graph/api/group-post-members).
    expect([...(app.graph ?? [])].sort()).toEqual(['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']);
    expect(scopesFor(rb, 'app', resources, app)).toEqual(['https://graph.microsoft.com/.default']);
    // The break-glass application's door: its proof read and its audit review, app-only.
    const door = permissionsForIdentity(rb, 'bg-app', steps);
    expect([...(door.graph ?? [])].sort()).toEqual(['Application.Read.All', 'AuditLog.Read.All']);
    expect(scopesFor(rb, 'app', resources, door)).toEqual(['https://graph.microsoft.com/.default']);
  });

  it('a runbook without identities: the default identity keeps exactly its declaration', async () => {
    const rb = await loadForRun('runbooks/service-principal-layered.md', CATALOG);
    const steps = stepPermissionsOf(rb, CATALOG);
    expect(permissionsForIdentity(rb, undefined, steps)).toEqual({
      graph: rb.permissions.graph,
      logs: rb.permissions.logs ?? [],
      arm: rb.permissions.arm ?? [],
    });
    expect(scopesFor(rb, 'delegated', resources, permissionsForIdentity(rb, undefined, steps))).toEqual(
      scopesFor(rb, 'delegated', resources),
    );
  });

  it('a step need is spelled as declared: a declared ReadWrite serves a Read need; a read-only runbook never asks for a write', () => {
    const rb = {
      readOnly: false,
      permissions: { graph: ['Policy.Read.All', 'Group.ReadWrite.All'], logs: [], arm: [] },
      steps: [
        { id: 'a', identity: undefined, children: [] },
        { id: 'b', identity: 'bg', children: [] },
      ],
    } as never;
    const steps = [
      { stepId: 'a', permissions: { graph: ['Policy.Read.All'] } },
      { stepId: 'b', permissions: { graph: ['Group.Read.All'] } },
    ];
    expect(permissionsForIdentity(rb, 'bg', steps).graph).toEqual(['Group.ReadWrite.All']);
    expect(permissionsForIdentity(rb, undefined, steps).graph).toEqual(['Policy.Read.All']);
    expect(
      scopesFor(
        { readOnly: true, permissions: { graph: [], logs: [], arm: [] } },
        'delegated',
        resources,
        permissionsForIdentity(rb, 'bg', steps),
      ),
    ).toEqual([]);
  });
});
