/**
 * Sign-in with MSAL (the real @azure/msal-node, pinned). One AuthSession per
 * tenant connection; tokens live in MSAL's in-memory cache only, never on disk.
 *
 * - device-code / interactive: PublicClientApplication. The first token
 *   (Graph) triggers the sign-in; Logs/ARM tokens come silently from the
 *   same account's refresh token.
 * - client-certificate / client-secret / workload-identity:
 *   ConfidentialClientApplication with the client-credentials grant,
 *   `<resource>/.default`; workload-identity presents the pipeline's OIDC
 *   token as the client assertion (federated-token.ts), so nothing is stored.
 *
 * MSAL is imported dynamically inside the functions that need it so that
 * loading this module (and `breakglass --help`) costs nothing.
 */
import type { CloudResources } from '../config/clouds.js';
import type { SignInFlow } from '../config/tenant-config.js';
import { loadCertificate } from './certificate.js';
import { type EvidenceLog } from './evidence.js';
import { explainSignInError } from './explain.js';
import { createMsalNetworkModule, type MsalNetwork } from './msal-network.js';
import { decodeAccessToken, identityFromClaims } from './token-claims.js';
import { TenantError, type DeviceCodeInfo, type SignedInIdentity } from '../core/tenant.js';

export type ResourceName = keyof CloudResources;

export interface PromptRequest {
  /** What is asked for, e.g. "client secret for app 1234…", "passphrase for app.pfx". */
  label: string;
  /** Always true here: the answer is a secret, must not be echoed or stored. */
  secret: true;
}

export interface SignInCallbacks {
  onDeviceCode?(info: DeviceCodeInfo): void;
  /** Asked when a secret/passphrase is not in its environment variable. */
  onPrompt?(req: PromptRequest): Promise<string>;
  /** Interactive flow: open this URL in the user's browser. */
  openBrowser?(url: string): Promise<void>;
  /** Called once a sign-in completes (UI can clear the device code). */
  onSignedIn?(identity: SignedInIdentity): void;
}

export interface AuthOptions {
  tenantId: string;
  clientId: string;
  flow: SignInFlow;
  authorityHost: string;
  resources: CloudResources;
  /** Scopes per resource, as full URIs (https://graph.microsoft.com/Policy.Read.All or …/.default). */
  scopes: Record<ResourceName, string[]>;
  caPem?: string;
  /** Practice only: the session's shared agent for MSAL's requests (./practice-trust.ts). */
  agent?: import('node:https').Agent;
  certificate?: { path: string; passphrase?: string; passphraseEnv?: string };
  secretEnv?: string;
  env?: NodeJS.ProcessEnv;
  callbacks?: SignInCallbacks;
  evidence: EvidenceLog;
  /**
   * Practice: trust the authority host as given (knownAuthorities), so MSAL makes
   * no instance-discovery call to login.microsoftonline.com; it still reads the
   * authority's OpenID configuration, through our network module.
   */
  trustAuthorityHost?: boolean;
  signal?: AbortSignal;
}

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

interface MsalResult {
  accessToken: string;
  expiresOn: Date | null;
  account: unknown;
}

interface PublicClient {
  acquireTokenByDeviceCode(req: Record<string, unknown>): Promise<MsalResult | null>;
  acquireTokenInteractive(req: Record<string, unknown>): Promise<MsalResult>;
  acquireTokenSilent(req: Record<string, unknown>): Promise<MsalResult>;
}
interface ConfidentialClient {
  acquireTokenByClientCredential(req: Record<string, unknown>): Promise<MsalResult | null>;
}

export class AuthSession {
  private app: Promise<PublicClient | ConfidentialClient> | undefined;
  private account: unknown;
  private signIn: Promise<MsalResult> | undefined;
  private readonly tokens = new Map<ResourceName, AccessToken>();
  /** Token requests started by prefetch(), until they settle. */
  private readonly prefetching = new Map<ResourceName, Promise<unknown>>();
  private network: MsalNetwork | undefined;
  private identityCache: SignedInIdentity | undefined;

  constructor(private readonly o: AuthOptions) {}

  get isPublic(): boolean {
    return this.o.flow === 'device-code' || this.o.flow === 'interactive';
  }

  get authority(): string {
    return `${this.o.authorityHost.replace(/\/+$/, '')}/${this.o.tenantId}`;
  }

  /** Admin-consent URL for this app (v2 endpoint, with the scopes this session asks for). */
  consentUrl(): string {
    return adminConsentUrl(
      this.o.authorityHost,
      this.o.tenantId,
      this.o.clientId,
      this.isPublic ? allScopes(this.o.scopes) : undefined,
    );
  }

  scopesFor(resource: ResourceName): string[] {
    if (!this.isPublic) return [`${this.o.resources[resource].replace(/\/+$/, '')}/.default`];
    const s = this.o.scopes[resource];
    if (s.length > 0) return s;
    // Delegated sign-in needs at least one scope for the resource; these are read-only, minimal.
    return [
      resource === 'graph'
        ? `${this.o.resources.graph}/User.Read`
        : resource === 'logs'
          ? `${this.o.resources.logs}/Data.Read`
          : `${this.o.resources.arm.replace(/\/+$/, '')}/user_impersonation`,
    ];
  }

  /** A valid access token for the resource; signs in on first use. */
  /**
   * Asks for a resource's token now, silently from the signed-in account, so the request that needs
   * it later does not wait a round trip for it. A failure is not kept: that request asks again and
   * reports its own error.
   */
  prefetch(resource: ResourceName): void {
    if (this.tokens.has(resource) || this.prefetching.has(resource)) return;
    const p = this.fetchToken(resource)
      .catch(() => undefined)
      .finally(() => this.prefetching.delete(resource));
    this.prefetching.set(resource, p);
  }

  async getToken(resource: ResourceName, signal?: AbortSignal): Promise<AccessToken> {
    const ahead = this.prefetching.get(resource);
    if (ahead) await ahead;
    return this.fetchToken(resource, signal);
  }

  private async fetchToken(resource: ResourceName, signal?: AbortSignal): Promise<AccessToken> {
    const cached = this.tokens.get(resource);
    if (cached && cached.expiresOnTimestamp - Date.now() > 120_000) return cached;
    const scopes = this.scopesFor(resource);
    let result: MsalResult;
    if (this.network) {
      this.network.lastError = undefined;
      this.network.lastTransportError = undefined;
    }
    try {
      result = await this.acquire(resource, scopes, signal);
    } catch (e) {
      const serverError = this.network?.lastError;
      const transportError = this.network?.lastTransportError;
      throw explainSignInError(e, {
        flow: this.o.flow,
        tenantId: this.o.tenantId,
        clientId: this.o.clientId,
        consentUrl: this.consentUrl(),
        scopes,
        ...(serverError ? { serverError } : {}),
        ...(transportError ? { transportError } : {}),
      });
    }
    const t: AccessToken = {
      token: result.accessToken,
      expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 300_000,
    };
    this.tokens.set(resource, t);
    return t;
  }

  async identity(signal?: AbortSignal): Promise<SignedInIdentity> {
    if (this.identityCache) return this.identityCache;
    const t = await this.getToken('graph', signal);
    this.identityCache = identityFromClaims(decodeAccessToken(t.token));
    return this.identityCache;
  }

  close(): void {
    this.network?.close();
  }

  private async acquire(resource: ResourceName, scopes: string[], signal?: AbortSignal): Promise<MsalResult> {
    const app = await this.getApp();
    if (!this.isPublic) {
      const r = await (app as ConfidentialClient).acquireTokenByClientCredential({ scopes });
      if (!r) throw new Error('the identity service returned no token');
      return r;
    }
    const pca = app as PublicClient;
    if (this.account) {
      try {
        return await pca.acquireTokenSilent({ account: this.account, scopes });
      } catch (e) {
        // Consent for this resource may be missing or the refresh token revoked: sign in again below.
        if (!isInteractionRequired(e)) throw e;
      }
    }
    // Only one interactive sign-in at a time: parallel first requests share it.
    if (!this.signIn) {
      this.signIn = this.interactiveSignIn(pca, scopes, signal).finally(() => {
        this.signIn = undefined;
      });
      const r = await this.signIn;
      this.account = r.account;
      this.identityCache = undefined;
      if (resource === 'graph') this.o.callbacks?.onSignedIn?.(identityFromClaims(decodeAccessToken(r.accessToken)));
      return r;
    }
    await this.signIn;
    return pca.acquireTokenSilent({ account: this.account, scopes });
  }

  private async interactiveSignIn(pca: PublicClient, scopes: string[], signal?: AbortSignal): Promise<MsalResult> {
    const outer = anySignal(signal, this.o.signal);
    if (this.o.flow === 'interactive') {
      const openBrowser = this.o.callbacks?.openBrowser;
      if (!openBrowser)
        throw new TenantError('login', 0, 'NoBrowser', {
          what: 'Interactive sign-in is not possible here',
          cause: 'no way to open a browser was provided',
          todo: 'Use --flow device-code.',
        });
      // MSAL has no way to cancel the browser flow: its loopback listener waits
      // until the browser brings a response. On abort we bring it one ourselves
      // (error=access_denied with MSAL's state), so MSAL settles and closes it.
      let authorizeUrl: string | undefined;
      const cancel = (): void => {
        if (authorizeUrl) void cancelLoopback(authorizeUrl);
      };
      const pending = pca.acquireTokenInteractive({
        scopes,
        openBrowser: async (url: string) => {
          authorizeUrl = url;
          if (outer?.aborted) return cancel();
          await openBrowser(url);
        },
        successTemplate: '<h1>Signed in to breakglass.</h1><p>You can close this tab and return to the terminal.</p>',
        errorTemplate: '<h1>Sign-in failed.</h1><p>Return to the terminal for details.</p>',
      });
      if (!outer) return pending;
      return new Promise<MsalResult>((resolve, reject) => {
        const onAbort = (): void => {
          cancel();
          reject(Object.assign(new Error('the sign-in was cancelled'), { errorCode: 'user_cancelled' }));
        };
        if (outer.aborted) onAbort();
        else outer.addEventListener('abort', onAbort, { once: true });
        pending.then(resolve, reject).finally(() => outer.removeEventListener('abort', onAbort));
      });
    }
    const request: Record<string, unknown> = {
      scopes,
      deviceCodeCallback: (r: { userCode: string; verificationUri: string; expiresIn: number; message: string }) => {
        this.o.callbacks?.onDeviceCode?.({
          userCode: r.userCode,
          verificationUri: r.verificationUri,
          expiresAt: new Date(Date.now() + r.expiresIn * 1000),
          message: r.message,
        });
      },
    };
    // MSAL polls until `cancel` is set: that is how an AbortSignal stops it.
    const onAbort = (): void => {
      request['cancel'] = true;
    };
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      const r = await pca.acquireTokenByDeviceCode(request);
      if (!r)
        throw Object.assign(new Error('the sign-in was cancelled'), { errorCode: 'device_code_polling_cancelled' });
      return r;
    } finally {
      outer?.removeEventListener('abort', onAbort);
    }
  }

  private getApp(): Promise<PublicClient | ConfidentialClient> {
    this.app ??= this.createApp().catch((e: unknown) => {
      this.app = undefined;
      throw e;
    });
    return this.app;
  }

  private async createApp(): Promise<PublicClient | ConfidentialClient> {
    const msal = await import('@azure/msal-node');
    this.network = createMsalNetworkModule({
      authorityHost: this.o.authorityHost,
      evidence: this.o.evidence,
      ...(this.o.caPem ? { caPem: this.o.caPem } : {}),
      ...(this.o.agent ? { agent: this.o.agent } : {}),
    });
    const host = new URL(this.o.authorityHost).host;
    const auth: Record<string, unknown> = { clientId: this.o.clientId, authority: this.authority };
    if (this.o.trustAuthorityHost) auth['knownAuthorities'] = [host];
    const system = {
      networkClient: this.network,
      loggerOptions: { piiLoggingEnabled: false, logLevel: msal.LogLevel.Error, loggerCallback: () => undefined },
    };
    if (this.isPublic) {
      return new msal.PublicClientApplication({ auth: auth as never, system: system });
    }
    if (this.o.flow === 'client-certificate') {
      const c = this.o.certificate;
      if (!c)
        throw new TenantError('login', 0, 'NoCertificate', {
          what: 'Certificate sign-in is not configured',
          cause: 'no certificate file was given',
          todo: 'Pass --certificate ./app.pem or ./app.pfx.',
        });
      const passphrase = c.passphrase ?? (c.passphraseEnv ? this.env()[c.passphraseEnv] : undefined);
      let cert;
      try {
        cert = await loadCertificate(c.path, passphrase);
      } catch (e) {
        // Encrypted and no passphrase yet: ask once, then try again.
        if (
          passphrase === undefined &&
          e instanceof TenantError &&
          /passphrase/.test(e.explanation.cause) &&
          this.o.callbacks?.onPrompt
        ) {
          const p = await this.o.callbacks.onPrompt({ label: `passphrase for ${c.path}`, secret: true });
          cert = await loadCertificate(c.path, p);
        } else throw e;
      }
      auth['clientCertificate'] = {
        thumbprintSha256: cert.thumbprintSha256,
        privateKey: cert.privateKeyPem,
        x5c: cert.chainPem,
      };
    } else if (this.o.flow === 'workload-identity') {
      const { federatedTokenReader } = await import('./federated-token.js');
      const { cjsExports } = await import('../util/cjs-exports.js');
      const undici = cjsExports(await import('undici'), 'Agent');
      // The practice tenant's simulated token service is trusted through its CA, like its login endpoint.
      const dispatcher = this.o.caPem ? new undici.Agent({ connect: { ca: this.o.caPem } }) : undefined;
      const reader = federatedTokenReader(this.env(), (url, init) =>
        undici.fetch(url, { ...init, ...(dispatcher ? { dispatcher } : {}) }),
      );
      // A callback, not a string: MSAL asks for a fresh assertion on every token request.
      auth['clientAssertion'] = () => reader.read(this.o.signal);
    } else {
      auth['clientSecret'] = await this.readSecret();
    }
    return new msal.ConfidentialClientApplication({ auth: auth as never, system: system });
  }

  private env(): NodeJS.ProcessEnv {
    return this.o.env ?? process.env;
  }

  private async readSecret(): Promise<string> {
    const name = this.o.secretEnv ?? 'BREAKGLASS_CLIENT_SECRET';
    const v = this.env()[name];
    if (v !== undefined && v !== '') return v;
    if (this.o.callbacks?.onPrompt) {
      const s = await this.o.callbacks.onPrompt({ label: `client secret for app ${this.o.clientId}`, secret: true });
      if (s) return s;
    }
    throw new TenantError('login', 0, 'NoClientSecret', {
      what: 'Client-secret sign-in is not possible',
      cause: `the environment variable ${name} is not set and no prompt is available`,
      todo: `Set ${name} to the app's client secret value (or choose another variable with --secret-env). Never pass a secret on the command line.`,
    });
  }
}

/**
 * Answers MSAL's own loopback listener (the redirect_uri of the authorize URL
 * it built) with an OAuth error, as a browser would after "Cancel". Only ever
 * sent to a loopback http address on this machine.
 */
async function cancelLoopback(authorizeUrl: string): Promise<void> {
  try {
    const q = new URL(authorizeUrl).searchParams;
    const redirect = new URL(q.get('redirect_uri') ?? '');
    const state = q.get('state');
    if (redirect.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(redirect.hostname) || !state)
      return;
    const body = new URLSearchParams({
      error: 'access_denied',
      error_description: 'The sign-in was cancelled in breakglass.',
      state,
    });
    await fetch(redirect, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    // The listener may already be gone (the browser answered first): nothing left to cancel.
  }
}

function isInteractionRequired(e: unknown): boolean {
  const x = e as { name?: string; errorCode?: string };
  return (
    x?.name === 'InteractionRequiredAuthError' ||
    /interaction_required|consent_required|login_required|invalid_grant|no_tokens_found|no_account/i.test(
      String(x?.errorCode ?? ''),
    )
  );
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const s = signals.filter((x): x is AbortSignal => x !== undefined);
  if (s.length === 0) return undefined;
  if (s.length === 1) return s[0];
  return AbortSignal.any(s);
}

function allScopes(scopes: Record<ResourceName, string[]>): string[] {
  return [...scopes.graph, ...scopes.logs, ...scopes.arm];
}

/**
 * Admin-consent URL. With scopes: the v2 endpoint grants exactly those
 * (least privilege); without: the app's statically configured permissions.
 */
export function adminConsentUrl(authorityHost: string, tenantId: string, clientId: string, scopes?: string[]): string {
  const base = `${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}`;
  if (scopes && scopes.length > 0) {
    return `${base}/v2.0/adminconsent?client_id=${encodeURIComponent(clientId)}&scope=${encodeURIComponent(scopes.join(' '))}`;
  }
  return `${base}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}
