/**
 * Directory advanced queries, answered as Graph answers them
 * (https://learn.microsoft.com/graph/aad-advanced-queries): `ne`, `not` and `endsWith`, `$filter` with
 * `$orderby`, and `$orderby` on anything but the default-sortable properties need the header
 * `ConsistencyLevel: eventual` and `$count=true`; without them Graph answers 400 Request_UnsupportedQuery.
 * `$count=true` without the header is silently ignored. The expected answers are Learn's, not the emulator's.
 * Real MSAL / Graph client over HTTPS to the practice tenant; what the tenant holds comes from the scenario.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { Client } from '@microsoft/microsoft-graph-client';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { practiceToken } from './harness/practice-token.js';

/** The public client the healthy scenario consents for the operator (src/practice/scenarios/healthy.yaml). */
const scenario = parse(readFileSync(join(import.meta.dirname, '../src/practice/scenarios/healthy.yaml'), 'utf8')) as {
  users: { upn: string; accountEnabled?: boolean }[];
};

let server: PracticeServer;
let client: Client;

beforeAll(async () => {
  server = await startPracticeServer({ scenario: 'healthy', autoApproveDeviceCodeAfterMs: 0, seed: 3 });
  const token = await practiceToken(server, ['https://graph.microsoft.com/Directory.Read.All']);
  client = Client.init({
    authProvider: (done) => done(null, token),
    baseUrl: server.url,
    customHosts: new Set([new URL(server.url).hostname]),
    fetchOptions: { dispatcher: new Agent({ connect: { ca: server.caPem } }) },
  });
}, 60_000);
afterAll(async () => server?.close());

type Page = { '@odata.count'?: number; value: Record<string, unknown>[] };
const get = (path: string, query: Record<string, string>, advanced = false): Promise<Page> => {
  let r = client.api(path).query(query);
  if (advanced) r = r.header('ConsistencyLevel', 'eventual').query({ $count: 'true' });
  return r.get() as Promise<Page>;
};
const refused = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { statusCode: number; code: string; message: string }) => ({
      status: e.statusCode,
      code: e.code,
      message: e.message,
    }),
  );

describe('directory advanced queries', () => {
  it('ne without the advanced parameters is 400 Request_UnsupportedQuery; with them it is served, counted', async () => {
    const q = { $filter: 'accountEnabled ne false', $select: 'id' };
    expect(await refused(get('/users', q))).toEqual({
      status: 400,
      code: 'Request_UnsupportedQuery',
      message:
        "Operator 'ne' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
    });
    // Either one alone is not enough ("either the ConsistencyLevel header or the $count=true query string is missing").
    expect(
      await refused(
        client
          .api('/users')
          .query({ ...q, $count: 'true' })
          .get(),
      ),
    ).toMatchObject({ status: 400 });
    expect(await refused(client.api('/users').header('ConsistencyLevel', 'eventual').query(q).get())).toMatchObject({
      status: 400,
    });
    const ok = await get('/users', q, true);
    expect(ok['@odata.count']).toBe(ok.value.length);
    expect(ok.value.length).toBe(scenario.users.filter((u) => u.accountEnabled !== false).length);
  });

  it('endsWith and not need them too (Learn prints the endsWith answer)', async () => {
    const ends = await refused(get('/users', { $filter: "endsWith(userPrincipalName,'.onmicrosoft.com')" }));
    expect(ends).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
    expect(ends!.message).toMatch(
      /^Operator 'endsWith' is not supported because the required parameters might be missing/,
    );
    expect(await refused(get('/groups', { $filter: "not(displayName eq 'x')" }))).toMatchObject({
      status: 400,
      code: 'Request_UnsupportedQuery',
    });
  });

  it('$orderby: default on user displayName; advanced on application displayName and with $filter', async () => {
    expect((await get('/users', { $orderby: 'displayName', $select: 'id' })).value.length).toBeGreaterThan(0);
    expect(await refused(get('/applications', { $orderby: 'displayName' }))).toMatchObject({
      status: 400,
      code: 'Request_UnsupportedQuery',
    });
    expect(await refused(get('/users', { $filter: 'accountEnabled eq true', $orderby: 'displayName' }))).toMatchObject({
      status: 400,
      code: 'Request_UnsupportedQuery',
    });
    const both = await get(
      '/users',
      { $filter: 'accountEnabled eq true', $orderby: 'displayName', $select: 'id' },
      true,
    );
    expect(both['@odata.count']).toBe(both.value.length);
  });

  it('$count=true without the header is silently ignored; a default query is served without them', async () => {
    const page = await get('/users', { $count: 'true', $select: 'id' });
    expect(page['@odata.count']).toBeUndefined();
    expect(page.value.length).toBeGreaterThan(0);
    const eq = await get('/groups', { $filter: "displayName eq 'SG-BreakGlass-Exclude'", $select: 'id' });
    expect(eq.value).toHaveLength(1);
  });

  it("$search without the header is Learn's 400", async () => {
    expect(await refused(get('/users', { $search: '"displayName:Break"' }))).toEqual({
      status: 400,
      code: 'Request_UnsupportedQuery',
      message:
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    });
  });

  it('in $batch the header goes in the item\'s own headers (Learn: "specify the ConsistencyLevel header in the JSON body")', async () => {
    const url = '/users?$filter=accountEnabled ne false&$count=true&$select=id';
    const r = (await client.api('/$batch').post({
      requests: [
        { id: 'without', method: 'GET', url },
        { id: 'with', method: 'GET', url, headers: { ConsistencyLevel: 'eventual' } },
      ],
    })) as { responses: { id: string; status: number; body: { error?: { code: string } } }[] };
    const by = Object.fromEntries(r.responses.map((x) => [x.id, x]));
    expect(by['without']).toMatchObject({ status: 400, body: { error: { code: 'Request_UnsupportedQuery' } } });
    expect(by['with']!.status).toBe(200);
  });
});
