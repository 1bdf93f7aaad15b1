import { describe, expect, it } from 'vitest';
import { explainHttpFailure, explainNetworkError, explainSignInError, parseErrorBody } from './explain.js';
import { graphPermissionFor } from './permission-map.js';

const RID = '0a1b2c3d-0000-4000-8000-123456789abc';
const graph403 = {
  error: {
    code: 'Authorization_RequestDenied',
    message: 'Insufficient privileges to complete the operation.',
    innerError: { 'request-id': RID },
  },
};

describe('explanations', () => {
  it('403 from Graph names the least-privilege permission, the role, the consent URL and the request-id', () => {
    const e = explainHttpFailure({
      service: 'graph',
      method: 'POST',
      path: '/v1.0/users/abc/authentication/temporaryAccessPassMethods',
      status: 403,
      body: graph403,
      consentUrl: 'https://login.microsoftonline.com/t/adminconsent?client_id=c',
    });
    expect(e.explanation.cause).toContain('UserAuthenticationMethod.ReadWrite.All');
    expect(e.explanation.cause).toContain('Privileged Authentication Administrator');
    expect(e.explanation.todo).toContain('adminconsent');
    expect(e.requestId).toBe(RID);
    expect(e.message).toContain(`request-id ${RID}`);
  });

  it('a caller-supplied permission wins over the table', () => {
    const e = explainHttpFailure({
      service: 'graph',
      method: 'GET',
      path: '/v1.0/something/new',
      status: 403,
      body: graph403,
      permissions: ['Foo.Read.All'],
    });
    expect(e.explanation.cause).toContain('Foo.Read.All');
  });

  it('missing licence (P1) is recognised', () => {
    const e = explainHttpFailure({
      service: 'graph',
      method: 'GET',
      path: '/v1.0/auditLogs/signIns',
      status: 403,
      body: {
        error: {
          code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
          message: "Neither tenant is B2C or tenant doesn't have premium license",
        },
      },
    });
    expect(e.explanation.cause).toMatch(/P1 or P2 licence/);
  });

  it('ARM 403 names the action and scope', () => {
    const e = explainHttpFailure({
      service: 'arm',
      method: 'PUT',
      path: '/subscriptions/s/x',
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message:
            "The client 'a' with object id 'b' does not have authorization to perform action 'Microsoft.Insights/scheduledQueryRules/write' over scope '/subscriptions/s/x' or the scope is invalid.",
        },
      },
    });
    expect(e.explanation.cause).toContain('Microsoft.Insights/scheduledQueryRules/write');
    expect(e.explanation.cause).toContain('/subscriptions/s/x');
  });

  it("400 carries Graph's message; 429 after retries says throttled", () => {
    const bad = explainHttpFailure({
      service: 'graph',
      method: 'POST',
      path: '/v1.0/groups',
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: 'Invalid value specified for property mailNickname.' } },
    });
    expect(bad.explanation.cause).toContain('Invalid value specified for property mailNickname.');
    const thr = explainHttpFailure({
      service: 'graph',
      method: 'GET',
      path: '/v1.0/users',
      status: 429,
      body: '',
      retries: 5,
      waitedMs: 40_000,
    });
    expect(thr.explanation.cause).toMatch(/throttling.*5 retries.*40 s/);
  });

  it('sign-in errors by AADSTS code: CA block, device code blocked, consent required', () => {
    const ctx = {
      flow: 'device-code',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'c',
      consentUrl: 'https://x/adminconsent',
    };
    const ca = explainSignInError(
      {
        errorCode: 'invalid_grant',
        errorMessage:
          'AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: 11111111-2222-3333-4444-555555555555',
      },
      ctx,
    );
    expect(ca.code).toBe('AADSTS53003');
    expect(ca.explanation.cause).toMatch(/Conditional Access policy blocked/);
    expect(ca.requestId).toBe('11111111-2222-3333-4444-555555555555');
    const dc = explainSignInError(
      { errorCode: 'invalid_grant' },
      { ...ctx, serverError: { error: 'invalid_grant', description: 'AADSTS530033: blocked', codes: [530033] } },
    );
    expect(dc.explanation.todo).toMatch(/--flow interactive/);
    const consent = explainSignInError({ errorCode: 'invalid_grant', errorNo: '65001' }, ctx);
    expect(consent.explanation.todo).toContain('https://x/adminconsent');
  });

  it('network and TLS failures get their own explanation, never a stack', () => {
    const tls = explainNetworkError(
      'graph',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
          code: 'SELF_SIGNED_CERT_IN_CHAIN',
        }),
      }),
      { url: 'https://graph.microsoft.com/v1.0/me' },
    );
    expect(tls.explanation.cause).toMatch(/not trusted/);
    expect(tls.explanation.todo).toMatch(/NODE_EXTRA_CA_CERTS/);
    const dns = explainNetworkError(
      'login',
      Object.assign(new Error('getaddrinfo ENOTFOUND login.microsoftonline.us'), { code: 'ENOTFOUND' }),
      { url: 'https://login.microsoftonline.us/x' },
    );
    expect(dns.explanation.cause).toMatch(/could not be resolved/);
    expect(dns.message).not.toMatch(/\n\s+at /);
  });

  it('tenant-supplied error text is stripped of escape sequences and hidden characters, lines kept', () => {
    const body = {
      error: { code: 'x', message: 'ok\u001b[2J\u001b]0;pwned\u0007 done\u2028next ad\u00admin\u{e0041}\u202e' },
    };
    expect(parseErrorBody(body).message).toBe('ok done\nnext admin');
    // a body that is not JSON (a proxy's text page) is cleaned the same way
    expect(parseErrorBody('<h1>bad\u2028gateway ad\u00admin\u{e0041}\u001b[31m</h1>').message).toBe(
      '<h1>bad\ngateway admin</h1>',
    );
  });

  it('permission table covers the calls the runbooks make', () => {
    expect(graphPermissionFor('GET', '/v1.0/identity/conditionalAccess/policies')?.permission).toBe('Policy.Read.All');
    expect(graphPermissionFor('PATCH', '/v1.0/identity/conditionalAccess/policies/abc')?.permission).toBe(
      'Policy.ReadWrite.ConditionalAccess',
    );
    expect(graphPermissionFor('GET', '/beta/users/x/authentication/methods')?.permission).toBe(
      'UserAuthenticationMethod.Read.All',
    );
    expect(graphPermissionFor('POST', '/v1.0/groups/g/members/$ref')?.permission).toBe('GroupMember.ReadWrite.All');
    expect(graphPermissionFor('GET', '/v1.0/auditLogs/signIns?$top=5')?.permission).toBe('AuditLog.Read.All');
  });
});
