/**
 * The login.microsoftonline.com part of the practice tenant: instance
 * discovery, OpenID configuration, JWKS, the device-code endpoint and the v2.0
 * token endpoint (device code, authorization code with PKCE — see
 * authorize.ts —, client credentials with a secret or a certificate
 * assertion, refresh token).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PracticeResponse } from '../types.js';
import type { DelegatedSignIn, IdentityDirectory, PracticeApplication } from './directory.js';
import type { DeviceCodeStore } from './device-codes.js';
import { entraError } from './errors.js';
import { authenticateClient, type PresentedCredential } from './client-auth.js';
import { AuthorizationCodeStore, authorize, isEntraError, redeemAuthorizationCode } from './authorize.js';
import { isErrorResponse, resolveScopes } from './scopes.js';
import type { TokenIssuer } from './signing.js';

export interface LoginContext {
  /** https://127.0.0.1:PORT */
  baseUrl: string;
  directory(): IdentityDirectory;
  issuer: TokenIssuer;
  deviceCodes: DeviceCodeStore;
  /** Seconds the client should wait between device-code polls (Entra: 5; practice: 1). */
  deviceCodeInterval: number;
  deviceCodeLifetime: number;
  accessTokenLifetime: number;
  /** External OIDC issuers the server can verify (workload identity federation); none by default. */
  externalIssuers?: import('./federated-credential.js').ExternalIssuerKeys;
}

interface RefreshGrant {
  clientId: string;
  signIn: DelegatedSignIn;
  expiresAt: number;
}

const NO_STORE = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };

function json(status: number, body: unknown): PracticeResponse {
  return { status, headers: { ...NO_STORE }, body };
}

/** Object id of an app's service principal: the scenario's, or a stable id derived from tenant + appId. */
function servicePrincipalId(tenantId: string, app: PracticeApplication): string {
  if (app.servicePrincipalId) return app.servicePrincipalId;
  const h = createHash('sha256').update(`${tenantId}/${app.appId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class LoginService {
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly authCodes = new AuthorizationCodeStore();
  constructor(private readonly ctx: LoginContext) {}

  /** Handles any request routed to the login host. `segments` are the decoded path segments. */
  async handle(
    method: string,
    segments: string[],
    query: URLSearchParams,
    form: URLSearchParams,
  ): Promise<PracticeResponse> {
    const dir = this.ctx.directory();
    const [tenantSeg, ...rest] = segments;
    const path = rest.join('/').toLowerCase();
    if (tenantSeg?.toLowerCase() === 'common' && path === 'discovery/instance' && method === 'GET') {
      return this.instanceDiscovery(query);
    }
    const tenant = this.resolveTenant(tenantSeg ?? '');
    if (!tenant) {
      return entraError({
        status: 400,
        error: 'invalid_tenant',
        code: 90002,
        message: `Tenant '${tenantSeg ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      });
    }
    if (method === 'GET' && path === 'v2.0/.well-known/openid-configuration')
      return json(200, this.openIdConfiguration(tenant, tenantSeg!));
    if (method === 'GET' && path === 'discovery/v2.0/keys') return json(200, this.ctx.issuer.jwks());
    if (method === 'POST' && path === 'oauth2/v2.0/devicecode') return this.deviceCode(dir, form);
    if (method === 'POST' && path === 'oauth2/v2.0/token') return this.token(dir, tenantSeg!, form);
    if (path === 'oauth2/v2.0/authorize' && (method === 'GET' || method === 'POST')) {
      return authorize(dir, method === 'GET' ? query : form, {
        codes: this.authCodes,
        publicClient: (d, id) => this.publicClient(d, id),
        signInAs: (d, op, upn) => this.signInAs(d, op, upn),
      });
    }
    return entraError({
      status: 404,
      error: 'invalid_request',
      code: 900561,
      message: `The endpoint only accepts known OAuth 2.0 paths; '${segments.join('/')}' is not one.`,
    });
  }

  /** 'common' / 'organizations' / tenant id / initial domain → tenant id. */
  private resolveTenant(seg: string): string | undefined {
    const dir = this.ctx.directory();
    const s = seg.toLowerCase();
    if (
      s === dir.tenantId.toLowerCase() ||
      s === dir.initialDomain.toLowerCase() ||
      s === 'organizations' ||
      s === 'common'
    )
      return dir.tenantId;
    return undefined;
  }

  private instanceDiscovery(query: URLSearchParams): PracticeResponse {
    const host = new URL(this.ctx.baseUrl).host;
    const authEndpoint = query.get('authorization_endpoint') ?? `${this.ctx.baseUrl}/common/oauth2/v2.0/authorize`;
    const tenant = /^https:\/\/[^/]+\/([^/]+)\//.exec(authEndpoint)?.[1] ?? 'common';
    return json(200, {
      tenant_discovery_endpoint: `${this.ctx.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }

  private openIdConfiguration(tenantId: string, seg: string): Record<string, unknown> {
    const b = this.ctx.baseUrl;
    const multi = ['common', 'organizations'].includes(seg.toLowerCase());
    const t = multi ? seg.toLowerCase() : tenantId;
    return {
      token_endpoint: `${b}/${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${b}/${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: multi ? `${b}/{tenantid}/v2.0` : this.ctx.issuer.issuer,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${b}/oidc/userinfo`,
      authorization_endpoint: `${b}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${b}/${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${b}/${t}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${b}/${t}/kerberos`,
      tenant_region_scope: 'WW',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }

  private unknownApp(dir: IdentityDirectory, clientId: string): PracticeResponse {
    return entraError({
      status: 400,
      error: 'unauthorized_client',
      code: 700016,
      message: `Application with identifier '${clientId}' was not found in the directory '${dir.initialDomain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    });
  }

  private missingParam(name: string): PracticeResponse {
    return entraError({
      status: 400,
      error: 'invalid_request',
      code: 900144,
      message: `The request body must contain the following parameter: '${name}'.`,
    });
  }

  private publicClient(
    dir: IdentityDirectory,
    clientId: string,
  ): { signIn: DelegatedSignIn; app: { appId: string; displayName: string } } | PracticeResponse {
    const app = dir.findApplication(clientId);
    let signIn: DelegatedSignIn | undefined;
    try {
      signIn = dir.delegatedSignIn(clientId);
    } catch {
      signIn = undefined;
    }
    if (!signIn || app?.isPublicClient === false) {
      if (app) {
        return entraError({
          status: 401,
          error: 'invalid_client',
          code: 7000218,
          message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        });
      }
      return this.unknownApp(dir, clientId);
    }
    return { signIn, app: { appId: clientId, displayName: app?.displayName ?? 'breakglass' } };
  }

  private deviceCode(dir: IdentityDirectory, form: URLSearchParams): PracticeResponse {
    const clientId = form.get('client_id');
    if (!clientId) return this.missingParam('client_id');
    const scope = form.get('scope');
    if (!scope) return this.missingParam('scope');
    const pc = this.publicClient(dir, clientId);
    if ('status' in pc) return pc;
    const e = this.ctx.deviceCodes.create(clientId, scope.split(/\s+/).filter(Boolean));
    const verificationUri = `${this.ctx.baseUrl}/devicelogin`;
    return json(200, {
      user_code: e.userCode,
      device_code: e.deviceCode,
      verification_uri: verificationUri,
      expires_in: this.ctx.deviceCodeLifetime,
      interval: this.ctx.deviceCodeInterval,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${e.userCode} to authenticate. (Practice tenant: approve with \`breakglass practice approve ${e.userCode}\`.)`,
    });
  }

  private async token(dir: IdentityDirectory, tenantSeg: string, form: URLSearchParams): Promise<PracticeResponse> {
    const grant = form.get('grant_type');
    const clientId = form.get('client_id');
    if (!grant) return this.missingParam('grant_type');
    if (!clientId) return this.missingParam('client_id');
    switch (grant) {
      case 'urn:ietf:params:oauth:grant-type:device_code':
      case 'device_code': // MSAL sends the short form; Entra accepts both
        return this.redeemDeviceCode(dir, clientId, form);
      case 'authorization_code':
        return this.redeemAuthCode(dir, clientId, form);
      case 'client_credentials':
        return this.clientCredentials(dir, tenantSeg, clientId, form);
      case 'refresh_token':
        return this.refresh(dir, clientId, form);
      default:
        return entraError({
          status: 400,
          error: 'unsupported_grant_type',
          code: 70003,
          message: `The app requested an unsupported grant type '${grant}'.`,
        });
    }
  }

  private async redeemDeviceCode(
    dir: IdentityDirectory,
    clientId: string,
    form: URLSearchParams,
  ): Promise<PracticeResponse> {
    const code = form.get('device_code');
    if (!code) return this.missingParam('device_code');
    const e = this.ctx.deviceCodes.get(code);
    if (!e || e.clientId !== clientId || e.redeemed) {
      return entraError({
        status: 400,
        error: 'invalid_grant',
        code: 70000,
        message: "The provided value for the input parameter 'device_code' is not valid.",
      });
    }
    if (Date.now() > e.expiresAt) {
      return entraError({ status: 400, error: 'expired_token', code: 70019, message: 'Verification code expired.' });
    }
    if (!e.approved) {
      return entraError({
        status: 400,
        error: 'authorization_pending',
        code: 70016,
        message: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      });
    }
    const pc = this.publicClient(dir, clientId);
    if ('status' in pc) return pc;
    const signedIn = e.approvedAs ? this.signInAs(dir, pc.signIn, e.approvedAs) : pc.signIn;
    if ('status' in signedIn) return signedIn;
    const who = e.passwordOnly ? { ...signedIn, passwordOnly: true } : signedIn;
    e.redeemed = true;
    return this.delegatedTokens(dir, clientId, who, pc.app, form.get('scope') ?? e.scopes.join(' '));
  }

  /** Browser (interactive) sign-in: the code from /authorize, bound to client, redirect URI and PKCE challenge. */
  private async redeemAuthCode(
    dir: IdentityDirectory,
    clientId: string,
    form: URLSearchParams,
  ): Promise<PracticeResponse> {
    const c = redeemAuthorizationCode(this.authCodes, clientId, form);
    if (isEntraError(c)) return c;
    // Re-read client and user now, as for a device code: consent or account changes since /authorize apply.
    const pc = this.publicClient(dir, clientId);
    if ('status' in pc) return pc;
    const who = this.signInAs(dir, pc.signIn, c.upn);
    if ('status' in who) return who;
    return this.delegatedTokens(dir, clientId, who, pc.app, form.get('scope') ?? c.scope);
  }

  private async refresh(dir: IdentityDirectory, clientId: string, form: URLSearchParams): Promise<PracticeResponse> {
    const rt = form.get('refresh_token');
    if (!rt) return this.missingParam('refresh_token');
    const g = this.refreshTokens.get(rt);
    if (!g || g.clientId !== clientId) {
      return entraError({
        status: 400,
        error: 'invalid_grant',
        code: 9002313,
        message: 'Invalid request. Request is malformed or invalid.',
      });
    }
    if (Date.now() > g.expiresAt) {
      return entraError({
        status: 400,
        error: 'invalid_grant',
        code: 700082,
        message: 'The refresh token has expired due to inactivity.',
      });
    }
    // Re-read the grant from the directory: consent changes take effect on refresh, as in Entra.
    // The refresh token stays bound to the user who signed in (not to the operator).
    const pc = this.publicClient(dir, clientId);
    if ('status' in pc) return pc;
    const fresh =
      g.signIn.upn.toLowerCase() === pc.signIn.upn.toLowerCase()
        ? pc.signIn
        : this.signInAs(dir, pc.signIn, g.signIn.upn);
    if ('status' in fresh) return fresh;
    // A refreshed token keeps the authentication it came from: a password-only sign-in stays one.
    const who = g.signIn.passwordOnly ? { ...fresh, passwordOnly: true } : fresh;
    return this.delegatedTokens(dir, clientId, who, pc.app, form.get('scope'));
  }

  /**
   * The delegated sign-in of a named user (a device code approved as someone
   * other than the operator — e.g. the break-glass account). The user must
   * exist and be enabled; the scopes are the app's tenant-wide (admin) consent,
   * the same grant the operator signs in with.
   */
  private signInAs(dir: IdentityDirectory, operator: DelegatedSignIn, upn: string): DelegatedSignIn | PracticeResponse {
    if (upn.toLowerCase() === operator.upn.toLowerCase()) return operator;
    const u = dir.user?.(upn);
    if (!u || u.userPrincipalName.toLowerCase() !== upn.toLowerCase()) {
      return entraError({
        status: 400,
        error: 'invalid_grant',
        code: 50034,
        message: `The user account ${upn} does not exist in the ${dir.initialDomain} directory. To sign into this application, the account must be added to the directory.`,
      });
    }
    if (!u.accountEnabled) {
      return entraError({
        status: 400,
        error: 'invalid_grant',
        code: 50057,
        message: 'The user account is disabled. The account has been disabled by an administrator.',
      });
    }
    return { oid: u.id, upn: u.userPrincipalName, displayName: u.displayName, scopes: [...operator.scopes] };
  }

  private async delegatedTokens(
    dir: IdentityDirectory,
    clientId: string,
    signIn: DelegatedSignIn,
    app: { appId: string; displayName: string },
    scope: string | null,
  ): Promise<PracticeResponse> {
    const r = resolveScopes(scope, signIn.scopes, 'delegated', { tenant: dir.initialDomain, app });
    if (isErrorResponse(r)) return r;
    const lifetime = this.ctx.accessTokenLifetime;
    const common = { tid: dir.tenantId, oid: signIn.oid, sub: signIn.oid };
    const accessToken = await this.ctx.issuer.sign(
      {
        ...common,
        aud: r.audience,
        scp: r.permissions.join(' '),
        upn: signIn.upn,
        unique_name: signIn.upn,
        name: signIn.displayName ?? signIn.upn,
        appid: clientId,
        azp: clientId,
        appidacr: '0',
        idtyp: 'user',
        // How the user authenticated (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#amr-claim):
        // "pwd" password, "mfa" multifactor authentication. ARM's mandatory-MFA refusal reads it.
        amr: signIn.passwordOnly ? ['pwd'] : ['pwd', 'mfa'],
      },
      lifetime,
    );
    const idToken = await this.ctx.issuer.sign(
      { ...common, aud: clientId, preferred_username: signIn.upn, name: signIn.displayName ?? signIn.upn },
      lifetime,
    );
    const refreshToken = `1.practice.${randomBytes(32).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, { clientId, signIn, expiresAt: Date.now() + 90 * 24 * 3600_000 });
    return json(200, {
      token_type: 'Bearer',
      scope: r.responseScope,
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: signIn.oid, utid: dir.tenantId })).toString('base64url'),
    });
  }

  private async clientCredentials(
    dir: IdentityDirectory,
    tenantSeg: string,
    clientId: string,
    form: URLSearchParams,
  ): Promise<PracticeResponse> {
    if (['common', 'organizations'].includes(tenantSeg.toLowerCase())) {
      return entraError({
        status: 400,
        error: 'invalid_request',
        code: 50059,
        message:
          'No tenant-identifying information found in either the request or implied by any provided credentials.',
      });
    }
    const app = dir.findApplication(clientId);
    if (!app) return this.unknownApp(dir, clientId);
    // MSAL takes aud from the OpenID configuration (tenant id); a client may also use the path it called.
    const tokenEndpoints = [dir.tenantId, tenantSeg].map((t) => `${this.ctx.baseUrl}/${t}/oauth2/v2.0/token`);
    const credentialType = form.has('client_assertion')
      ? 'clientAssertion'
      : form.has('client_secret')
        ? 'clientSecret'
        : 'none';
    let used: PresentedCredential = {};
    const authError = await authenticateClient(
      app,
      form,
      tokenEndpoints,
      this.ctx.externalIssuers,
      (c) => (used = c),
      dir.nowMs?.() ?? Date.now(),
    );
    // The row names the key the client actually presented (ServicePrincipalCredentialKeyId / ...Thumbprint).
    const key = {
      ...(used.keyId ? { credentialKeyId: used.keyId } : {}),
      ...(used.thumbprint ? { credentialThumbprint: used.thumbprint } : {}),
    };
    if (authError) {
      // A failed emergency-application sign-in is the signal monitoring exists for.
      const code = (authError.body as { error_codes?: number[] }).error_codes?.[0];
      dir.recordServicePrincipalSignIn?.({
        appId: clientId,
        credentialType,
        fail: true,
        ...(code ? { errorCode: code } : {}),
        failureReason: 'Invalid client credentials',
        ...key,
      });
      return authError;
    }
    // Conditional Access for workload identities, evaluated when the service principal asks for a token
    // (https://learn.microsoft.com/entra/identity/conditional-access/workload-identity). AADSTS53003 is
    // "BlockedByConditionalAccess - Access has been blocked by Conditional Access policies. The access policy
    // does not allow token issuance." (https://learn.microsoft.com/entra/identity-platform/reference-error-codes);
    // the sign-in log's failure reason is the workload page's "Access has been blocked due to Conditional
    // Access policies." Status 400 and error invalid_grant are the token endpoint's for a refused grant
    // (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response).
    const blockedBy = dir.workloadConditionalAccess?.(clientId);
    if (blockedBy) {
      dir.recordServicePrincipalSignIn?.({
        appId: clientId,
        credentialType,
        fail: true,
        errorCode: 53003,
        failureReason: 'Access has been blocked due to Conditional Access policies.',
        ...key,
      });
      return entraError({
        status: 400,
        error: 'invalid_grant',
        code: 53003,
        message:
          'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
        suberror: 'message_only',
      });
    }
    const r = resolveScopes(form.get('scope'), app.appRoles, 'app', { tenant: dir.initialDomain, app });
    if (isErrorResponse(r)) return r;
    const aud = String(r.audience);
    dir.recordServicePrincipalSignIn?.({
      appId: clientId,
      credentialType,
      ...key,
      resource: aud.includes('loganalytics') ? 'logs' : aud.includes('management') ? 'arm' : 'graph',
    });
    const lifetime = this.ctx.accessTokenLifetime;
    const oid = servicePrincipalId(dir.tenantId, app);
    const claims: Record<string, unknown> = {
      aud: r.audience,
      tid: dir.tenantId,
      oid,
      sub: oid,
      appid: clientId,
      azp: clientId,
      appidacr: form.has('client_assertion') ? '2' : '1',
      idtyp: 'app',
    };
    if (r.permissions.length > 0) claims['roles'] = r.permissions;
    // `wids`: the tenant-wide Microsoft Entra roles of the principal, as role template ids
    // (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims).
    // The page words it for users; a service principal holding a directory role gets it too (the
    // roles it holds are what it can do: https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
    const wids = app.directoryRoleIds ?? [];
    if (wids.length > 0) claims['wids'] = wids;
    const accessToken = await this.ctx.issuer.sign(claims, lifetime);
    return json(200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    });
  }
}
