/**
 * Interactive (browser) sign-in — authorization code + PKCE — through the REAL
 * @azure/msal-node acquireTokenInteractive against the practice tenant (healthy
 * scenario, real World and Graph routes). The `openBrowser` callback plays the
 * browser: it loads the authorize URL over HTTPS trusting only the practice
 * CA, then follows what the page says — a 302 Location (GET) or Entra's
 * auto-submitting form_post page (POST to MSAL's loopback listener), which
 * is what MSAL 7 asks for.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { connectTenant, type ConnectOptions } from '../src/tenant/connect.js';
import { TenantError } from '../src/core/tenant.js';

const BREAKGLASS_APP = '2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60'; // public client of healthy.yaml
const EMERGENCY_APP = '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a'; // confidential (certificate) app of healthy.yaml
const OPERATOR = 'alex.admin@contoso-practice.com';
const WITNESS = 'witness.wu@contoso-practice.com';
const TO_DISABLE = 'sam.staff@contoso-practice.com';

let server: PracticeServer;

beforeAll(async () => {
  server = await startPracticeServer({ scenario: 'healthy', seed: 3 });
  const u = (server.world as unknown as { user(upn: string): { accountEnabled: boolean } | undefined }).user(
    TO_DISABLE,
  );
  if (!u) throw new Error(`scenario has no ${TO_DISABLE}`);
  u.accountEnabled = false; // an administrator disabled the account
}, 60_000);
afterAll(async () => {
  await server?.close();
});

interface Page {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string): Promise<Page> {
  return send(url, 'GET');
}

function send(url: string, method: 'GET' | 'POST', form?: URLSearchParams): Promise<Page> {
  const u = new URL(url);
  const body = form?.toString();
  const headers: Record<string, string> = { 'user-agent': 'practice-browser' };
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    // A browser trusts the practice CA (installed for the drill), nothing else.
    const req =
      u.protocol === 'https:'
        ? httpsRequest(u, { method, headers, ca: server.caPem })
        : httpRequest(u, { method, headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function decodeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The auto-submitting form of a form_post page: its action and hidden fields. */
function parseForm(html: string): { action: string; fields: URLSearchParams } | undefined {
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  if (action === undefined) return undefined;
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g))
    fields.append(decodeHtml(m[1]!), decodeHtml(m[2]!));
  return { action: decodeHtml(action), fields };
}

interface Visit {
  authorize: Page;
  /** What the browser sent back to the app (form_post fields or the redirect's query), if anything. */
  returned?: URLSearchParams;
  /** The app's (MSAL loopback) answer to the browser. */
  landing?: Page;
}

/** Plays the browser: load the authorize page, then do what it says (follow a 302, submit a form_post). */
async function browse(url: string): Promise<Visit> {
  const authorize = await get(url);
  if (authorize.status === 302 && typeof authorize.headers.location === 'string') {
    const loc = new URL(authorize.headers.location);
    return { authorize, returned: loc.searchParams, landing: await get(loc.toString()) };
  }
  const form = authorize.status === 200 ? parseForm(authorize.body) : undefined;
  if (form) return { authorize, returned: form.fields, landing: await send(form.action, 'POST', form.fields) };
  return { authorize }; // an error page: a person would read it and stop
}

/** True once nothing listens at `url` any more (connection refused). */
async function closedWithin(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const refused = await get(url).then(
      () => false,
      (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
    );
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function options(over: Partial<ConnectOptions>): ConnectOptions {
  return {
    mode: 'practice',
    cloud: 'practice',
    tenantId: server.tenantId,
    endpoints: server.endpoints,
    caPem: server.caPem,
    clientId: BREAKGLASS_APP,
    flow: 'interactive',
    scopes: ['https://graph.microsoft.com/Organization.Read.All'],
    ...over,
  };
}

describe('interactive sign-in through the real MSAL', () => {
  it('signs the operator in via the browser (PKCE, form_post to the loopback), the token reads Graph, and the code cannot be redeemed again', async () => {
    const visits: Visit[] = [];
    const urls: string[] = [];
    const s = connectTenant(
      options({
        callbacks: {
          openBrowser: async (url) => {
            urls.push(url);
            visits.push(await browse(url));
          },
        },
      }),
    );
    try {
      const who = await s.identity();
      expect(who.kind).toBe('user');
      expect(who.upn).toBe(OPERATOR);
      expect(who.granted).toContain('Organization.Read.All');

      // What MSAL asked for and what the tenant answered.
      expect(urls).toHaveLength(1);
      const q = new URL(urls[0]!).searchParams;
      expect(new URL(urls[0]!).pathname).toBe(`/${server.tenantId}/oauth2/v2.0/authorize`);
      expect(q.get('response_type')).toBe('code');
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('response_mode')).toBe('form_post');
      const redirect = new URL(q.get('redirect_uri')!);
      expect(redirect.hostname).toBe('localhost');
      const v = visits[0]!;
      expect(v.authorize.status).toBe(200);
      expect(v.authorize.headers['content-type']).toMatch(/text\/html/);
      expect(v.returned?.get('state')).toBe(q.get('state'));
      expect(v.returned?.get('code')).toMatch(/^0\.practice\./);
      expect(v.landing?.status).toBe(200);
      expect(v.landing?.body).toContain('Signed in to breakglass');

      // The token works for Graph, through the tenant session.
      const org = await s.graph.request<{ value: { id: string }[] }>({ method: 'GET', path: '/organization' });
      expect(org.status).toBe(200);
      expect(org.body.value[0]!.id).toBe(server.tenantId);

      // Replaying the code the browser saw (an intercepted code) is refused: it was redeemed.
      const replay = await send(
        `${server.url}/${server.tenantId}/oauth2/v2.0/token`,
        'POST',
        new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: BREAKGLASS_APP,
          code: v.returned!.get('code')!,
          redirect_uri: q.get('redirect_uri')!,
          code_verifier: randomBytes(32).toString('base64url'),
        }),
      );
      expect(replay.status).toBe(400);
      expect(JSON.parse(replay.body)).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    } finally {
      await s.close();
    }
  }, 30_000);

  it('signs in as the account the person picks (login_hint), not the operator', async () => {
    const s = connectTenant(
      options({
        callbacks: {
          openBrowser: async (url) => void (await browse(`${url}&login_hint=${encodeURIComponent(WITNESS)}`)),
        },
      }),
    );
    try {
      const who = await s.identity();
      expect(who.upn).toBe(WITNESS);
    } finally {
      await s.close();
    }
  }, 30_000);

  it('refuses a disabled account: the error comes back to MSAL and the operator reads why (AADSTS50057)', async () => {
    let visit: Visit | undefined;
    const s = connectTenant(
      options({
        callbacks: {
          openBrowser: async (url) => {
            visit = await browse(`${url}&login_hint=${encodeURIComponent(TO_DISABLE)}`);
          },
        },
      }),
    );
    try {
      const err = await s.identity().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TenantError);
      expect((err as TenantError).code).toBe('AADSTS50057');
      expect((err as TenantError).message).toMatch(/disabled/);
      expect(visit?.returned?.get('error')).toBe('access_denied');
      expect(visit?.returned?.get('code')).toBeNull();
    } finally {
      await s.close();
    }
  }, 30_000);

  it('a tampered redirect_uri is refused in the browser (AADSTS50011, nothing redirected); cancelling frees MSAL', async () => {
    let visit: Visit | undefined;
    let loopback = '';
    let browsed!: () => void;
    const opened = new Promise<void>((r) => (browsed = r));
    const ac = new AbortController();
    const s = connectTenant(
      options({
        signal: ac.signal,
        callbacks: {
          openBrowser: async (url) => {
            const u = new URL(url);
            loopback = u.searchParams.get('redirect_uri')!;
            u.searchParams.set('redirect_uri', 'https://attacker.example/callback');
            visit = await browse(u.toString());
            browsed();
          },
        },
      }),
    );
    try {
      const signingIn = s.identity().then(
        () => undefined,
        (e: unknown) => e,
      );
      await opened;
      expect(visit?.authorize.status).toBe(400);
      expect(visit?.authorize.headers.location).toBeUndefined();
      expect(visit?.authorize.body).toContain('AADSTS50011');
      expect(visit?.returned).toBeUndefined();
      // The person gives up: the terminal cancels, and MSAL's wait ends.
      ac.abort();
      const err = await signingIn;
      expect(err).toBeInstanceOf(TenantError);
      expect((err as TenantError).explanation.cause).toMatch(/cancelled/);
      // …and MSAL's loopback listener is closed, not left waiting for a browser.
      expect(await closedWithin(loopback, 3000)).toBe(true);
    } finally {
      await s.close();
    }
  }, 30_000);
});

/** Raw protocol: what the endpoints do for any client, not only MSAL. */
describe('authorize + token endpoints (authorization code, PKCE)', () => {
  const redirectUri = 'http://127.0.0.1:43123/';
  function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }
  function authorizeUrl(over: Record<string, string | null> = {}): string {
    const u = new URL(`${server.url}/${server.tenantId}/oauth2/v2.0/authorize`);
    const p: Record<string, string | null> = {
      client_id: BREAKGLASS_APP,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'https://graph.microsoft.com/Organization.Read.All openid profile offline_access',
      state: 'st-123',
      response_mode: 'query',
      ...over,
    };
    for (const [k, v] of Object.entries(p)) if (v !== null) u.searchParams.set(k, v);
    return u.toString();
  }
  function redeem(fields: Record<string, string>): Promise<Page> {
    return send(
      `${server.url}/${server.tenantId}/oauth2/v2.0/token`,
      'POST',
      new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: BREAKGLASS_APP,
        redirect_uri: redirectUri,
        ...fields,
      }),
    );
  }
  async function codeFor(challenge: string, over: Record<string, string | null> = {}): Promise<string> {
    const r = await get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', ...over }));
    expect(r.status).toBe(302);
    const loc = new URL(String(r.headers.location));
    expect(loc.origin + loc.pathname).toBe(redirectUri);
    expect(loc.searchParams.get('state')).toBe('st-123');
    return loc.searchParams.get('code')!;
  }

  it('response_mode=query: 302 to the loopback with code and state; the code redeems once, with the right verifier only', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const ok = await redeem({
      code,
      code_verifier: verifier,
      scope: 'https://graph.microsoft.com/Organization.Read.All offline_access',
    });
    expect(ok.status).toBe(200);
    const tokens = JSON.parse(ok.body) as Record<string, string>;
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    const claims = JSON.parse(Buffer.from(tokens.access_token!.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims.upn).toBe(OPERATOR);
    expect(claims.scp).toBe('Organization.Read.All');
    const again = await redeem({ code, code_verifier: verifier });
    expect(JSON.parse(again.body)).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    // The refresh token works like the device-code one.
    const refreshed = await send(
      `${server.url}/${server.tenantId}/oauth2/v2.0/token`,
      'POST',
      new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: BREAKGLASS_APP,
        refresh_token: tokens.refresh_token!,
        scope: 'https://graph.microsoft.com/Organization.Read.All',
      }),
    );
    expect(refreshed.status).toBe(200);
  });

  it('a wrong PKCE verifier is refused (AADSTS501481) and burns the code', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const bad = await redeem({ code, code_verifier: pkce().verifier });
    expect(JSON.parse(bad.body)).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    expect(JSON.parse((await redeem({ code, code_verifier: verifier })).body)).toMatchObject({ error_codes: [54005] });
  });

  it('the token request must repeat the redirect_uri of the authorize request (AADSTS500112) and name the same client', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const other = await send(
      `${server.url}/${server.tenantId}/oauth2/v2.0/token`,
      'POST',
      new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: '14d82eec-204b-4c2f-b7e8-296a70dab67e',
        redirect_uri: redirectUri,
        code,
        code_verifier: verifier,
      }),
    );
    expect(JSON.parse(other.body)).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
    const wrongUri = await redeem({ code, code_verifier: verifier, redirect_uri: 'http://127.0.0.1:43124/' });
    expect(JSON.parse(wrongUri.body)).toMatchObject({ error: 'invalid_grant', error_codes: [500112] });
  });

  it('errors before the redirect URI is trusted stay in the browser: unknown app (700016), confidential app without reply URL (500113), foreign or non-loopback http redirect (50011)', async () => {
    const { challenge } = pkce();
    const cases: [Record<string, string>, string][] = [
      [{ client_id: '99999999-9999-4999-8999-999999999999' }, 'AADSTS700016'],
      [{ client_id: EMERGENCY_APP }, 'AADSTS500113'],
      [{ redirect_uri: 'https://attacker.example/cb' }, 'AADSTS50011'],
      [{ redirect_uri: 'http://192.168.1.5:8080/' }, 'AADSTS50011'],
      [{ redirect_uri: 'http://localhost:5000/other-path' }, 'AADSTS50011'],
    ];
    for (const [over, code] of cases) {
      const r = await get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', ...over }));
      expect(r.status, code).toBe(400);
      expect(r.headers.location, code).toBeUndefined();
      expect(r.body, code).toContain(code);
    }
  });

  it('errors after the redirect URI is trusted go back to it: PKCE missing, plain PKCE, unsupported response type, scope not consented (consent_required 65001), unknown user (50034)', async () => {
    const { challenge } = pkce();
    const cases: [Record<string, string | null>, string, string][] = [
      [{}, 'invalid_request', 'AADSTS900144'],
      [{ code_challenge: challenge, code_challenge_method: 'plain' }, 'invalid_request', 'AADSTS9002313'],
      [
        { code_challenge: challenge, code_challenge_method: 'S256', response_type: 'token' },
        'unsupported_response_type',
        'AADSTS700054',
      ],
      [
        { code_challenge: challenge, code_challenge_method: 'S256', scope: 'https://graph.microsoft.com/Mail.Read' },
        'consent_required',
        'AADSTS65001',
      ],
      [
        { code_challenge: challenge, code_challenge_method: 'S256', login_hint: 'nobody@contoso-practice.com' },
        'access_denied',
        'AADSTS50034',
      ],
    ];
    for (const [over, error, code] of cases) {
      const r = await get(authorizeUrl(over));
      expect(r.status, code).toBe(302);
      const loc = new URL(String(r.headers.location));
      expect(loc.origin + loc.pathname, code).toBe(redirectUri);
      expect(loc.searchParams.get('error'), code).toBe(error);
      expect(loc.searchParams.get('error_description'), code).toContain(code);
      expect(loc.searchParams.get('state'), code).toBe('st-123');
      expect(loc.searchParams.get('code'), code).toBeNull();
    }
  });

  it('form_post delivers the code in an auto-submitting form with HTML-escaped values', async () => {
    const { challenge } = pkce();
    const r = await get(
      authorizeUrl({
        code_challenge: challenge,
        code_challenge_method: 'S256',
        response_mode: 'form_post',
        state: '"><script>x</script>',
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body).not.toContain('<script>x</script>');
    const form = parseForm(r.body)!;
    expect(form.action).toBe(redirectUri);
    expect(form.fields.get('state')).toBe('"><script>x</script>');
    expect(form.fields.get('code')).toMatch(/^0\.practice\./);
  });
});
