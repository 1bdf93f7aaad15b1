/**
 * Failures a person understands. Every Graph / Logs / ARM / sign-in failure
 * becomes a TenantError whose Explanation says what failed, the likely cause,
 * what to do next and the request-id to quote to Microsoft support. Raw
 * stack traces never reach the operator.
 */
import type { Explanation } from '../core/errors.js';
import { TenantError, type RequestEvidence } from '../core/tenant.js';
import { graphPermissionFor } from './permission-map.js';
import { networkErrorCode } from './retry.js';
import { sanitize } from '../util/sanitize.js';

type Service = RequestEvidence['service'];

export interface HttpFailure {
  service: Service;
  method: string;
  /** Path relative to the service root, e.g. /v1.0/users/x. */
  path: string;
  status: number;
  /** Parsed JSON error body, or text. */
  body: unknown;
  requestId?: string;
  retries?: number;
  /** Permissions the caller knows this call needs (overrides the built-in table). */
  permissions?: string[];
  /** Where an admin grants consent for the missing permission. */
  consentUrl?: string;
  /** Waited this long on Retry-After before giving up (throttling). */
  waitedMs?: number;
}

const SERVICE_NAME: Record<Service, string> = {
  graph: 'Microsoft Graph',
  logs: 'Log Analytics',
  arm: 'Azure Resource Manager',
  login: 'Microsoft Entra sign-in',
};

interface ErrorBody {
  code: string;
  message: string;
  innerCode?: string;
  requestId?: string;
}

/** Graph/ARM `{error:{code,message,innerError}}`; Logs `{error:{code,message,innererror:{code}}}`. */
export function parseErrorBody(body: unknown): ErrorBody {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return { code: '', message: cleanText(b as string).slice(0, 300) };
    }
  }
  const err = (b as { error?: unknown } | undefined)?.error;
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const inner = (e['innerError'] ?? e['innererror']) as Record<string, unknown> | undefined;
    const innerCode = typeof inner?.['code'] === 'string' ? inner['code'] : undefined;
    const rid = typeof inner?.['request-id'] === 'string' ? inner['request-id'] : undefined;
    return {
      code: typeof e['code'] === 'string' ? e['code'] : '',
      message: typeof e['message'] === 'string' ? cleanText(e['message']) : '',
      ...(innerCode ? { innerCode } : {}),
      ...(rid ? { requestId: rid } : {}),
    };
  }
  if (typeof err === 'string') {
    // OAuth shape {error, error_description}
    const d = (b as { error_description?: unknown }).error_description;
    return { code: err, message: typeof d === 'string' ? cleanText(d) : '' };
  }
  return { code: '', message: '' };
}

/** Tenant-supplied text (error messages) may span lines and carry tabs; everything else unsafe goes. */
function cleanText(s: string): string {
  return sanitize(s, { multiline: true, keepTabs: true });
}

function make(service: Service, status: number, code: string, x: Explanation): TenantError {
  const clean: Explanation = {
    what: x.what,
    cause: x.cause,
    todo: x.todo,
    ...(x.requestId ? { requestId: x.requestId } : {}),
  };
  return new TenantError(service, status, code, clean);
}

function describeCall(f: HttpFailure): string {
  return `${SERVICE_NAME[f.service]} ${f.method.toUpperCase()} ${f.path.split('?')[0]}`;
}

/** A failed HTTP response (after retries) → TenantError. */
export function explainHttpFailure(f: HttpFailure): TenantError {
  const e = parseErrorBody(f.body);
  const requestId = f.requestId ?? e.requestId;
  const base = { ...(requestId ? { requestId } : {}) };
  const what = `${describeCall(f)} failed (HTTP ${f.status})`;
  const code = e.code || String(f.status);

  if (f.status === 401) {
    return make(f.service, 401, code, {
      what,
      cause: `the sign-in token was not accepted${e.message ? ` (${e.message})` : ''}`,
      todo: 'Sign in again. If it keeps happening, check that the tenant and cloud are right (--tenant, --cloud) and that the clock of this machine is correct.',
      ...base,
    });
  }

  if (f.status === 403) {
    // Conditional Access scoped to service principals needs Workload Identities Premium, not (only) P1/P2:
    // https://learn.microsoft.com/entra/identity/conditional-access/workload-identity
    if (/workload identities premium/i.test(e.message)) {
      return make(f.service, 403, code, {
        what,
        cause: 'this needs Microsoft Entra Workload ID (Workload Identities Premium) in the tenant',
        todo: 'Skip the Conditional Access for workload identities step, or license Microsoft Entra Workload ID and run it again.',
        ...base,
      });
    }
    if (
      code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant' ||
      /premium|license|licen[cs]e/i.test(e.message)
    ) {
      return make(f.service, 403, code, {
        what,
        cause:
          'this needs a Microsoft Entra ID P1 or P2 licence in the tenant (sign-in logs, Conditional Access and diagnostic settings are premium features)',
        todo: 'Assign Entra ID P1/P2 (or Microsoft 365 Business Premium) to at least one user, or skip this check; the run records it as an error, not a pass.',
        ...base,
      });
    }
    if (f.service === 'arm' && code === 'RequestDisallowedByPolicy') {
      // Mandatory MFA phase 2: Azure Resource Manager writes need a sign-in that completed MFA
      // (https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication);
      // Azure Policy's deny answers RequestDisallowedByPolicy
      // (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-policy-requestdisallowedbypolicy).
      const mfa = /multi-?factor/i.test(e.message);
      return make('arm', 403, code, {
        what,
        cause: mfa
          ? 'Azure refuses resource changes from a sign-in that did not complete multifactor authentication (mandatory MFA for Azure Resource Manager applies to every user, emergency-access accounts included)'
          : `an Azure Policy assignment refuses this change${e.message ? ` (${e.message})` : ''}`,
        todo: mfa
          ? 'Sign in again with a security key (passkey) or certificate-based authentication — a password alone is not enough — then run the step again. A workload identity (the break-glass application) is not subject to it.'
          : 'Read the policy named in the message (az policy assignment show) and change the request to comply, or ask its owner for an exemption; then run the step again.',
        ...base,
      });
    }
    if (f.service === 'arm') {
      const action = /action '([^']+)'/i.exec(e.message)?.[1];
      const scope = /scope '([^']+)'/i.exec(e.message)?.[1];
      return make('arm', 403, code, {
        what,
        cause: `the signed-in identity has no Azure role that allows ${action ? `"${action}"` : 'this operation'}${scope ? ` on ${scope}` : ''}`,
        todo: `Ask an Owner / User Access Administrator to assign a role that includes ${action ?? 'this action'} (for example Monitoring Contributor for alert rules, or Log Analytics Contributor for workspaces) at that scope, then run the step again.`,
        ...base,
      });
    }
    if (f.service === 'logs') {
      return make('logs', 403, code, {
        what,
        cause: `the signed-in identity cannot read this Log Analytics workspace${e.message ? ` (${e.message})` : ''}`,
        todo: 'Assign the Log Analytics Reader role on the workspace (or its resource group), and grant the Data.Read permission of Log Analytics API to the app.',
        ...base,
      });
    }
    const perms = f.permissions?.length
      ? { permission: f.permissions.join(' or ') }
      : graphPermissionFor(f.method, f.path);
    const role = perms && 'role' in perms ? (perms as { role?: string }).role : undefined;
    const named = namedPermissionInMessage(e.message);
    const permission = named ?? perms?.permission;
    return make('graph', 403, code, {
      what,
      cause: permission
        ? `the sign-in is missing the Microsoft Graph permission ${permission}${role ? `, or the signed-in user lacks the ${role} role` : ''}${e.message ? ` (Graph said: ${e.message})` : ''}`
        : `access was denied${e.message ? ` (Graph said: ${e.message})` : ''}`,
      todo: permission
        ? `Grant ${permission} to the app${f.consentUrl ? ` — an administrator can consent at ${f.consentUrl}` : ' (admin consent in Entra admin center → App registrations → API permissions)'} — then sign in again.`
        : 'Check the permissions the runbook declares and the roles of the signed-in account.',
      ...base,
    });
  }

  if (f.status === 404) {
    return make(f.service, 404, code, {
      what,
      cause: `it does not exist${e.message ? ` (${e.message})` : ''} — it may have been deleted, or the id/name is mistyped`,
      todo: 'Check the id or name you entered (and that you are connected to the right tenant), then try again.',
      ...base,
    });
  }

  if (f.status === 429 || f.status === 503 || f.status === 504 || f.status === 500 || f.status === 502) {
    const throttled = f.status === 429;
    return make(f.service, f.status, code, {
      what,
      cause: throttled
        ? `the service is throttling requests and kept saying "slow down" after ${f.retries ?? 0} retries${f.waitedMs ? ` and ${Math.round(f.waitedMs / 1000)} s of waiting` : ''}`
        : `the service had a problem (${f.status}${e.message ? `: ${e.message}` : ''})${f.retries ? ` and still failed after ${f.retries} retries` : ''}`,
      todo: throttled
        ? 'Wait a minute or two and retry the step; other tools hammering the same tenant make this worse.'
        : 'Retry the step in a few minutes; check https://status.cloud.microsoft (or the Azure status page) if it persists.',
      ...base,
    });
  }

  if (f.status === 400 || f.status === 409 || f.status === 422) {
    return make(f.service, f.status, code, {
      what,
      cause: e.message
        ? `${SERVICE_NAME[f.service]} rejected the request: ${e.message}`
        : 'the request was rejected as invalid',
      todo: 'Check the values you entered for this step. If they look right, the runbook may be out of date for this tenant.',
      ...base,
    });
  }

  return make(f.service, f.status, code, {
    what,
    cause: e.message || `unexpected HTTP status ${f.status}`,
    todo: 'Retry the step; if it persists, quote the request-id to Microsoft support.',
    ...base,
  });
}

/** Practice and some Microsoft services name the missing scope in the message. */
function namedPermissionInMessage(message: string): string | undefined {
  // Permission names may carry a hyphen (User-PasswordProfile.ReadWrite.All); a name must not be cut at it.
  const m =
    /\b(?:requires?|missing|needs?)\b[^.]*?(?<![\w-])([A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)*(?:\.[A-Z][A-Za-z]+){1,3})\b/.exec(
      message,
    );
  return m?.[1];
}

/** A network-level failure (no HTTP response) → TenantError. */
export function explainNetworkError(
  service: Service,
  err: unknown,
  ctx: { method?: string; url?: string; retries?: number } = {},
): TenantError {
  if (err instanceof TenantError) return err;
  const code = networkErrorCode(err) ?? '';
  const host = ctx.url ? safeHost(ctx.url) : SERVICE_NAME[service];
  const what = `Could not reach ${SERVICE_NAME[service]}${host ? ` (${host})` : ''}`;
  if (
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME|SSL/i.test(code) ||
    /certificate/i.test(String((err as Error)?.message))
  ) {
    return make(service, 0, code || 'TLS', {
      what,
      cause: `the TLS certificate of ${host} was not trusted (${code || 'certificate error'}) — usually a TLS-inspecting proxy whose CA this machine does not trust, or a wrong endpoint`,
      todo: 'If your network inspects TLS, set NODE_EXTRA_CA_CERTS to your proxy CA bundle and try again. Never disable certificate checks for a Global Administrator session.',
    });
  }
  if (code === 'AbortError' || (err as Error)?.name === 'AbortError') {
    return make(service, 0, 'Cancelled', {
      what: `${SERVICE_NAME[service]} request cancelled`,
      cause: 'the operation was cancelled',
      todo: 'Run the step again when ready.',
    });
  }
  if (
    code === 'AttemptTimeout' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT'
  ) {
    return make(service, 0, code, {
      what,
      cause: `no answer in time${ctx.retries ? ` after ${ctx.retries} retries` : ''}`,
      todo: 'Check the network connection (VPN, proxy) and retry the step.',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return make(service, 0, code, {
      what,
      cause: `the name ${host} could not be resolved (DNS)`,
      todo: 'Check the network connection and DNS, and that --cloud matches your tenant (public, usgov, usgovdod, china).',
    });
  }
  return make(service, 0, code || 'NetworkError', {
    what,
    cause: `the network connection failed${code ? ` (${code})` : ''}${ctx.retries ? ` after ${ctx.retries} retries` : ''}`,
    todo: 'Check the network connection (VPN, proxy, firewall) and retry the step. An emergency procedure can continue with a recorded override.',
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export interface SignInContext {
  flow: string;
  tenantId: string;
  clientId: string;
  consentUrl?: string;
  scopes?: string[];
  /** The token endpoint's own error body, when our network module saw one (MSAL may drop it). */
  serverError?: {
    error: string;
    description: string;
    codes: number[];
    traceId?: string;
    correlationId?: string;
    suberror?: string;
  };
  /**
   * The request that got no HTTP answer, after the network module's retries
   * (MSAL reports it only as network_error, without the cause).
   */
  transportError?: Error & { code?: string; retries?: number };
}

/** AADSTS code → explanation. Codes from Microsoft's "Entra authentication and authorization error codes". */
const AADSTS: Record<string, (ctx: SignInContext) => Omit<Explanation, 'what' | 'requestId'>> = {
  '53003': () => ({
    cause: 'a Conditional Access policy blocked this sign-in (AADSTS53003)',
    todo: 'If this is a break-glass account, that policy must exclude the emergency-access group — this is exactly the drift breakglass checks for. Otherwise sign in from a compliant device or network, or ask a Conditional Access administrator.',
  }),
  '530033': () => ({
    cause:
      'Conditional Access blocks the device-code flow for this sign-in (authentication flows policy, AADSTS530033)',
    todo: 'Use --flow interactive (browser on this machine), or ask an administrator to exclude the emergency-access group from the "block device code flow" policy.',
  }),
  '65001': (c) => ({
    cause: 'the app has not been granted the permissions this runbook needs (consent required, AADSTS65001)',
    todo: c.consentUrl
      ? `An administrator can grant consent at ${c.consentUrl}, then sign in again.`
      : 'An administrator must grant admin consent for the app in Entra admin center → Enterprise applications.',
  }),
  '50076': () => ({
    cause: 'multi-factor authentication is required (AADSTS50076)',
    todo: 'Complete the MFA prompt; device-code sign-in shows it in the browser.',
  }),
  '50079': () => ({
    cause: 'the account must register for MFA first (AADSTS50079)',
    todo: 'Register a method at https://aka.ms/mysecurityinfo, then sign in again.',
  }),
  '50126': () => ({
    cause: 'wrong user name or password (AADSTS50126)',
    todo: 'Check the account and password. For a break-glass account, use the sealed envelope procedure.',
  }),
  '50053': () => ({
    cause: 'the account is locked (AADSTS50053) after too many failed attempts',
    todo: 'Wait for the lockout to expire (usually minutes) or use the second break-glass account.',
  }),
  '50034': () => ({
    cause: 'the account does not exist in this tenant (AADSTS50034)',
    todo: 'Check the user name: a break-glass account is on the *.onmicrosoft.com domain of THIS tenant. Sign in again with the right account.',
  }),
  '50057': () => ({
    cause: 'the account is disabled (AADSTS50057)',
    todo: 'Enable the account in Entra admin center, or use the second break-glass account.',
  }),
  '50105': () => ({
    cause: 'the signed-in user is not assigned to this application (AADSTS50105)',
    todo: 'Assign the user to the enterprise application, or use an account that is.',
  }),
  '700016': (c) => ({
    cause: `the application ${c.clientId} was not found in tenant ${c.tenantId} (AADSTS700016)`,
    todo: 'Check --client-id and --tenant; a single-tenant app only works in its own tenant. See docs/tenant-connection.md for registering your own app.',
  }),
  '90002': (c) => ({
    cause: `tenant "${c.tenantId}" does not exist (AADSTS90002)`,
    todo: 'Check --tenant (tenant id or verified domain) and --cloud.',
  }),
  '900023': (c) => ({
    cause: `"${c.tenantId}" is not a valid tenant (AADSTS900023)`,
    todo: 'Check --tenant (tenant id or verified domain).',
  }),
  '7000215': () => ({
    cause: 'the client secret is wrong (AADSTS7000215)',
    todo: 'Check the value in the environment variable (the secret VALUE, not its id), or create a new secret.',
  }),
  '7000222': () => ({
    cause: 'the client secret has expired (AADSTS7000222)',
    todo: 'Create a new client secret on the app registration and update the environment variable.',
  }),
  '700027': () => ({
    cause: 'the certificate is not registered on the app, or its signature did not verify (AADSTS700027)',
    todo: 'Upload the certificate (public part, .cer/.pem) to the app registration → Certificates & secrets, and check you chose the matching private key.',
  }),
  '700024': () => ({
    cause: 'the client assertion is not within its valid time range (AADSTS700024)',
    todo: 'Check the clock of this machine.',
  }),
  '7000112': () => ({
    cause: 'the application is disabled (AADSTS7000112)',
    todo: 'Enable the application in Entra admin center → Enterprise applications.',
  }),
  '50020': () => ({
    cause: 'the account does not belong to this tenant (AADSTS50020)',
    todo: 'Sign in with an account of the tenant (e.g. name@contoso.onmicrosoft.com).',
  }),
  '70000': () => ({
    cause: 'the grant was rejected (AADSTS70000), usually because it was already used or the scope is invalid',
    todo: 'Sign in again.',
  }),
  '70011': (c) => ({
    cause: `an invalid scope was requested (AADSTS70011: ${(c.scopes ?? []).join(' ')})`,
    todo: 'Check the permissions the runbook declares.',
  }),
  '500011': () => ({
    cause: 'the resource (API) is not available in this tenant (AADSTS500011)',
    todo: 'Check --cloud; US Gov and China tenants use their own endpoints.',
  }),
};

/** An MSAL / token-endpoint failure → TenantError. */
export function explainSignInError(err: unknown, ctx: SignInContext): TenantError {
  if (err instanceof TenantError) return err;
  const e = err as {
    errorCode?: string;
    errorMessage?: string;
    message?: string;
    subError?: string;
    correlationId?: string;
    errorNo?: string | number;
    cause?: unknown;
  };
  const se = ctx.serverError;
  const message = cleanText(se?.description || String(e?.errorMessage ?? e?.message ?? ''));
  const what = `Sign-in (${ctx.flow}) to tenant ${ctx.tenantId} failed`;
  const aadsts =
    /AADSTS(\d+)/.exec(message)?.[1] ??
    (se?.codes[0] !== undefined
      ? String(se.codes[0])
      : e?.errorNo !== undefined && e.errorNo !== ''
        ? String(e.errorNo)
        : undefined);
  const traceId = se?.traceId ?? /Trace ID: ([0-9a-f-]{36})/i.exec(message)?.[1];
  const requestId = traceId ?? (e?.correlationId || undefined);
  const rid = requestId ? { requestId } : {};
  const code = aadsts ? `AADSTS${aadsts}` : (e?.errorCode ?? 'sign_in_failed');

  if (aadsts && AADSTS[aadsts]) return make('login', 400, code, { what, ...AADSTS[aadsts](ctx), ...rid });
  switch (se?.error ?? e?.errorCode) {
    case 'expired_token':
    case 'code_expired':
      return make('login', 400, code, {
        what,
        cause: 'the device code expired before anyone signed in with it',
        todo: 'Start again and enter the code within the time shown (usually 15 minutes).',
        ...rid,
      });
    case 'authorization_declined':
    case 'access_denied':
      return make('login', 400, code, {
        what,
        cause: 'the sign-in was declined in the browser',
        todo: 'Start again and approve the sign-in, with the account the runbook names.',
        ...rid,
      });
    case 'device_code_polling_cancelled':
    case 'user_cancelled':
      return make('login', 0, code, {
        what,
        cause: 'the sign-in was cancelled',
        todo: 'Start again when ready.',
        ...rid,
      });
    case 'invalid_client':
      return make('login', 401, code, {
        what,
        cause: 'the app credentials were rejected',
        todo: 'Check the client id, and the certificate or secret that goes with it.',
        ...rid,
      });
    default:
      break;
  }
  // Network problems surface from MSAL as network_error / ClientAuthError wrapping a cause, or
  // (MSAL Node) as a bare network_error whose cause only our network module saw.
  const transport = e?.errorCode === 'network_error' ? ctx.transportError : undefined;
  const net = networkErrorCode(transport ?? e?.cause ?? err);
  if (net || e?.errorCode === 'network_error' || /ECONN|ENOTFOUND|certificate|network/i.test(message)) {
    const t = explainNetworkError('login', transport ?? e?.cause ?? err, {
      ...(transport?.retries ? { retries: transport.retries } : {}),
    });
    return make('login', 0, t.code, { what, cause: t.explanation.cause, todo: t.explanation.todo, ...rid });
  }
  return make('login', 400, code, {
    what,
    cause: message ? firstSentence(message) : 'the identity service refused the sign-in',
    todo: 'Check --tenant, --client-id and the sign-in flow; see docs/tenant-connection.md.',
    ...rid,
  });
}

function firstSentence(s: string): string {
  const cut = s.replace(/\s*Trace ID:.*$/s, '');
  return cut.length > 400 ? cut.slice(0, 400) + '…' : cut;
}

/** Anything thrown from the tenant layer → TenantError (never a stack trace for the operator). */
export function toTenantError(service: Service, err: unknown): TenantError {
  if (err instanceof TenantError) return err;
  if (networkErrorCode(err)) return explainNetworkError(service, err);
  const msg = cleanText(String((err as Error)?.message ?? err));
  return make(service, 0, 'Unexpected', {
    what: `${SERVICE_NAME[service]} call failed`,
    cause: msg || 'an unexpected error',
    todo: 'Retry the step; run with BREAKGLASS_DEBUG=1 for details if it persists.',
  });
}
