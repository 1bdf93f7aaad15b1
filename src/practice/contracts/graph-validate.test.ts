import { describe, expect, it } from 'vitest';
import { loadGraphBetaModel, loadGraphModel } from './graph-model.js';
import { GraphChecker, type GraphIssue } from './graph-validate.js';
import { validateGraphRequest, validateGraphResponse } from './graph-contract.js';

const model = loadGraphModel();
const check = (
  type: string,
  value: unknown,
  opts: ConstructorParameters<typeof GraphChecker>[1] = { direction: 'request' },
): GraphIssue[] => {
  const out: GraphIssue[] = [];
  new GraphChecker(model, opts).value(type, value, '', out);
  return out;
};

describe('Graph contract checks', () => {
  it('records where the metadata came from', () => {
    expect(model.source).toEqual({
      repository: 'https://github.com/microsoftgraph/msgraph-metadata',
      path: 'clean_v10_metadata/cleanMetadata.xml',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it('enum member names are case-sensitive CSDL names (noExpiration, not NoExpiration)', () => {
    expect(check('microsoft.graph.expirationPattern', { type: 'noExpiration' })).toEqual([]);
    expect(check('microsoft.graph.expirationPattern', { type: 'NoExpiration' }).map((i) => i.kind)).toEqual([
      'BadEnumMember',
    ]);
  });

  it('evolvable enums: unknownFutureValue and later members need Prefer: include-unknown-enum-members', () => {
    const m = model.enums['microsoft.graph.riskLevel']!.members;
    expect(m).toContain('unknownFutureValue');
    expect(check('microsoft.graph.riskLevel', 'unknownFutureValue').map((i) => i.kind)).toEqual(['BadEnumMember']);
    const after = m.slice(m.indexOf('unknownFutureValue') + 1);
    for (const v of after) {
      expect(check('microsoft.graph.riskLevel', v)).not.toEqual([]);
      expect(check('microsoft.graph.riskLevel', v, { direction: 'request', includeUnknownEnumMembers: true })).toEqual(
        [],
      );
    }
  });

  it('flags enums take comma-separated members', () => {
    const flags = Object.entries(model.enums).find(([, e]) => e.flags && e.members.length > 2);
    expect(flags).toBeDefined();
    const [name, e] = flags!;
    expect(check(name, `${e.members[0]},${e.members[1]}`)).toEqual([]);
    expect(check(name, `${e.members[0]},nope`).map((i) => i.kind)).toEqual(['BadEnumMember']);
  });

  it('Edm primitives: Guid, Date, DateTimeOffset, Int32 ranges, non-nullable', () => {
    expect(check('Edm.Guid', 'not-a-guid').map((i) => i.kind)).toEqual(['WrongType']);
    expect(check('Edm.Date', '2020-09-08T12:00:00Z').map((i) => i.kind)).toEqual(['WrongType']);
    expect(check('Edm.DateTimeOffset', '2020-09-08T12:00:00Z')).toEqual([]);
    expect(check('Edm.Int32', 2 ** 31).map((i) => i.kind)).toEqual(['WrongType']);
    expect(check('Edm.Boolean!', null).map((i) => i.kind)).toEqual(['NullNotAllowed']);
    expect(check('Edm.Boolean', null)).toEqual([]);
  });

  it('directory objects accept directory extensions but no other undeclared name', () => {
    expect(check('microsoft.graph.user', { extension_0123456789abcdef0123456789abcdef_costCenter: 'x' })).toEqual([]);
    expect(check('microsoft.graph.user', { costCenter: 'x' })).toEqual([
      {
        kind: 'UnknownProperty',
        code: 'Request_BadRequest',
        at: '/costCenter',
        message: "Property 'costCenter' does not exist as a declared property or extension property.",
      },
    ]);
  });

  it('@odata.bind only on navigation properties, with a Graph URL of the caller’s cloud', () => {
    const ok = {
      displayName: 'g',
      mailEnabled: false,
      mailNickname: 'g',
      securityEnabled: true,
      'members@odata.bind': ['https://graph.microsoft.com/v1.0/directoryObjects/1'],
    };
    expect(validateGraphRequest(model, { method: 'POST', path: '/groups', body: ok })).toMatchObject({ ok: true });
    expect(
      validateGraphRequest(model, { method: 'POST', path: '/groups', body: { ...ok, 'displayName@odata.bind': 'x' } }),
    ).toMatchObject({ ok: false, status: 400 });
    const dod = { '@odata.id': 'https://dod-graph.microsoft.us/v1.0/directoryObjects/1' };
    expect(validateGraphRequest(model, { method: 'POST', path: '/groups/1/members/$ref', body: dod })).toMatchObject({
      ok: true,
    });
    expect(
      validateGraphRequest(model, {
        method: 'POST',
        path: '/groups/1/members/$ref',
        body: dod,
        graphHosts: ['graph.microsoft.com'],
      }),
    ).toMatchObject({ ok: false, status: 400 });
  });

  it('calls outside the table or on beta are "no-contract", never a silent pass', () => {
    expect(validateGraphRequest(model, { method: 'POST', path: '/me/sendMail', body: {} })).toMatchObject({
      ok: false,
      status: 'no-contract',
    });
    expect(validateGraphRequest(model, { method: 'GET', path: '/users', version: 'beta' })).toMatchObject({
      ok: false,
      status: 'no-contract',
    });
  });

  it('response check: a collection needs value[], every property must be declared', () => {
    const issues = (method: string, path: string, body: unknown) =>
      validateGraphResponse(model, method, path, body).issues;
    expect(issues('GET', '/users/1', { '@odata.context': 'x', id: '1', displayName: 'A' })).toEqual([]);
    expect(issues('GET', '/groups', { value: [{ id: '1', displayNme: 'x' }] }).map((i) => `${i.kind} ${i.at}`)).toEqual(
      ['UnknownProperty /value/0/displayNme'],
    );
    expect(issues('GET', '/groups/1/members', [{ id: '1' }]).map((i) => i.kind)).toEqual(['WrongType']);
    expect(
      issues('GET', '/users/1/authentication/methods', {
        value: [{ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: '1', model: 'YubiKey 5' }],
      }),
    ).toEqual([]);
  });

  it('beta: the beta reads are contracts, checked against the beta types', () => {
    const beta = loadGraphBetaModel();
    expect(beta.source).toEqual({
      repository: 'https://github.com/microsoftgraph/msgraph-beta-typescript-typings',
      package: expect.stringMatching(/^@microsoft\/microsoft-graph-types-beta@\d+\.\d+\.\d+/),
      path: 'microsoft-graph.d.ts',
      integrity: expect.stringMatching(/^sha512-/),
    });
    expect(validateGraphRequest(beta, { method: 'GET', path: '/auditLogs/signIns', version: 'beta' })).toMatchObject({
      ok: true,
    });
    expect(validateGraphRequest(beta, { method: 'GET', path: '/users', version: 'beta' })).toMatchObject({
      ok: false,
      status: 'no-contract',
    });
    const step = {
      authenticationStepDateTime: '2026-12-01T10:00:00Z',
      authenticationMethod: 'Passkey (device-bound)',
      authenticationMethodDetail: null,
      succeeded: true,
      authenticationStepResultDetail: 'MFA completed in Azure AD',
      authenticationStepRequirement: 'Primary authentication',
    };
    const signIn = { id: 's1', createdDateTime: '2026-12-01T10:00:00Z', authenticationDetails: [step] };
    const signIns = (item: unknown, m = beta, version: 'v1.0' | 'beta' = 'beta') =>
      validateGraphResponse(m, 'GET', '/auditLogs/signIns', { value: [item] }, version);
    expect(signIns(signIn)).toEqual({ checked: true, issues: [] });
    // authenticationDetails is beta-only: the v1.0 metadata does not have it.
    expect(signIns(signIn, model, 'v1.0').issues.map((i) => `${i.kind} ${i.at}`)).toEqual([
      'UnknownProperty /value/0/authenticationDetails',
    ]);
    // A step's members are the beta type's: a misspelled one, or a boolean as text, is caught.
    expect(
      signIns({ ...signIn, authenticationDetails: [{ ...step, authMethod: 'x' }] }).issues.map((i) => i.kind),
    ).toEqual(['UnknownProperty']);
    expect(
      signIns({ ...signIn, authenticationDetails: [{ ...step, succeeded: 'true' }] }).issues.map((i) => i.kind),
    ).toEqual(['WrongType']);
    // Where v1.0 has the same member, its Edm type applies (createdDateTime is an Edm.DateTimeOffset).
    expect(signIns({ ...signIn, createdDateTime: 'yesterday' }).issues.map((i) => i.kind)).not.toEqual([]);
    // Members on beta list service principals; each item is held to its own derived type.
    const members = (item: unknown) =>
      validateGraphResponse(beta, 'GET', '/groups/g1/members', { value: [item] }, 'beta');
    const sp = { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp1', displayName: 'BG app', appId: 'a1' };
    expect(members(sp)).toEqual({ checked: true, issues: [] });
    expect(members({ ...sp, userPrincipalName: 'x@y' }).issues.map((i) => i.kind)).toEqual(['UnknownProperty']);
  });
});
