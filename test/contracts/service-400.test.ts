/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON error bodies */
/**
 * A deliberately misspelled property in a request body gets the service's
 * 400, in the service's envelope, from the practice tenant over real HTTPS —
 * one case per API family (Graph directory, Graph policies, ARM
 * SecurityInsights, ARM Insights), inside a $batch item too; and in strict
 * mode a call with no vendored contract is refused.
 *
 * Envelopes: Graph https://learn.microsoft.com/en-us/graph/errors#json-representation ;
 * ARM https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/common-api-details.md#error-response-content
 * (code, message, details[]).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { startPracticeServer, type PracticeServer } from '../../src/practice/server.js';
import { practiceToken } from '../harness/practice-token.js';

const SUB = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const WS = `/subscriptions/${SUB}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security`;
const GRAPH_SCOPES = [
  'User.ReadWrite.All',
  'Policy.Read.All',
  'Policy.ReadWrite.ConditionalAccess',
  'GroupMember.ReadWrite.All',
  'Organization.Read.All',
].map((s) => `https://graph.microsoft.com/${s}`);
let server: PracticeServer;
let dispatcher: Agent;
let graphToken: string;
let armToken: string;
const previousMode = process.env['BREAKGLASS_PRACTICE_CONTRACTS'];

const token = (scopes: string[]): Promise<string> => practiceToken(server, scopes);

async function call(
  method: string,
  path: string,
  tok: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    dispatcher,
    headers: {
      authorization: `Bearer ${tok}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  process.env['BREAKGLASS_PRACTICE_CONTRACTS'] = 'strict';
  server = await startPracticeServer({ scenario: 'healthy', autoApproveDeviceCodeAfterMs: 0, seed: 7 });
  dispatcher = new Agent({ connect: { ca: server.caPem } });
  graphToken = await token(GRAPH_SCOPES);
  armToken = await token(['https://management.azure.com/user_impersonation']);
});
afterAll(async () => {
  await server?.close();
  await dispatcher?.close();
  if (previousMode === undefined) delete process.env['BREAKGLASS_PRACTICE_CONTRACTS'];
  else process.env['BREAKGLASS_PRACTICE_CONTRACTS'] = previousMode;
});

const graphInnerError = (clientRequestId: string) => ({
  date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
  'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
  'client-request-id': clientRequestId,
});

describe('a misspelled property gets the service’s 400', () => {
  it('Graph directory: POST /users with userPrincipleName', async () => {
    const r = await call(
      'POST',
      '/v1.0/users',
      graphToken,
      {
        accountEnabled: true,
        displayName: 'BG 9',
        mailNickname: 'bg9',
        userPrincipleName: 'bg9@contosopractice.onmicrosoft.com',
        passwordProfile: { password: 'A-Very-Long-Passphrase-42', forceChangePasswordNextSignIn: false },
      },
      { 'client-request-id': 'c-dir-1' },
    );
    expect(r.status).toBe(400);
    // Directory workloads answer unknown names with Request_BadRequest and this wording.
    expect(r.body).toEqual({
      error: {
        code: 'Request_BadRequest',
        message: "Property 'userPrincipleName' does not exist as a declared property or extension property.",
        innerError: graphInnerError('c-dir-1'),
      },
    });
  });

  it('Graph policies: PATCH a CA policy with conditions.users.excludeGroup', async () => {
    const list = await call('GET', '/v1.0/identity/conditionalAccess/policies?$select=id', graphToken);
    const id = list.body.value[0].id as string;
    const r = await call(
      'PATCH',
      `/v1.0/identity/conditionalAccess/policies/${id}`,
      graphToken,
      { conditions: { users: { includeUsers: ['All'], excludeGroup: ['5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d'] } } },
      { 'client-request-id': 'c-pol-1' },
    );
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 'BadRequest',
        message:
          "The property 'excludeGroup' does not exist on type 'microsoft.graph.conditionalAccessUsers'. Make sure to only use property names that are defined by the type.",
        innerError: graphInnerError('c-pol-1'),
      },
    });
  });

  it('ARM SecurityInsights: PUT an NRT rule with suppresionEnabled', async () => {
    const r = await call(
      'PUT',
      `${WS}/providers/Microsoft.SecurityInsights/alertRules/8a7c50d3-fcbd-4727-a889-8ab232dfea01?api-version=2025-07-01-preview`,
      armToken,
      {
        kind: 'NRT',
        properties: {
          displayName: 'bg',
          severity: 'High',
          enabled: true,
          query: 'SigninLogs',
          suppresionEnabled: false,
          suppressionEnabled: false,
          suppressionDuration: 'PT5H',
        },
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadRequest');
    expect(r.body.error.details).toEqual([
      {
        code: 'InvalidRequestContent',
        target: 'properties.suppresionEnabled',
        message: expect.stringContaining("'suppresionEnabled'"),
      },
    ]);
  });

  it('ARM Insights: PUT a scheduled query rule with evaluationFrequncy', async () => {
    const r = await call(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/rg-monitoring/providers/Microsoft.Insights/scheduledQueryRules/bg-typo?api-version=2023-12-01`,
      armToken,
      {
        location: 'westeurope',
        properties: {
          displayName: 'bg',
          severity: 0,
          enabled: true,
          evaluationFrequncy: 'PT5M',
          windowSize: 'PT5M',
          scopes: [WS],
          criteria: {
            allOf: [{ query: 'SigninLogs', timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 }],
          },
        },
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([
      {
        code: 'InvalidRequestContent',
        target: 'properties.evaluationFrequncy',
        message: expect.stringContaining("'evaluationFrequncy'"),
      },
    ]);
  });

  it('inside $batch: the item gets its own 400 in Graph’s envelope, the batch 200', async () => {
    const r = await call('POST', '/v1.0/$batch', graphToken, {
      requests: [
        {
          id: '1',
          method: 'POST',
          url: '/users',
          headers: { 'content-type': 'application/json', 'client-request-id': 'c-item-1' },
          body: {
            accountEnabled: true,
            displayName: 'x',
            mailNickname: 'x',
            userPrincipalName: 'x@contosopractice.onmicrosoft.com',
            passwordProfile: { password: 'A-Very-Long-Passphrase-42' },
            usageLocaton: 'NL',
          },
        },
        { id: '2', method: 'GET', url: '/organization?$select=id' },
      ],
    });
    expect(r.status).toBe(200);
    const item = r.body.responses.find((x: { id: string }) => x.id === '1');
    expect(item.status).toBe(400);
    expect(item.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Property 'usageLocaton' does not exist as a declared property or extension property.",
      innerError: graphInnerError('c-item-1'),
    });
    expect(r.body.responses.find((x: { id: string }) => x.id === '2').status).toBe(200);
  });
});

describe('strict mode', () => {
  it('refuses a call that has no vendored contract (501), and serves one that has', async () => {
    const none = await call('GET', '/beta/users?$select=id', graphToken);
    expect(none.status).toBe(501);
    expect(none.body.error.message).toMatch(/no vendored|not in the call table/);
    expect((await call('GET', '/v1.0/users?$select=id', graphToken)).status).toBe(200);
  });
});
