/**
 * Routes one HTTP request of the practice tenant. All four Microsoft services
 * share one host:port, so the first path segment picks the service:
 *   /v1.0/…, /beta/…                         → graph
 *   /v1/…                                    → logs  (api.loganalytics.io/v1)
 *   /subscriptions/…, /providers/… (?api-version=) → arm
 *   /admin/…                                 → admin API (admin key)
 *   /{tenant}/oauth2/v2.0/…, /{tenant}/v2.0/.well-known/openid-configuration,
 *   /{tenant}/discovery/v2.0/keys, /common/discovery/instance → login
 *
 * For a resource service the pipeline is: verify bearer token (401) → match
 * route (Graph's 400/404/405 shapes) → permission check (403) → fault
 * injection (before the handler: a faulted mutation is never applied) →
 * handler → counters. Every response carries request-id / client-request-id
 * (Graph) and x-ms-request-id (ARM, Logs).
 */
import { randomUUID } from 'node:crypto';
import { errors as joseErrors } from 'jose';
import type { PracticeHost, PracticeRequest, PracticeResponse, PracticeRoute } from './types.js';
import type { TokenClaims } from './identity-types.js';
import type { TokenIssuer } from './identity/signing.js';
import type { LoginService } from './identity/login.js';
import { AUDIENCE } from './identity/resources.js';
import { armWriteWithoutMfa } from './identity/mandatory-mfa.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import type { Counters } from './counters.js';
import { PracticeHttpError, serviceError, type ErrorContext } from './odata/errors.js';
import type { ContractGate, GateRequest } from './contracts/gate.js';

export interface RawRequest {
  method: string;
  /** Path + query as received, e.g. /v1.0/users?$top=5 */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  bodyText: string;
}

export interface DispatchResult {
  response: PracticeResponse;
  /** Destroy the connection instead of answering (injected reset). */
  reset?: boolean;
  /** Wait this long before answering (injected latency). */
  delayMs: number;
}

export interface RouterDeps {
  baseUrl: () => string;
  routes: PracticeRoute[];
  world: () => unknown;
  tenantId: () => string;
  issuer: TokenIssuer;
  login: LoginService;
  faults: FaultInjector;
  counters: Counters;
  admin: (method: string, segments: string[], req: RawRequest) => Promise<PracticeResponse>;
  batch: (req: PracticeRequest, run: InnerRunner) => Promise<PracticeResponse>;
  deviceLoginPage: () => PracticeResponse;
  /** The simulated GitHub Actions OIDC issuer (workload identity federation rehearsals). */
  githubIssuer?: import('./identity/oidc-issuer.js').SimulatedGitHubIssuer;
  azureDevOpsIssuer?: import('./identity/azure-devops-issuer.js').SimulatedAzureDevOpsIssuer;
  /** Microsoft's contracts: request bodies checked before a handler runs, responses after (src/practice/contracts). */
  contracts?: ContractGate;
}

/** Runs one $batch item through the same pipeline (auth, match, permission, faults, handler, counters). */
export type InnerRunner = (item: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}) => Promise<PracticeResponse>;

const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

interface CompiledRoute {
  route: PracticeRoute;
  /** Literal segments lower-cased; null for {param}. */
  segs: ({ lit: string } | { param: string })[];
  literalCount: number;
}

function compile(route: PracticeRoute): CompiledRoute {
  const parts = route.pattern.split('/').filter(Boolean);
  const segs = parts.map((p) => {
    const m = /^\{([^}]+)\}$/.exec(p);
    return m ? { param: m[1] ?? '' } : { lit: p.toLowerCase() };
  });
  return { route, segs, literalCount: segs.filter((s) => 'lit' in s).length };
}

function matchSegs(c: CompiledRoute, segs: string[]): Record<string, string> | undefined {
  if (c.segs.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segs.length; i++) {
    const s = c.segs[i]!;
    const v = segs[i]!;
    if ('lit' in s) {
      if (s.lit !== v.toLowerCase()) return undefined;
    } else {
      params[s.param] = v;
    }
  }
  return params;
}

function prefixLength(c: CompiledRoute, segs: string[]): number {
  let i = 0;
  for (; i < Math.min(c.segs.length, segs.length); i++) {
    const s = c.segs[i]!;
    if ('lit' in s && s.lit !== segs[i]!.toLowerCase()) break;
  }
  return i;
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

interface Classified {
  host: PracticeHost | 'misc' | 'oidc';
  version?: string;
  /** Segments after the host/version prefix (decoded). */
  segs: string[];
}

function classify(pathname: string, query: URLSearchParams): Classified | undefined {
  const segs = decodeSegments(pathname);
  if (!segs) return undefined;
  const [first, ...rest] = segs;
  const f = (first ?? '').toLowerCase();
  if (f === 'v1.0' || f === 'beta') return { host: 'graph', version: f, segs: rest };
  if (f === 'v1') return { host: 'logs', version: 'v1', segs: rest };
  if (f === 'subscriptions' || f === 'providers')
    return { host: 'arm', version: query.get('api-version') ?? undefined, segs };
  if (f === 'admin') return { host: 'admin', segs: rest };
  if (f === '_oidc') return { host: 'oidc', segs: rest };
  if (segs.length === 0 || f === 'devicelogin') return { host: 'misc', segs };
  return { host: 'login', segs };
}

const AUDIENCES: Record<'graph' | 'logs' | 'arm', string[]> = {
  graph: [AUDIENCE.graph, '00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com/'],
  logs: [AUDIENCE.logs, 'https://api.loganalytics.io/', 'https://api.loganalytics.azure.com'],
  arm: [
    AUDIENCE.arm,
    'https://management.azure.com',
    'https://management.core.windows.net/',
    'https://management.core.windows.net',
  ],
};

export class Router {
  private readonly compiled: Map<PracticeHost, CompiledRoute[]> = new Map();

  constructor(private readonly deps: RouterDeps) {
    this.setRoutes(deps.routes);
  }

  setRoutes(routes: PracticeRoute[]): void {
    this.compiled.clear();
    for (const r of routes) {
      const list = this.compiled.get(r.host) ?? [];
      list.push(compile(r));
      this.compiled.set(r.host, list);
    }
  }

  async dispatch(raw: RawRequest): Promise<DispatchResult> {
    const url = new URL(raw.url, 'https://practice.invalid');
    const requestId = randomUUID();
    const clientRequestId = raw.headers['client-request-id'] ?? raw.headers['x-ms-client-request-id'] ?? requestId;
    const ectx: ErrorContext = { requestId, clientRequestId };
    const c = classify(url.pathname, url.searchParams);
    if (!c) {
      const response = serviceError(
        'graph',
        ectx,
        400,
        'BadRequest',
        'The request URL is not valid: a path segment is not correctly percent-encoded.',
      );
      this.deps.counters.request('unknown', raw.method, '(malformed)', 400);
      return { response: this.stamp(response, ectx), delayMs: 0 };
    }
    if (c.host === 'misc') {
      const response = c.segs.length === 0 ? this.root() : this.deps.deviceLoginPage();
      this.deps.counters.request('unknown', raw.method, `/${c.segs.join('/')}`, response.status);
      return { response: this.stamp(response, ectx), delayMs: 0 };
    }
    if (c.host === 'oidc') {
      // The simulated external OIDC issuers (identity/oidc-issuer.ts); not Microsoft's, so no fault injection.
      const [name, ...segs] = c.segs;
      const response =
        name === 'github' && this.deps.githubIssuer
          ? await this.deps.githubIssuer.handle(raw.method, segs, url.searchParams, raw.headers['authorization'])
          : name === 'azure-devops' && this.deps.azureDevOpsIssuer
            ? await this.deps.azureDevOpsIssuer.handle(raw.method, segs, url.searchParams, raw.headers['authorization'])
            : { status: 404, body: { message: 'Not Found' } };
      this.deps.counters.request('unknown', raw.method, `/_oidc/${name ?? ''}/${segs[0] ?? ''}`, response.status);
      return { response: this.stamp(response, ectx), delayMs: 0 };
    }
    if (c.host === 'admin') {
      const response = await this.deps.admin(raw.method, c.segs, raw);
      this.deps.counters.request('admin', raw.method, `/admin/${c.segs[0] ?? ''}`, response.status);
      return { response: this.stamp(response, ectx), delayMs: 0 };
    }
    if (c.host === 'login') {
      const fault = this.deps.faults.decide('login');
      const label = loginLabel(c.segs);
      const faulted = this.faultResponse(fault, 'login', ectx);
      if (faulted) {
        this.deps.counters.request('login', raw.method, label, faulted.reset ? 0 : faulted.response.status);
        return faulted;
      }
      const form = new URLSearchParams(raw.method === 'POST' ? raw.bodyText : '');
      const response = await this.deps.login.handle(raw.method, c.segs, url.searchParams, form);
      this.deps.counters.request('login', raw.method, label, response.status);
      return { response: this.stamp(response, ectx), delayMs: fault.delayMs };
    }
    // Resource services.
    let body: unknown;
    if (raw.bodyText.length > 0) {
      try {
        body = JSON.parse(raw.bodyText);
      } catch {
        const response = serviceError(
          c.host,
          ectx,
          400,
          c.host === 'graph' ? 'BadRequest' : 'InvalidRequestContent',
          'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        );
        this.deps.counters.request(c.host, raw.method, '(invalid body)', 400);
        return { response: this.stamp(response, ectx), delayMs: 0 };
      }
    }
    return this.runService({
      host: c.host,
      version: c.version,
      segs: c.segs,
      method: raw.method.toUpperCase(),
      query: url.searchParams,
      headers: raw.headers,
      body,
      ectx,
      inBatch: false,
    });
  }

  /** One Graph request inside a $batch, with the outer request's headers (token) merged. */
  runBatchItem(version: string, outerHeaders: Record<string, string>, outerRequestId: string): InnerRunner {
    return async (item) => {
      let rel = item.url.startsWith('/') ? item.url : `/${item.url}`;
      // The Graph SDK's BatchRequestContent keeps the version in item URLs (/v1.0/users/…); Graph accepts that.
      const prefix = `/${version}/`;
      if (rel.toLowerCase().startsWith(prefix)) rel = rel.slice(prefix.length - 1);
      const url = new URL(`/${version}${rel}`, 'https://practice.invalid');
      const c = classify(url.pathname, url.searchParams);
      const headers: Record<string, string> = { ...outerHeaders };
      delete headers['content-length'];
      delete headers['content-type'];
      for (const [k, v] of Object.entries(item.headers)) headers[k.toLowerCase()] = v;
      const ectx: ErrorContext = {
        requestId: randomUUID(),
        clientRequestId: headers['client-request-id'] ?? outerRequestId,
      };
      if (!c || c.host !== 'graph') {
        return serviceError(
          'graph',
          ectx,
          400,
          'BadRequest',
          `Invalid request URL '${item.url}' in batch: use a URL relative to /${version}.`,
        );
      }
      const r = await this.runService({
        host: 'graph',
        version,
        segs: c.segs,
        method: item.method.toUpperCase(),
        query: url.searchParams,
        headers,
        body: item.body,
        ectx,
        inBatch: true,
      });
      return r.response;
    };
  }

  private root(): PracticeResponse {
    const b = this.deps.baseUrl();
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: {
        practice: true,
        description:
          'breakglass practice tenant: an emulator of Entra ID sign-in, Microsoft Graph, Log Analytics and ARM on loopback.',
        tenantId: this.deps.tenantId(),
        endpoints: { authorityHost: b, graph: b, logs: `${b}/v1`, arm: b },
      },
    };
  }

  private async runService(r: {
    host: 'graph' | 'logs' | 'arm';
    version?: string;
    segs: string[];
    method: string;
    query: URLSearchParams;
    headers: Record<string, string>;
    body: unknown;
    ectx: ErrorContext;
    inBatch: boolean;
  }): Promise<DispatchResult> {
    const { host, ectx } = r;
    const counters = this.deps.counters;
    const finish = (response: PracticeResponse, label: string, extra?: Partial<DispatchResult>): DispatchResult => {
      counters.request(host, r.method, label, extra?.reset ? 0 : response.status);
      return { response: this.stamp(response, ectx, host), delayMs: extra?.delayMs ?? 0, reset: extra?.reset };
    };
    // 1. Token.
    const auth = await this.authenticate(host, r.headers, ectx);
    if ('status' in auth) return finish(auth, '(unauthenticated)');
    // 2. Protocol endpoints and route.
    if (host === 'arm' && !r.version) {
      return finish(
        serviceError(
          'arm',
          ectx,
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        ),
        '(no api-version)',
      );
    }
    const isBatch = host === 'graph' && r.segs.length === 1 && r.segs[0]!.toLowerCase() === '$batch';
    let route: PracticeRoute | undefined;
    let params: Record<string, string> = {};
    if (!isBatch) {
      const m = this.match(host, r.method, r.segs);
      if ('status' in m)
        return finish(
          m.status === 405 ? this.notAllowed(host, ectx) : this.notFound(host, r.segs, m.badIndex, r.version, ectx),
          '(unmatched)',
        );
      route = m.route;
      params = m.params;
      // 3. Permission.
      if (route.permissions.length > 0 && !hasPermission(auth, route.permissions)) {
        return finish(this.forbidden(host, auth, r.method, r.segs, ectx), route.pattern);
      }
      // 3b. Mandatory MFA, phase 2: after Azure RBAC, before the resource provider (as Azure Policy is).
      const mfaPolicy = host === 'arm' ? armWriteWithoutMfa(r.method, auth) : undefined;
      if (mfaPolicy) {
        const name = r.segs[r.segs.length - 1] ?? '';
        return finish(
          serviceError(
            'arm',
            ectx,
            403,
            'RequestDisallowedByPolicy',
            `Resource '${name}' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"Mandatory multifactor authentication","id":"/providers/Microsoft.Authorization/policyAssignments/mandatory-mfa"},"policyDefinition":{"name":"${mfaPolicy.name}","id":"${mfaPolicy.id}"}}]'. Mandatory multifactor authentication: this sign-in used a password alone; sign in again with a second factor (a security key).`,
          ),
          route.pattern,
        );
      }
    } else if (r.inBatch) {
      return finish(
        serviceError('graph', ectx, 400, 'BadRequest', 'A $batch request cannot contain another $batch request.'),
        '/$batch',
      );
    } else if (r.method !== 'POST') {
      return finish(this.notAllowed(host, ectx), '/$batch');
    }
    const label = isBatch ? '/$batch' : route!.pattern;
    // 4. Microsoft's contract for the body (the service's 400), before faults: a real service refuses a malformed body whatever its load.
    let gate: { req: GateRequest; contract: boolean } | undefined;
    if (this.deps.contracts && (host === 'graph' || host === 'arm')) {
      const req: GateRequest = {
        host,
        method: r.method,
        path: '/' + r.segs.join('/'),
        version: r.version,
        body: r.body,
        headers: r.headers,
        requestId: ectx.requestId,
        clientRequestId: ectx.clientRequestId ?? ectx.requestId,
        batchEnvelope: isBatch,
      };
      const v = this.deps.contracts.request(req);
      if (!v.ok)
        return finish(
          { status: v.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: v.body },
          label,
        );
      gate = { req, contract: v.contract };
    }
    // 5. Faults, before any handler runs.
    const fault = this.deps.faults.decide(host, {
      inBatch: r.inBatch,
      pageRequest: r.query.has('$skiptoken') || r.query.has('$skip'),
    });
    const faulted = this.faultResponse(fault, host, ectx);
    if (faulted) return finish(faulted.response, label, { delayMs: faulted.delayMs, reset: faulted.reset });
    // 6. Handler.
    const req: PracticeRequest = {
      method: r.method,
      host,
      version: r.version,
      path: '/' + r.segs.join('/'),
      params,
      query: r.query,
      headers: r.headers,
      body: r.body,
      auth,
      requestId: ectx.requestId,
      baseUrl: this.deps.baseUrl(),
      inBatch: r.inBatch,
    };
    let response: PracticeResponse;
    try {
      response = isBatch
        ? await this.deps.batch(req, this.runBatchItem(r.version ?? 'v1.0', r.headers, ectx.requestId))
        : await route!.handler(req, this.deps.world());
    } catch (e) {
      if (e instanceof PracticeHttpError) {
        response = serviceError(host, ectx, e.status, e.code, e.message);
      } else {
        process.stderr.write(
          `practice tenant: route ${label} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
        );
        response = serviceError(
          host,
          ectx,
          500,
          host === 'graph' ? 'generalException' : 'InternalServerError',
          `An internal error occurred in the practice tenant: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    if (req.permissionRow) counters.permissionRow(req.permissionRow);
    if (route?.mutates && response.status < 400) {
      const key = route.mutationKey ? route.mutationKey(req) : defaultMutationKey(route, params);
      counters.mutation(`${route.method} ${route.pattern}`, key);
    }
    if (host === 'graph' && response.body !== undefined && !response.headers?.['content-type']) {
      response = { ...response, headers: { ...(response.headers ?? {}), 'content-type': GRAPH_JSON } };
    }
    if (gate) this.deps.contracts!.response(gate.req, gate.contract, response.status, response.body);
    return finish(response, label, { delayMs: fault.delayMs });
  }

  private match(
    host: PracticeHost,
    method: string,
    segs: string[],
  ): { route: PracticeRoute; params: Record<string, string> } | { status: 404 | 405; badIndex: number } {
    const list = this.compiled.get(host) ?? [];
    let best: { c: CompiledRoute; params: Record<string, string> } | undefined;
    let pathMatched = false;
    for (const c of list) {
      const params = matchSegs(c, segs);
      if (!params) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      // Prefer literal segments over parameters (/users/delta over /users/{id}), earliest first.
      if (!best || specificity(c) > specificity(best.c)) best = { c, params };
    }
    if (best) return { route: best.c.route, params: best.params };
    if (pathMatched) return { status: 405, badIndex: segs.length - 1 };
    let badIndex = 0;
    for (const c of list) badIndex = Math.max(badIndex, prefixLength(c, segs));
    return { status: 404, badIndex: Math.min(badIndex, Math.max(0, segs.length - 1)) };
  }

  private async authenticate(
    host: 'graph' | 'logs' | 'arm',
    headers: Record<string, string>,
    ectx: ErrorContext,
  ): Promise<TokenClaims | PracticeResponse> {
    const h = headers['authorization'] ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    const tid = this.deps.tenantId();
    const base = this.deps.baseUrl();
    const challenge: Record<typeof host, string> = {
      graph: `Bearer realm="", authorization_uri="${base}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      logs: `Bearer authorization_uri="${base}/${tid}", error="invalid_token", error_description="The access token is missing or invalid."`,
      arm: `Bearer authorization_uri="${base}/${tid}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    };
    const unauthorized = (code: string, message: string) =>
      serviceError(host, ectx, 401, code, message, { 'www-authenticate': challenge[host] });
    if (!m) {
      if (host === 'graph') return unauthorized('InvalidAuthenticationToken', 'Access token is empty.');
      if (host === 'logs') return unauthorized('AuthorizationRequiredError', 'Valid authentication was not provided');
      return unauthorized('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    }
    const token = m[1]!;
    try {
      return await this.verifyAny(token, AUDIENCES[host]);
    } catch (e) {
      const expired = e instanceof joseErrors.JWTExpired;
      const wrongAud = e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'aud';
      if (host === 'graph') {
        if (expired)
          return unauthorized('InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
        if (wrongAud)
          return unauthorized('InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
        return unauthorized('InvalidAuthenticationToken', 'Access token validation failure.');
      }
      if (host === 'logs')
        return unauthorized(
          'InvalidTokenError',
          expired
            ? 'The provided authentication has expired'
            : 'The provided authentication is not valid for this resource',
        );
      if (expired)
        return unauthorized(
          'ExpiredAuthenticationToken',
          'The access token expiry UTC time is earlier than current UTC time.',
        );
      if (wrongAud) {
        return unauthorized(
          'InvalidAuthenticationTokenAudience',
          "The access token has been obtained for wrong audience or resource. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
        );
      }
      return unauthorized('InvalidAuthenticationToken', 'The access token is invalid.');
    }
  }

  private async verifyAny(token: string, audiences: string[]): Promise<TokenClaims> {
    // jose checks that aud intersects the list.
    return this.deps.issuer.verify(token, audiences);
  }

  private forbidden(
    host: 'graph' | 'logs' | 'arm',
    auth: TokenClaims,
    method: string,
    segs: string[],
    ectx: ErrorContext,
  ): PracticeResponse {
    if (host === 'graph')
      return serviceError(
        'graph',
        ectx,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    if (host === 'logs')
      return serviceError(
        'logs',
        ectx,
        403,
        'InsufficientAccessError',
        'The provided credentials have insufficient access to perform the requested operation',
      );
    const scope = '/' + segs.join('/');
    const who = auth.upn ?? auth.appid ?? auth.oid;
    return serviceError(
      'arm',
      ectx,
      403,
      'AuthorizationFailed',
      `The client '${who}' with object id '${auth.oid}' does not have authorization to perform action '${armAction(segs, method)}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }

  private notFound(
    host: 'graph' | 'logs' | 'arm',
    segs: string[],
    badIndex: number,
    version: string | undefined,
    ectx: ErrorContext,
  ): PracticeResponse {
    if (host === 'graph') {
      const seg = segs[badIndex] ?? '';
      if (segs.length === 0) return serviceError('graph', ectx, 400, 'BadRequest', 'Invalid request.');
      return serviceError('graph', ectx, 400, 'BadRequest', `Resource not found for the segment '${seg}'.`);
    }
    if (host === 'logs')
      return serviceError('logs', ectx, 404, 'PathNotFoundError', 'The requested path does not exist');
    return serviceError(
      'arm',
      ectx,
      404,
      'InvalidResourceType',
      `The resource type '${segs.slice(0, badIndex + 1).join('/')}' could not be found for api version '${version ?? ''}'.`,
    );
  }

  private notAllowed(host: 'graph' | 'logs' | 'arm', ectx: ErrorContext): PracticeResponse {
    if (host === 'graph')
      return serviceError(
        'graph',
        ectx,
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      );
    if (host === 'logs')
      return serviceError(
        'logs',
        ectx,
        405,
        'MethodNotAllowed',
        'The requested HTTP method is not allowed for this path',
      );
    return serviceError(
      'arm',
      ectx,
      405,
      'MethodNotAllowed',
      'The requested HTTP method is not allowed for the resource.',
    );
  }

  private faultResponse(fault: FaultDecision, host: PracticeHost, ectx: ErrorContext): DispatchResult | undefined {
    if (fault.kind === 'none') return undefined;
    const counters = this.deps.counters;
    if (fault.kind === 'reset') {
      counters.fault('reset');
      return { response: { status: 0 }, reset: true, delayMs: fault.delayMs };
    }
    const svc = host === 'logs' || host === 'arm' ? host : 'graph';
    if (fault.kind === 'throttle') {
      counters.fault('429');
      const headers = { 'retry-after': String(fault.retryAfterSeconds) };
      const response =
        host === 'login'
          ? {
              status: 429,
              headers,
              body: {
                error: 'temporarily_unavailable',
                error_description:
                  'AADSTS50196: The server terminated an operation because it encountered a client request loop. Please contact your app vendor.',
                error_codes: [50196],
              },
            }
          : svc === 'logs'
            ? serviceError(
                'logs',
                ectx,
                429,
                'ThrottledError',
                'Too many requests. Please retry after the time specified in the Retry-After header.',
                headers,
              )
            : svc === 'arm'
              ? serviceError(
                  'arm',
                  ectx,
                  429,
                  'TooManyRequests',
                  'The request is being throttled. Please retry after the time specified in the Retry-After header.',
                  headers,
                )
              : serviceError(
                  'graph',
                  ectx,
                  429,
                  'TooManyRequests',
                  'Too many requests. Please retry after the time specified in the Retry-After header.',
                  headers,
                );
      return { response: this.stamp(response, ectx, host), delayMs: fault.delayMs };
    }
    counters.fault(String(fault.status));
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    const graphCodes: Record<number, [string, string]> = {
      500: ['generalException', 'An unspecified error has occurred.'],
      502: [
        'BadGateway',
        'The server, while acting as a gateway or proxy, received an invalid response from the upstream server.',
      ],
      503: [
        'serviceNotAvailable',
        'The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, which may be specified in a Retry-After header.',
      ],
      504: [
        'GatewayTimeout',
        'The server, while acting as a proxy, did not receive a timely response from the upstream server it needed to access in attempting to complete the request.',
      ],
    };
    const [gcode, gmsg] = graphCodes[fault.status] ?? ['generalException', 'An unspecified error has occurred.'];
    const response =
      host === 'login'
        ? {
            status: fault.status,
            headers,
            body: {
              error: 'temporarily_unavailable',
              error_description: 'AADSTS90033: A transient error has occurred. Please try again.',
              error_codes: [90033],
            },
          }
        : svc === 'graph'
          ? serviceError('graph', ectx, fault.status, gcode, gmsg, headers)
          : serviceError(
              svc,
              ectx,
              fault.status,
              fault.status === 503
                ? 'ServiceUnavailable'
                : fault.status === 504
                  ? 'GatewayTimeout'
                  : 'InternalServerError',
              gmsg,
              headers,
            );
    return { response: this.stamp(response, ectx, host), delayMs: fault.delayMs };
  }

  /** Adds the correlation headers every Microsoft service returns. */
  private stamp(res: PracticeResponse, ectx: ErrorContext, _host?: PracticeHost): PracticeResponse {
    return {
      ...res,
      headers: {
        ...(res.headers ?? {}),
        'request-id': ectx.requestId,
        'client-request-id': ectx.clientRequestId ?? ectx.requestId,
        'x-ms-request-id': res.headers?.['x-ms-request-id'] ?? ectx.requestId,
        'x-ms-correlation-request-id': ectx.clientRequestId ?? ectx.requestId,
      },
    };
  }
}

function specificity(c: CompiledRoute): number {
  // Literal count first; ties broken by the position of the first parameter (later is more specific).
  const firstParam = c.segs.findIndex((s) => 'param' in s);
  return c.literalCount * 100 + (firstParam === -1 ? 99 : firstParam);
}

function hasPermission(auth: TokenClaims, permissions: string[]): boolean {
  const have = new Set(
    [...(auth.scp ?? '').split(' '), ...(auth.roles ?? [])].filter(Boolean).map((s) => s.toLowerCase()),
  );
  return permissions.some((p) => have.has(p.toLowerCase()));
}

function defaultMutationKey(route: PracticeRoute, params: Record<string, string>): string {
  const p = Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${route.method} ${route.pattern}${p ? ` ${p}` : ''}`;
}

function armAction(segs: string[], method: string): string {
  const i = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  const typeSegs = i >= 0 ? segs.slice(i + 1).filter((_, j) => j === 0 || j % 2 === 1) : segs;
  const verb = method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'action' : 'write';
  return `${typeSegs.join('/')}/${verb}`;
}

function loginLabel(segs: string[]): string {
  const rest = segs.slice(1).join('/').toLowerCase();
  return `/{tenant}/${rest}`;
}
