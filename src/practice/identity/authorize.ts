/**
 * The authorization-code flow with PKCE (RFC 6749 §4.1 + RFC 7636), as Entra
 * runs it for a public client — what MSAL's acquireTokenInteractive drives
 * through the user's browser:
 *
 *   GET /{tenant}/oauth2/v2.0/authorize?client_id&response_type=code&redirect_uri
 *       &scope&code_challenge&code_challenge_method=S256&state[&login_hint][&response_mode]
 *   → the browser is sent back to redirect_uri with a one-time `code` (or
 *     `error` + `error_description`), by 302 (query / fragment) or by an
 *     auto-submitting form (form_post, which MSAL ≥ 3 always asks for).
 *
 * The practice tenant has no sign-in page: "the user signs in" means the
 * scenario's operator, or the enabled user named by `login_hint` (the account
 * the person picks in the browser). The code is redeemed at the token endpoint
 * (redeemAuthorizationCode) with the PKCE verifier.
 *
 * Which errors go where follows Entra: while the client or the redirect URI is
 * not trusted (unknown app, redirect mismatch) the error is shown in the
 * browser and nothing is redirected — redirecting would hand an attacker's URL
 * the response. Once the redirect URI is trusted, errors go back to it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PracticeResponse } from '../types.js';
import type { DelegatedSignIn, IdentityDirectory, PracticeApplication } from './directory.js';
import { entraError } from './errors.js';
import { isErrorResponse, resolveScopes } from './scopes.js';

/** Entra's authorization codes live at most 10 minutes. */
export const AUTH_CODE_LIFETIME_MS = 10 * 60_000;

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  /** base64url(SHA-256(code_verifier)) from the authorization request. */
  codeChallenge: string;
  /** The scope parameter of the authorization request. */
  scope: string;
  /** UPN of the user who signed in (the operator or the login_hint user). */
  upn: string;
  expiresAt: number;
  redeemed: boolean;
}

/** Issued, not-yet-expired codes. Codes are bearer secrets: only the store holds them. */
export class AuthorizationCodeStore {
  private readonly codes = new Map<string, AuthorizationCode>();

  create(c: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'redeemed'>): AuthorizationCode {
    this.sweep();
    const e: AuthorizationCode = {
      ...c,
      code: `0.practice.${randomBytes(48).toString('base64url')}`,
      expiresAt: Date.now() + AUTH_CODE_LIFETIME_MS,
      redeemed: false,
    };
    this.codes.set(e.code, e);
    return e;
  }

  get(code: string): AuthorizationCode | undefined {
    return this.codes.get(code);
  }

  /** Forget codes expired for a while (a redeemed code is kept until then, so a replay is named as one). */
  private sweep(): void {
    const cutoff = Date.now() - AUTH_CODE_LIFETIME_MS;
    for (const [k, v] of this.codes) if (v.expiresAt < cutoff) this.codes.delete(k);
  }
}

export interface AuthorizeDeps {
  codes: AuthorizationCodeStore;
  /** The operator's sign-in for a public client, or the Entra error for a client that may not sign users in. */
  publicClient(
    dir: IdentityDirectory,
    clientId: string,
  ): { signIn: DelegatedSignIn; app: { appId: string; displayName: string } } | PracticeResponse;
  /** The sign-in of a named user (exists, enabled), or the Entra error. Same rules as a device code approved as a user. */
  signInAs(dir: IdentityDirectory, operator: DelegatedSignIn, upn: string): DelegatedSignIn | PracticeResponse;
}

type ResponseMode = 'query' | 'fragment' | 'form_post';

/** Redirect URIs registered on the app. A public client without explicit ones has Entra's desktop default, http://localhost. */
export function registeredRedirectUris(app: PracticeApplication): string[] {
  if (app.redirectUris) return app.redirectUris;
  return app.isPublicClient === false ? [] : ['http://localhost'];
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * Entra's redirect URI matching: exact, except that for a loopback URI (http,
 * localhost / 127.0.0.1) the port is ignored — a desktop app listens on
 * whatever port is free. Per the practice brief localhost and 127.0.0.1 are
 * interchangeable. Query strings and fragments are never allowed.
 */
export function redirectUriMatches(requested: string, registered: string[]): boolean {
  let r: URL;
  try {
    r = new URL(requested);
  } catch {
    return false;
  }
  if (r.hash || requested.includes('#') || r.username || r.password) return false;
  return registered.some((reg) => {
    let g: URL;
    try {
      g = new URL(reg);
    } catch {
      return false;
    }
    if (r.protocol === 'http:' && g.protocol === 'http:' && isLoopbackHost(r.hostname) && isLoopbackHost(g.hostname)) {
      return r.pathname === g.pathname && r.search === g.search;
    }
    if (r.protocol !== 'https:' && !(r.protocol === 'http:' && isLoopbackHost(r.hostname))) return false;
    return r.href === g.href;
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const NO_STORE = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };

/** An error shown in the browser (not redirected), like Entra's "Sign in — Sorry, but we're having trouble signing you in" page. */
function errorPage(err: PracticeResponse): PracticeResponse {
  const b = err.body as { error: string; error_description: string };
  return {
    status: err.status,
    headers: { ...(err.headers ?? {}), 'content-type': 'text/html; charset=utf-8' },
    body:
      '<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>' +
      "<h1>Sorry, but we're having trouble signing you in.</h1>" +
      `<p id="error">${escapeHtml(b.error)}</p><p id="error_description">${escapeHtml(b.error_description)}</p>` +
      '<p>breakglass practice tenant — this error is not sent back to the application.</p></body></html>',
  };
}

/** Sends `params` back to the (validated) redirect URI the way response_mode asks for. */
function respond(redirectUri: string, mode: ResponseMode, params: Record<string, string>): PracticeResponse {
  if (mode === 'form_post') {
    // Entra's form_post page: a hidden form the browser submits at once.
    const inputs = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}" />`)
      .join('');
    return {
      status: 200,
      headers: { ...NO_STORE, 'content-type': 'text/html; charset=utf-8' },
      body:
        '<html><head><title>Working...</title></head><body>' +
        `<form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}` +
        '<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form>' +
        '<script language="javascript">document.forms[0].submit();</script></body></html>',
    };
  }
  const u = new URL(redirectUri);
  const qs = new URLSearchParams(params);
  if (mode === 'fragment') u.hash = qs.toString();
  else for (const [k, v] of qs) u.searchParams.append(k, v);
  return { status: 302, headers: { ...NO_STORE, location: u.toString() }, body: '' };
}

/** error + error_description of an Entra error response, sent back to the app. */
function redirectError(
  redirectUri: string,
  mode: ResponseMode,
  state: string | null,
  err: PracticeResponse,
  error?: string,
): PracticeResponse {
  const b = err.body as {
    error: string;
    error_description: string;
    error_codes?: number[];
    trace_id?: string;
    correlation_id?: string;
    suberror?: string;
  };
  const params: Record<string, string> = { error: error ?? b.error, error_description: b.error_description };
  if (b.error_codes) params['error_codes'] = JSON.stringify(b.error_codes);
  if (b.suberror) params['suberror'] = b.suberror;
  if (state !== null) params['state'] = state;
  return respond(redirectUri, mode, params);
}

/** An Entra error response rather than a result (results never have a numeric `status`). */
export function isEntraError<T extends object>(x: T | PracticeResponse): x is PracticeResponse {
  return typeof (x as PracticeResponse).status === 'number';
}

/** A challenge is base64url(SHA-256) = 43 characters of the base64url alphabet (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Handles GET (query) or POST (form) /{tenant}/oauth2/v2.0/authorize. */
export function authorize(dir: IdentityDirectory, params: URLSearchParams, deps: AuthorizeDeps): PracticeResponse {
  const missing = (name: string): PracticeResponse =>
    entraError({
      status: 400,
      error: 'invalid_request',
      code: 900144,
      message: `The request body must contain the following parameter: '${name}'.`,
    });

  // 1. Until client and redirect URI are trusted, errors stay in the browser.
  const clientId = params.get('client_id');
  if (!clientId) return errorPage(missing('client_id'));
  const app = dir.findApplication(clientId);
  if (!app) {
    return errorPage(
      entraError({
        status: 400,
        error: 'unauthorized_client',
        code: 700016,
        message: `Application with identifier '${clientId}' was not found in the directory '${dir.initialDomain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      }),
    );
  }
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return errorPage(missing('redirect_uri'));
  const registered = registeredRedirectUris(app);
  if (registered.length === 0) {
    return errorPage(
      entraError({
        status: 400,
        error: 'invalid_request',
        code: 500113,
        message: `No reply address is registered for the application '${clientId}'.`,
      }),
    );
  }
  if (!redirectUriMatches(redirectUri, registered)) {
    return errorPage(
      entraError({
        status: 400,
        error: 'invalid_request',
        code: 50011,
        message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
      }),
    );
  }

  // 2. From here on, errors go back to the application.
  const state = params.get('state');
  const modeParam = params.get('response_mode');
  const mode: ResponseMode = modeParam === 'form_post' || modeParam === 'fragment' ? modeParam : 'query';
  const back = (err: PracticeResponse, error?: string): PracticeResponse =>
    redirectError(redirectUri, mode, state, err, error);
  const malformed = (what: string): PracticeResponse =>
    entraError({
      status: 400,
      error: 'invalid_request',
      code: 9002313,
      message: `Invalid request. Request is malformed or invalid. (${what})`,
    });

  if (modeParam !== null && modeParam !== 'query' && modeParam !== 'fragment' && modeParam !== 'form_post') {
    return back(malformed(`response_mode '${modeParam}' is not one of query, fragment, form_post`));
  }
  const responseType = params.get('response_type');
  if (!responseType) return back(missing('response_type'));
  if (responseType !== 'code') {
    return back(
      entraError({
        status: 400,
        error: 'unsupported_response_type',
        code: 700054,
        message: `response_type '${responseType}' is not enabled for the application. The practice tenant emulates the authorization code flow (response_type=code) only.`,
      }),
      'unsupported_response_type',
    );
  }
  const scope = params.get('scope');
  if (!scope || !scope.trim()) return back(missing('scope'));
  // Public clients must prove possession of the code with PKCE; MSAL always sends S256.
  const challenge = params.get('code_challenge');
  if (!challenge) return back(missing('code_challenge'));
  const method = params.get('code_challenge_method') ?? 'plain';
  if (method !== 'S256')
    return back(malformed(`code_challenge_method '${method}' is not supported; the practice tenant requires S256`));
  if (!S256_CHALLENGE.test(challenge))
    return back(
      entraError({
        status: 400,
        error: 'invalid_request',
        code: 501491,
        message: 'Invalid size of Code_Challenge parameter.',
      }),
    );

  const pc = deps.publicClient(dir, clientId);
  if (isEntraError(pc)) return back(pc, 'unauthorized_client');

  // 3. "The user signs in": the operator, or the account named by login_hint.
  const hint = params.get('login_hint');
  const who = hint ? deps.signInAs(dir, pc.signIn, hint) : pc.signIn;
  // Entra stops a disabled or unknown account on its sign-in page; the practice
  // tenant has none, so it tells the app — the terminal shows why at once.
  if (isEntraError(who)) return back(who, 'access_denied');

  // 4. Consent: every requested delegated scope must be granted (same check as the token endpoint).
  const r = resolveScopes(scope, who.scopes, 'delegated', { tenant: dir.initialDomain, app: pc.app });
  if (isErrorResponse(r)) {
    const codes = (r.body as { error_codes?: number[] }).error_codes ?? [];
    return back(r, codes.includes(65001) ? 'consent_required' : undefined);
  }

  const issued = deps.codes.create({ clientId, redirectUri, codeChallenge: challenge, scope, upn: who.upn });
  const out: Record<string, string> = { code: issued.code };
  if (state !== null) out['state'] = state;
  if (params.get('client_info') === '1') {
    out['client_info'] = Buffer.from(JSON.stringify({ uid: who.oid, utid: dir.tenantId })).toString('base64url');
  }
  out['session_state'] = createHash('sha256').update(`${who.oid}/${clientId}`).digest('hex').slice(0, 36);
  return respond(redirectUri, mode, out);
}

export type RedeemedCode = Pick<AuthorizationCode, 'clientId' | 'scope' | 'upn'>;

/**
 * Token endpoint, grant_type=authorization_code: the code must exist, be
 * unexpired and unused, be redeemed by the client it was issued to with the
 * same redirect URI, and the PKCE verifier must hash to the challenge. A code
 * is burned by its first redemption attempt from its own client, successful
 * or not (an intercepted code with a guessed verifier is worth nothing).
 */
export function redeemAuthorizationCode(
  codes: AuthorizationCodeStore,
  clientId: string,
  form: URLSearchParams,
): RedeemedCode | PracticeResponse {
  const missing = (name: string): PracticeResponse =>
    entraError({
      status: 400,
      error: 'invalid_request',
      code: 900144,
      message: `The request body must contain the following parameter: '${name}'.`,
    });
  const invalidCode = (why: string): PracticeResponse =>
    entraError({
      status: 400,
      error: 'invalid_grant',
      code: 70000,
      message: `The provided value for the 'code' parameter is not valid. ${why}`,
    });
  const code = form.get('code');
  if (!code) return missing('code');
  const redirectUri = form.get('redirect_uri');
  if (!redirectUri) return missing('redirect_uri');
  const e = codes.get(code);
  if (!e) return invalidCode('The code is unknown to this tenant.');
  if (e.clientId !== clientId) return invalidCode('The code was issued to a different application.');
  if (e.redeemed) {
    return entraError({
      status: 400,
      error: 'invalid_grant',
      code: 54005,
      message:
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    });
  }
  e.redeemed = true;
  if (Date.now() > e.expiresAt) {
    return entraError({
      status: 400,
      error: 'invalid_grant',
      code: 70008,
      message:
        'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    });
  }
  if (redirectUri !== e.redirectUri) {
    return entraError({
      status: 400,
      error: 'invalid_grant',
      code: 500112,
      message: `The reply address '${redirectUri}' does not match the reply address '${e.redirectUri}' provided when requesting Authorization code.`,
    });
  }
  const verifier = form.get('code_verifier');
  if (!verifier) return missing('code_verifier');
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(e.codeChallenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected)) {
    return entraError({
      status: 400,
      error: 'invalid_grant',
      code: 501481,
      message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    });
  }
  return { clientId: e.clientId, scope: e.scope, upn: e.upn };
}
