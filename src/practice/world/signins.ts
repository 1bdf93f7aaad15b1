/**
 * Sign-ins: Conditional Access evaluation (the engine behind both simulated
 * sign-ins and the beta What-If API) and the sign-in records that later
 * surface as Graph auditLogs/signIns and Log Analytics SigninLogs rows.
 */
import { isAdminPortal, mandatoryMfaFailure } from '../identity/mandatory-mfa.js';
import type { WorldState } from './world-state.js';
import { WorldError } from './errors.js';
import { AUTH_STRENGTHS } from './catalog.js';
import type { SignInRec, UserRec } from './state.js';

type Body = Record<string, unknown>;

export type SignInMethod = 'fido2' | 'password' | 'passwordAndMfa' | 'temporaryAccessPass';

export interface PolicyVerdict {
  id: string;
  displayName: string;
  state: string;
  /** Graph's appliedConditionalAccessPolicy.result. */
  result:
    | 'success'
    | 'failure'
    | 'notApplied'
    | 'notEnabled'
    | 'reportOnlySuccess'
    | 'reportOnlyFailure'
    | 'reportOnlyNotApplied'
    | 'reportOnlyInterrupted';
  enforcedGrantControls: string[];
  /** Why the policy did or did not apply (What-If's analysisReasons). */
  reasons: string[];
  /** The grant control that could not be met, when failing. */
  unmet?: string;
}

const lc = (xs: unknown): string[] => (Array.isArray(xs) ? xs.map((x) => String(x).toLowerCase()) : []);

/** The groups (transitive) and active roles of a user, lower-cased: what policy targeting compares against. */
export interface UserMemberships {
  groups: Set<string>;
  roles: Set<string>;
}

export function userMemberships(w: WorldState, u: UserRec): UserMemberships {
  return {
    groups: new Set(w.transitiveGroupsOf(u.id).map((g) => g.id.toLowerCase())),
    roles: new Set(w.activeRoleIdsOf(u.id).map((r) => r.toLowerCase())),
  };
}

/**
 * Does the policy target this user (users/groups/roles include minus exclude)?
 * `m`: the user's memberships when the caller evaluates many policies for one sign-in.
 */
export function policyTargetsUser(
  w: WorldState,
  p: Body,
  u: UserRec,
  m: UserMemberships = userMemberships(w, u),
): { applies: boolean; reason: string } {
  const users = ((p.conditions as Body)?.users ?? {}) as Body;
  const { groups, roles } = m;
  const uid = u.id.toLowerCase();
  const incUsers = lc(users.includeUsers);
  const included =
    incUsers.includes('all') ||
    incUsers.includes(uid) ||
    lc(users.includeGroups).some((g) => groups.has(g)) ||
    lc(users.includeRoles).some((r) => roles.has(r)) ||
    (u.userType === 'Guest' && (incUsers.includes('guestsorexternalusers') || !!users.includeGuestsOrExternalUsers));
  if (!included) return { applies: false, reason: 'users' };
  if (lc(users.excludeUsers).includes(uid)) return { applies: false, reason: 'excludedUser' };
  if (lc(users.excludeGroups).some((g) => groups.has(g))) return { applies: false, reason: 'excludedGroup' };
  if (lc(users.excludeRoles).some((r) => roles.has(r))) return { applies: false, reason: 'excludedRole' };
  return { applies: true, reason: 'users' };
}

/** Azure portal (also the Entra and Intune admin centers): https://learn.microsoft.com/en-us/entra/identity/authentication/concept-mandatory-multifactor-authentication#applications */
const AZURE_PORTAL = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
/** Windows Azure Service Management API (Azure Resource Manager). */
const AZURE_SERVICE_MANAGEMENT = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

/**
 * What a CA policy's application entry covers besides the appId itself:
 *  - MicrosoftAdminPortals: the admin portals, the Azure portal among them
 *    (https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-conditional-access-cloud-apps#microsoft-admin-portals);
 *  - Windows Azure Service Management API: "a set of services closely bound to the portal", the Azure portal among
 *    them (same page, #windows-azure-service-management-api).
 */
const COVERS: Record<string, string[]> = {
  microsoftadminportals: [AZURE_PORTAL],
  [AZURE_SERVICE_MANAGEMENT]: [AZURE_SERVICE_MANAGEMENT, AZURE_PORTAL],
};
const covered = (entries: string[], appId: string): boolean =>
  entries.includes(appId) || entries.some((e) => COVERS[e]?.includes(appId));

function appMatches(p: Body, appId: string): boolean {
  const apps = ((p.conditions as Body)?.applications ?? {}) as Body;
  const inc = lc(apps.includeApplications);
  const exc = lc(apps.excludeApplications);
  const id = appId.toLowerCase();
  if (covered(exc, id)) return false;
  return inc.includes('all') || covered(inc, id) || (inc.includes('office365') && appId !== 'unknown');
}

function clientAppMatches(
  p: Body,
  clientApp: 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other',
): boolean {
  const types = lc((p.conditions as Body)?.clientAppTypes);
  return types.length === 0 || types.includes('all') || types.includes(clientApp.toLowerCase());
}

/** Can this sign-in method satisfy a grant control? The simulated device is unmanaged (not compliant, not joined). */
function controlSatisfied(control: string, method: SignInMethod): boolean {
  switch (control) {
    case 'mfa':
      return method !== 'password';
    case 'compliantDevice':
    case 'domainJoinedDevice':
    case 'approvedApplication':
    case 'compliantApplication':
      return false;
    case 'passwordChange':
    case 'riskRemediation':
      return true; // no risk in the simulation
    case 'block':
      return false;
    default:
      return false;
  }
}

function strengthSatisfied(strength: Body, method: SignInMethod): boolean {
  const combos = lc(strength.allowedCombinations);
  const want =
    method === 'fido2'
      ? 'fido2'
      : method === 'temporaryAccessPass'
        ? 'temporaryaccesspassonetime'
        : method === 'passwordAndMfa'
          ? 'password,microsoftauthenticatorpush'
          : 'password';
  return combos.includes(want);
}

export type RiskLevel = 'none' | 'low' | 'medium' | 'high';

export interface EvalContext {
  appId: string;
  clientApp: 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';
  method: SignInMethod;
  signInRisk?: RiskLevel;
  userRisk?: RiskLevel;
}

/** Evaluate every CA policy for one sign-in, the way Entra does (AND across policies). */
export function evaluateConditionalAccess(w: WorldState, u: UserRec, ctx: EvalContext): PolicyVerdict[] {
  const out: PolicyVerdict[] = [];
  // Once per sign-in, not once per policy: 300 policies would walk the user's groups and roles 300 times.
  const memberships = userMemberships(w, u);
  for (const p of w.caPolicies.values()) {
    const state = String(p.state);
    const reportOnly = state === 'enabledForReportingButNotEnforced';
    const base = {
      id: String(p.id),
      displayName: String(p.displayName),
      state,
      enforcedGrantControls: [] as string[],
      reasons: [] as string[],
    };
    if (state === 'disabled') {
      out.push({ ...base, result: 'notEnabled' });
      continue;
    }
    const target = policyTargetsUser(w, p, u, memberships);
    const notApplied = reportOnly ? 'reportOnlyNotApplied' : 'notApplied';
    if (!target.applies) {
      out.push({ ...base, result: notApplied, reasons: [target.reason] });
      continue;
    }
    if (!appMatches(p, ctx.appId)) {
      out.push({ ...base, result: notApplied, reasons: ['application'] });
      continue;
    }
    if (!clientAppMatches(p, ctx.clientApp)) {
      out.push({ ...base, result: notApplied, reasons: ['clientApps'] });
      continue;
    }
    // Risk conditions: a policy scoped to risk levels applies only to sign-ins at those levels.
    const cond = (p.conditions ?? {}) as Body;
    const signInRisk = lc(cond.signInRiskLevels);
    if (signInRisk.length && !signInRisk.includes(ctx.signInRisk ?? 'none')) {
      out.push({ ...base, result: notApplied, reasons: ['signInRisk'] });
      continue;
    }
    const userRisk = lc(cond.userRiskLevels);
    if (userRisk.length && !userRisk.includes(ctx.userRisk ?? 'none')) {
      out.push({ ...base, result: notApplied, reasons: ['userRisk'] });
      continue;
    }
    const gc = (p.grantControls ?? null) as Body | null;
    const controls = gc ? ((gc.builtInControls ?? []) as string[]) : [];
    const strength = gc?.authenticationStrength as Body | null | undefined;
    const checks: { name: string; ok: boolean }[] = controls.map((c) => ({
      name: c,
      ok: controlSatisfied(c, ctx.method),
    }));
    if (strength) checks.push({ name: 'authenticationStrength', ok: strengthSatisfied(strength, ctx.method) });
    const ok = checks.length === 0 || (gc?.operator === 'AND' ? checks.every((c) => c.ok) : checks.some((c) => c.ok));
    const unmet = ok ? undefined : checks.find((c) => !c.ok)?.name;
    const enforced = checks.map((c) =>
      c.name === 'authenticationStrength'
        ? 'Authentication Strength(s)'
        : c.name === 'mfa'
          ? 'Mfa'
          : c.name.charAt(0).toUpperCase() + c.name.slice(1),
    );
    out.push({
      ...base,
      result: reportOnly ? (ok ? 'reportOnlySuccess' : 'reportOnlyFailure') : ok ? 'success' : 'failure',
      enforcedGrantControls: enforced,
      reasons: ['users', 'application'],
      ...(unmet ? { unmet } : {}),
    });
  }
  return out;
}

const METHOD_LABEL: Record<SignInMethod, string> = {
  fido2: 'FIDO2 security key',
  password: 'Password',
  passwordAndMfa: 'Password',
  temporaryAccessPass: 'Temporary Access Pass',
};

export interface SimulatedSignIn {
  upn: string;
  method: SignInMethod;
  fail?: boolean;
  /** ISO time or epoch ms; default now. Past times are ingested immediately (history). */
  at?: string | number;
  app?: string;
  appId?: string;
  ipAddress?: string;
  city?: string;
  countryOrRegion?: string;
  clientApp?: EvalContext['clientApp'];
  /** Identity Protection's risk for this sign-in (default none). */
  signInRisk?: RiskLevel;
}

/** Registered methods that can complete MFA (decides AADSTS50076 versus 50079 under mandatory MFA). */
const MFA_CAPABLE_KINDS = new Set(['fido2', 'phone', 'microsoftAuthenticator', 'softwareOath', 'temporaryAccessPass']);

/** A user's sign-in attempt. Returns the record; it becomes visible in logs after the ingestion delay. */
export function simulateSignIn(w: WorldState, s: SimulatedSignIn): SignInRec {
  if (!Object.prototype.hasOwnProperty.call(METHOD_LABEL, s.method))
    throw new WorldError(
      400,
      'BadRequest',
      `simulateSignIn: unknown method '${String(s.method)}'. Use one of: ${Object.keys(METHOD_LABEL).join(', ')}.`,
    );
  const now = w.clock.nowMs();
  const at = s.at === undefined ? now : typeof s.at === 'number' ? s.at : Date.parse(s.at);
  if (Number.isNaN(at))
    throw new WorldError(400, 'BadRequest', `simulateSignIn: 'at' is not a valid time: ${String(s.at)}`);
  const u = w.user(s.upn);
  const appDisplayName = s.app ?? 'Azure Portal';
  const appId = s.appId ?? AZURE_PORTAL;
  const clientApp = s.clientApp ?? 'browser';
  let errorCode = 0;
  let failureReason = 'Other.';
  let verdicts: PolicyVerdict[] = [];
  let usedMethod = s.method;
  if (!u) {
    errorCode = 50034;
    failureReason = 'The user account does not exist in the directory.';
  } else if (!u.accountEnabled) {
    errorCode = 50057;
    failureReason = 'User account is disabled.';
  } else if (s.fail) {
    errorCode = s.method === 'fido2' ? 500121 : 50126;
    failureReason =
      s.method === 'fido2'
        ? 'Authentication failed during strong authentication request.'
        : 'Error validating credentials due to invalid username or password.';
  } else if (s.method === 'fido2' && !u._methods.some((m) => m.kind === 'fido2')) {
    errorCode = 500121;
    failureReason =
      'Authentication failed during strong authentication request. (No FIDO2 security key is registered for this user.)';
  } else {
    if (clientApp === 'exchangeActiveSync' || clientApp === 'other') usedMethod = 'password'; // legacy protocols cannot do MFA
    verdicts = evaluateConditionalAccess(w, u, {
      appId,
      clientApp,
      method: usedMethod,
      signInRisk: s.signInRisk ?? 'none',
    });
    const failed = verdicts.find((v) => v.result === 'failure');
    // Mandatory MFA is enforced apart from Conditional Access: an excluded account is still stopped.
    const mandatory = isAdminPortal(appId)
      ? mandatoryMfaFailure(
          usedMethod,
          u._methods.some((m) => MFA_CAPABLE_KINDS.has(m.kind)),
        )
      : undefined;
    const blocked = failed && failed.unmet !== 'mfa' && failed.unmet !== 'authenticationStrength';
    if (blocked) {
      errorCode = 53003;
      failureReason =
        'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.';
    } else if (mandatory) {
      errorCode = mandatory.errorCode;
      failureReason = mandatory.failureReason;
    } else if (failed) {
      errorCode = 50076;
      failureReason =
        'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource.';
    } else if (w.securityDefaults.isEnabled && usedMethod === 'password') {
      errorCode = 50076;
      failureReason =
        'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource.';
    }
  }
  const success = errorCode === 0;
  const enforcedApplied = verdicts.filter((v) => v.result === 'success' || v.result === 'failure');
  const iso = new Date(at).toISOString();
  const details: SignInRec['authenticationDetails'] = [
    {
      authenticationStepDateTime: iso,
      authenticationMethod: METHOD_LABEL[usedMethod],
      authenticationMethodDetail: usedMethod === 'fido2' ? 'Security key' : '',
      succeeded: success || errorCode === 50076 || errorCode === 50079 || errorCode === 53003,
      authenticationStepResultDetail: success
        ? usedMethod === 'fido2'
          ? 'MFA successfully completed'
          : 'Correct password'
        : failureReason,
      authenticationStepRequirement: 'Primary authentication',
    },
  ];
  if (usedMethod === 'passwordAndMfa')
    details.push({
      authenticationStepDateTime: iso,
      authenticationMethod: 'Mobile app notification',
      authenticationMethodDetail: '',
      succeeded: success,
      authenticationStepResultDetail: success ? 'MFA successfully completed' : failureReason,
      authenticationStepRequirement: 'Multifactor authentication',
    });
  const rec: SignInRec = {
    id: w.ids.guid(),
    at,
    // A row reaches the workspace `ingestionDelay` after it happened — for history too: a scenario's
    // sign-in from last month was ingested last month, so it must never fire a rule created today.
    ingestAt: at + w.ingestionDelayMs,
    ingested: false,
    userId: u?.id ?? '',
    userPrincipalName: u?.userPrincipalName ?? s.upn,
    userDisplayName: u?.displayName ?? '',
    appId,
    appDisplayName,
    ipAddress: s.ipAddress ?? '203.0.113.10',
    city: s.city ?? 'London',
    countryOrRegion: s.countryOrRegion ?? 'GB',
    clientAppUsed:
      clientApp === 'browser'
        ? 'Browser'
        : clientApp === 'mobileAppsAndDesktopClients'
          ? 'Mobile Apps and Desktop clients'
          : clientApp === 'exchangeActiveSync'
            ? 'Exchange ActiveSync'
            : 'Other clients',
    isInteractive: true,
    errorCode,
    failureReason: success ? '' : failureReason,
    conditionalAccessStatus: enforcedApplied.some((v) => v.result === 'failure')
      ? 'failure'
      : enforcedApplied.length
        ? 'success'
        : 'notApplied',
    appliedConditionalAccessPolicies: verdicts.map((v) => ({
      id: v.id,
      displayName: v.displayName,
      enforcedGrantControls: v.enforcedGrantControls,
      enforcedSessionControls: [],
      result: v.result,
    })),
    authenticationDetails: details,
    authenticationRequirement: usedMethod === 'password' ? 'singleFactorAuthentication' : 'multiFactorAuthentication',
  };
  if (usedMethod === 'temporaryAccessPass' && success && u) {
    // nothing else: TAP consumption is handled by registerFido2
  }
  w.signIns.push(rec);
  return rec;
}

/**
 * whatIfAnalysisReasons members (a flags enum in the v1.0 metadata): an exclusion by user, group or role is
 * reported as 'users'.
 */
function analysisReasons(reasons: string[]): string {
  const map: Record<string, string> = { excludedUser: 'users', excludedGroup: 'users', excludedRole: 'users' };
  return [...new Set(reasons.map((r) => map[r] ?? r))].join(',');
}

/** What-If (POST /identity/conditionalAccess/evaluate, v1.0 and beta) for a user and an application. */
export function whatIf(w: WorldState, body: Body): Body[] {
  const identity = (body.signInIdentity ?? {}) as Body;
  const context = (body.signInContext ?? {}) as Body;
  if (identity['@odata.type'] !== '#microsoft.graph.userSignIn' || typeof identity.userId !== 'string')
    throw new WorldError(
      400,
      'BadRequest',
      'signInIdentity must be {"@odata.type":"#microsoft.graph.userSignIn","userId":"<user id>"}.',
    );
  if (context['@odata.type'] !== '#microsoft.graph.applicationContext' || !Array.isArray(context.includeApplications))
    throw new WorldError(
      400,
      'BadRequest',
      'signInContext must be {"@odata.type":"#microsoft.graph.applicationContext","includeApplications":["<app id>"]}.',
    );
  const u = w.requireUser(identity.userId);
  const appId = String(context.includeApplications[0] ?? 'All');
  const conds = (body.signInConditions ?? {}) as Body;
  const clientApp = ((conds.clientAppType as string) ?? 'browser') as EvalContext['clientApp'];
  const verdicts = evaluateConditionalAccess(w, u, {
    appId,
    clientApp,
    method: 'password',
    signInRisk: ((conds.signInRiskLevel as string) ?? 'none') as RiskLevel,
    userRisk: ((conds.userRiskLevel as string) ?? 'none') as RiskLevel,
  });
  const appliedOnly = body.appliedPoliciesOnly === true;
  return verdicts
    .filter((v) => v.result !== 'notEnabled')
    .filter(
      (v) =>
        !appliedOnly ||
        v.result === 'success' ||
        v.result === 'failure' ||
        v.result === 'reportOnlyFailure' ||
        v.result === 'reportOnlySuccess',
    )
    .map((v) => {
      const p = w.caPolicies.get(v.id.toLowerCase()) ?? {};
      const applied = !v.result.endsWith('otApplied');
      return {
        ...structuredClone(p),
        policyApplies: applied,
        analysisReasons: applied ? 'notSet' : analysisReasons(v.reasons),
      };
    });
}

export { AUTH_STRENGTHS };
