/**
 * Shared fixtures for the practice-server tests: a small in-test world with
 * the identity-directory shape C2's World exposes, and a few test routes.
 */
import { randomUUID } from 'node:crypto';
import type { PracticeWorld } from '../src/practice/server.js';
import type { PracticeApplication } from '../src/practice/identity/directory.js';
import type { PracticeRoute } from '../src/practice/types.js';
import { applyODataCollection } from '../src/practice/odata/index.js';

export const PUBLIC_CLIENT_ID = '11111111-1111-4111-8111-111111111111';
export const SECRET_APP_ID = '22222222-2222-4222-8222-222222222222';
export const CERT_APP_ID = '33333333-3333-4333-8333-333333333333';
export const NO_PERMS_APP_ID = '44444444-4444-4444-8444-444444444444';
export const APP_SECRET = 'practice~secret~value~0123456789';

export interface TestWorld extends PracticeWorld {
  apps: Map<string, PracticeApplication>;
  delegatedScopes: string[];
  users: { id: string; displayName: string; userPrincipalName: string; accountEnabled: boolean }[];
  groups: { id: string; displayName: string }[];
  signIns: unknown[];
  clock: { advance(ms: number): void; offset: number };
}

export function makeWorld(): TestWorld {
  const apps = new Map<string, PracticeApplication>();
  apps.set(PUBLIC_CLIENT_ID, {
    appId: PUBLIC_CLIENT_ID,
    displayName: 'breakglass',
    secrets: [],
    certificates: [],
    appRoles: [],
    isPublicClient: true,
  });
  apps.set(SECRET_APP_ID, {
    appId: SECRET_APP_ID,
    displayName: 'bg-automation',
    secrets: [APP_SECRET],
    certificates: [],
    appRoles: ['User.Read.All', 'Policy.Read.All'],
    isPublicClient: false,
  });
  apps.set(CERT_APP_ID, {
    appId: CERT_APP_ID,
    displayName: 'bg-cert',
    secrets: [],
    certificates: [],
    appRoles: ['User.Read.All'],
    isPublicClient: false,
  });
  apps.set(NO_PERMS_APP_ID, {
    appId: NO_PERMS_APP_ID,
    displayName: 'bg-none',
    secrets: [APP_SECRET],
    certificates: [],
    appRoles: [],
    isPublicClient: false,
  });
  const users = Array.from({ length: 250 }, (_, i) => ({
    id: randomUUID(),
    displayName: `User ${String(i).padStart(3, '0')}`,
    userPrincipalName: `user${String(i).padStart(3, '0')}@contoso-practice.onmicrosoft.com`,
    accountEnabled: i % 7 !== 0,
  }));
  const w: TestWorld = {
    tenantId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    initialDomain: 'contoso-practice.onmicrosoft.com',
    apps,
    delegatedScopes: ['User.Read', 'User.Read.All', 'Data.Read', 'user_impersonation'],
    users,
    groups: [],
    signIns: [],
    clock: {
      offset: 0,
      advance(ms: number) {
        this.offset += ms;
      },
    },
    findApplication: (id) => apps.get(id),
    delegatedSignIn(clientId) {
      if (!apps.has(clientId)) return undefined;
      return {
        oid: 'a0a0a0a0-0000-4000-8000-000000000001',
        upn: 'operator@contoso-practice.onmicrosoft.com',
        scopes: [...w.delegatedScopes],
      };
    },
    simulateSignIn(input) {
      if (!users.some((u) => u.userPrincipalName === input.upn))
        throw Object.assign(new Error(`No user '${input.upn}'.`), { status: 404, code: 'UserNotFound' });
      w.signIns.push(input);
      return { id: randomUUID() };
    },
  };
  return w;
}

export function testRoutes(): PracticeRoute[] {
  return [
    {
      host: 'graph',
      method: 'GET',
      pattern: '/users',
      permissions: ['User.Read.All', 'Directory.Read.All'],
      mutates: false,
      handler: (req, world) => ({
        status: 200,
        body: applyODataCollection(req, (world as TestWorld).users, {
          context: 'users',
          typeName: 'microsoft.graph.user',
          properties: ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'mail'],
          defaultPageSize: 100,
          maxPageSize: 999,
        }),
      }),
    },
    {
      host: 'graph',
      method: 'GET',
      pattern: '/organization',
      permissions: [],
      mutates: false,
      handler: (req, world) => ({
        status: 200,
        body: {
          '@odata.context': `https://graph.microsoft.com/${req.version}/$metadata#organization`,
          value: [{ id: (world as TestWorld).tenantId, displayName: 'Contoso (practice)' }],
        },
      }),
    },
    {
      host: 'graph',
      method: 'GET',
      pattern: '/users/{id}',
      permissions: ['User.Read.All'],
      mutates: false,
      handler: (req, world) => {
        const u = (world as TestWorld).users.find(
          (x) => x.id === req.params['id'] || x.userPrincipalName.toLowerCase() === req.params['id']!.toLowerCase(),
        );
        if (!u)
          return {
            status: 404,
            body: {
              error: {
                code: 'Request_ResourceNotFound',
                message: `Resource '${req.params['id']}' does not exist or one of its queried reference-property objects are not present.`,
              },
            },
          };
        return {
          status: 200,
          body: { '@odata.context': `https://graph.microsoft.com/${req.version}/$metadata#users/$entity`, ...u },
        };
      },
    },
    {
      host: 'graph',
      method: 'POST',
      pattern: '/groups',
      permissions: ['Group.ReadWrite.All'],
      mutates: true,
      handler: (req, world) => {
        const g = { id: randomUUID(), displayName: String((req.body as { displayName?: string })?.displayName ?? '') };
        (world as TestWorld).groups.push(g);
        return { status: 201, body: g };
      },
    },
    {
      host: 'logs',
      method: 'POST',
      pattern: '/workspaces/{workspaceId}/query',
      permissions: ['Data.Read'],
      mutates: false,
      handler: () => ({
        status: 200,
        body: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] }] },
      }),
    },
    {
      host: 'arm',
      method: 'GET',
      pattern: '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Insights/scheduledQueryRules/{name}',
      permissions: ['user_impersonation'],
      mutates: false,
      // Shaped as ScheduledQueryRuleResource (location, properties.enabled/criteria/scopes are required): responses are checked too.
      handler: (req) => ({
        status: 200,
        body: {
          id: req.path,
          name: req.params['name'],
          type: 'Microsoft.Insights/scheduledQueryRules',
          location: 'westeurope',
          properties: { enabled: true, scopes: [], criteria: { allOf: [] } },
        },
      }),
    },
  ];
}
