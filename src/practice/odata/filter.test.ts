import { describe, expect, it } from 'vitest';
import { evaluateFilter, parseFilter } from './filter.js';
import { applyODataCollection } from './collection.js';
import { PracticeHttpError } from './errors.js';
import type { PracticeRequest } from '../types.js';

const users = [
  {
    id: '0a6f2b0e-1111-4111-8111-000000000001',
    displayName: "O'Brien",
    userPrincipalName: 'obrien@contoso.onmicrosoft.com',
    accountEnabled: true,
    mail: null,
    groupTypes: [],
    assignedLicenses: [{ skuId: 'e5' }],
    createdDateTime: '2024-01-01T00:00:00Z',
  },
  {
    id: '0a6f2b0e-1111-4111-8111-000000000002',
    displayName: 'Break Glass 1',
    userPrincipalName: 'bg1@contoso.onmicrosoft.com',
    accountEnabled: true,
    mail: 'bg1@contoso.com',
    groupTypes: ['Unified'],
    assignedLicenses: [],
    createdDateTime: '2024-06-01T00:00:00Z',
  },
  {
    id: '0a6f2b0e-1111-4111-8111-000000000003',
    displayName: 'Break Glass 2',
    userPrincipalName: 'bg2@contoso.onmicrosoft.com',
    accountEnabled: false,
    mail: null,
    groupTypes: [],
    assignedLicenses: [],
    createdDateTime: '2025-01-01T00:00:00Z',
  },
];

const ids = (f: string) => users.filter((u) => evaluateFilter(parseFilter(f), u)).map((u) => u.id.slice(-1));

function req(query: string, headers: Record<string, string> = {}): PracticeRequest {
  return {
    method: 'GET',
    host: 'graph',
    version: 'v1.0',
    path: '/users',
    params: {},
    query: new URLSearchParams(query),
    headers,
    body: undefined,
    requestId: 'r',
    baseUrl: 'https://127.0.0.1:1',
  };
}

function status(fn: () => unknown): { status: number; code: string; message: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof PracticeHttpError) return { status: e.status, code: e.code, message: e.message };
    throw e;
  }
}

describe('$filter', () => {
  it('eq / ne with strings (case-insensitive, like directory objects), booleans, null, guids', () => {
    expect(ids("userPrincipalName eq 'BG1@contoso.onmicrosoft.com'")).toEqual(['2']);
    expect(ids('accountEnabled eq false')).toEqual(['3']);
    expect(ids('accountEnabled ne false')).toEqual(['1', '2']);
    expect(ids('mail eq null')).toEqual(['1', '3']);
    expect(ids('id eq 0a6f2b0e-1111-4111-8111-000000000003')).toEqual(['3']);
    expect(ids("id eq '0a6f2b0e-1111-4111-8111-000000000003'")).toEqual(['3']);
  });
  it("'' escapes a quote inside a string literal", () => {
    expect(ids("displayName eq 'O''Brien'")).toEqual(['1']);
    expect(ids("startswith(displayName,'O''B')")).toEqual(['1']);
  });
  it('startswith, in, and/or/not, parentheses', () => {
    expect(ids("startswith(displayName,'break')")).toEqual(['2', '3']);
    expect(ids("userPrincipalName in ('bg1@contoso.onmicrosoft.com', 'bg2@contoso.onmicrosoft.com')")).toEqual([
      '2',
      '3',
    ]);
    expect(ids("startswith(displayName,'Break') and accountEnabled eq true")).toEqual(['2']);
    expect(ids("not(startswith(displayName,'Break')) or accountEnabled eq false")).toEqual(['1', '3']);
    expect(ids("(accountEnabled eq true and mail ne null) or displayName eq 'O''Brien'")).toEqual(['1', '2']);
  });
  it('any()/all() lambdas on collections', () => {
    expect(ids("groupTypes/any(c:c eq 'Unified')")).toEqual(['2']);
    expect(ids("assignedLicenses/any(x: x/skuId eq 'e5')")).toEqual(['1']);
    expect(ids("groupTypes/all(c:c eq 'Unified')")).toEqual(['1', '2', '3']);
    expect(ids('assignedLicenses/any()')).toEqual(['1']);
  });
  it('date-time comparisons', () => {
    expect(ids('createdDateTime ge 2024-06-01T00:00:00Z')).toEqual(['2', '3']);
    expect(ids('createdDateTime lt 2024-06-01T00:00:00Z')).toEqual(['1']);
  });
  it('unsupported functions / operators are a 400, never ignored', () => {
    expect(status(() => parseFilter("contains(displayName,'x')"))).toMatchObject({
      status: 400,
      code: 'Request_UnsupportedQuery',
    });
    expect(status(() => parseFilter('accountEnabled has true'))).toMatchObject({
      status: 400,
      code: 'Request_UnsupportedQuery',
    });
    expect(status(() => parseFilter("displayName eq 'unterminated"))).toMatchObject({
      status: 400,
      code: 'BadRequest',
    });
    expect(status(() => parseFilter("displayName xx 'a'"))).toMatchObject({ status: 400, code: 'BadRequest' });
    expect(status(() => parseFilter("displayName eq 'a' and"))).toMatchObject({ status: 400 });
  });
});

describe('applyODataCollection', () => {
  const opts = {
    context: 'users',
    typeName: 'microsoft.graph.user',
    properties: Object.keys(users[0]!),
    defaultPageSize: 2,
    maxPageSize: 999,
  };
  it('pages with an opaque skiptoken bound to the query', () => {
    const p1 = applyODataCollection(req(''), users, opts);
    expect(p1.value).toHaveLength(2);
    expect(p1['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#users');
    const next = new URL(p1['@odata.nextLink']!);
    expect(next.origin).toBe('https://127.0.0.1:1');
    const p2 = applyODataCollection(req(next.search.slice(1)), users, opts);
    expect(p2.value.map((u) => u['id'])).toEqual([users[2]!.id]);
    expect(p2['@odata.nextLink']).toBeUndefined();
    // The same token with a different query is rejected.
    const tok = next.searchParams.get('$skiptoken')!;
    expect(
      status(() => applyODataCollection(req(`$filter=accountEnabled eq true&$skiptoken=${tok}`), users, opts)),
    ).toMatchObject({ status: 400 });
  });
  it('$select projects and rejects unknown properties like Graph', () => {
    const b = applyODataCollection(req('$select=id,displayName&$top=1'), users, opts);
    expect(Object.keys(b.value[0]!)).toEqual(['id', 'displayName']);
    expect(b['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)');
    expect(status(() => applyODataCollection(req('$select=nope'), users, opts))).toEqual({
      status: 400,
      code: 'BadRequest',
      message: "Could not find a property named 'nope' on type 'microsoft.graph.user'.",
    });
  });
  it('$top bounds, $count needs ConsistencyLevel: eventual, $orderby', () => {
    expect(status(() => applyODataCollection(req('$top=1000'), users, opts))).toMatchObject({
      status: 400,
      message: expect.stringContaining('between 1 and 999'),
    });
    // Without the header Graph "silently ignores the $count query parameter (?$count=true)"
    // (https://learn.microsoft.com/graph/aad-advanced-queries): no @odata.count.
    const ignored = applyODataCollection(req('$count=true'), users, opts);
    expect(ignored['@odata.count']).toBeUndefined();
    expect(ignored.value).toHaveLength(2);
    const c = applyODataCollection(
      req('$count=true&$filter=accountEnabled eq true', { consistencylevel: 'eventual' }),
      users,
      opts,
    );
    expect(c['@odata.count']).toBe(2);
    expect(Object.keys(c)).toEqual(['@odata.context', '@odata.count', 'value']);
    const o = applyODataCollection(req('$orderby=displayName desc&$top=3'), users, opts);
    expect(o.value.map((u) => u['displayName'])).toEqual(["O'Brien", 'Break Glass 2', 'Break Glass 1']);
  });
  it('$expand uses the route hook; unknown navigation property → 400', () => {
    const b = applyODataCollection(req('$expand=manager&$top=1'), users, {
      ...opts,
      expand: { manager: () => ({ id: 'm' }) },
    });
    expect(b.value[0]!['manager']).toEqual({ id: 'm' });
    expect(status(() => applyODataCollection(req('$expand=memberOf'), users, opts))).toMatchObject({ status: 400 });
  });
});
