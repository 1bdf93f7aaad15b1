/**
 * Authentication methods: the tenant-wide authentication methods policy and
 * per-user methods (TAP issue/consume, FIDO2 registration, deletion).
 *
 * A TAP is shown once: WorldState keeps only its sha256, so a second GET can
 * never return it — the same property Graph guarantees.
 */
import { randomInt } from 'node:crypto';
import type { WorldState } from './world-state.js';
import { WorldError, badRequest } from './errors.js';
import { sha256Hex } from './ids.js';
import type { Actor, AuthMethodRec, UserRec } from './state.js';
import { simulateSignIn } from './signins.js';
import { assertMayModify } from './admin-units.js';

type Body = Record<string, unknown>;
type TapRec = Extract<AuthMethodRec, { kind: 'temporaryAccessPass' }>;

export const METHOD_CONFIG_TYPES: Record<string, string> = {
  Fido2: '#microsoft.graph.fido2AuthenticationMethodConfiguration',
  TemporaryAccessPass: '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
  MicrosoftAuthenticator: '#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration',
  Sms: '#microsoft.graph.smsAuthenticationMethodConfiguration',
  Voice: '#microsoft.graph.voiceAuthenticationMethodConfiguration',
  Email: '#microsoft.graph.emailAuthenticationMethodConfiguration',
  SoftwareOath: '#microsoft.graph.softwareOathAuthenticationMethodConfiguration',
  X509Certificate: '#microsoft.graph.x509CertificateAuthenticationMethodConfiguration',
};

export function methodConfig(w: WorldState, id: string): Body | undefined {
  return w.authMethodsPolicy.configurations.find((c) => String(c.id).toLowerCase() === id.toLowerCase());
}

/** Is the user in scope of a method configuration (enabled, included, not excluded)? */
export function userTargetedBy(w: WorldState, u: UserRec, config: Body | undefined): boolean {
  if (!config || config.state !== 'enabled') return false;
  const groups = new Set(w.transitiveGroupsOf(u.id).map((g) => g.id));
  const hit = (t: Body): boolean => t.id === 'all_users' || groups.has(String(t.id)) || t.id === u.id;
  const inc = (config.includeTargets ?? []) as Body[];
  const exc = (config.excludeTargets ?? []) as Body[];
  return inc.some(hit) && !exc.some(hit);
}

const READ_ONLY_CONFIG_KEYS = new Set(['id', '@odata.context']);

/** PATCH …/authenticationMethodConfigurations/{id}: Graph requires the matching @odata.type. */
export function updateMethodConfig(w: WorldState, actor: Actor, id: string, body: Body): void {
  const cfg = methodConfig(w, id);
  if (!cfg)
    throw new WorldError(
      404,
      'ResourceNotFound',
      `Authentication method configuration '${id}' was not found. Known ids: ${Object.keys(METHOD_CONFIG_TYPES).join(', ')}.`,
    );
  const expected = METHOD_CONFIG_TYPES[String(cfg.id)];
  if (body['@odata.type'] !== expected)
    throw badRequest(
      `The request body must declare "@odata.type": "${expected}" for configuration '${String(cfg.id)}' (got ${body['@odata.type'] === undefined ? 'none' : JSON.stringify(body['@odata.type'])}).`,
      'BadRequest',
    );
  if (body.state !== undefined && body.state !== 'enabled' && body.state !== 'disabled')
    throw badRequest("state must be 'enabled' or 'disabled'.", 'BadRequest');
  if (cfg.id === 'TemporaryAccessPass') {
    const merged = { ...cfg, ...body };
    const len = Number(merged.defaultLength);
    if (!(len >= 8 && len <= 48)) throw badRequest('defaultLength must be between 8 and 48.', 'BadRequest');
    for (const k of ['defaultLifetimeInMinutes', 'minimumLifetimeInMinutes', 'maximumLifetimeInMinutes']) {
      const v = Number(merged[k]);
      if (!(v >= 10 && v <= 43200)) throw badRequest(`${k} must be between 10 and 43200 minutes.`, 'BadRequest');
    }
    if (Number(merged.minimumLifetimeInMinutes) > Number(merged.maximumLifetimeInMinutes))
      throw badRequest('minimumLifetimeInMinutes must not exceed maximumLifetimeInMinutes.', 'BadRequest');
  }
  if (cfg.id === 'Fido2' && body.keyRestrictions !== undefined) {
    const kr = body.keyRestrictions as Body;
    if (kr.enforcementType !== undefined && kr.enforcementType !== 'allow' && kr.enforcementType !== 'block')
      throw badRequest("keyRestrictions.enforcementType must be 'allow' or 'block'.", 'BadRequest');
  }
  for (const t of [...((body.includeTargets ?? []) as Body[]), ...((body.excludeTargets ?? []) as Body[])]) {
    if (t.id !== 'all_users' && !w.group(String(t.id)))
      throw badRequest(`Target '${String(t.id)}' is not 'all_users' or an existing group id.`, 'BadRequest');
  }
  const before = JSON.stringify(cfg);
  for (const [k, v] of Object.entries(body)) {
    if (READ_ONLY_CONFIG_KEYS.has(k) || k === '@odata.type') continue;
    if (k === 'includeTargets' || k === 'excludeTargets')
      cfg[k] = (v as Body[]).map((t) => ({
        targetType: t.targetType ?? 'group',
        id: t.id,
        ...(k === 'includeTargets' ? { isRegistrationRequired: t.isRegistrationRequired ?? false } : {}),
      }));
    else cfg[k] = v;
  }
  w.authMethodsPolicy.lastModifiedDateTime = w.nowIso();
  w.audit(actor, 'Authentication Methods Policy Update', 'Policy', [
    {
      id: String(cfg.id),
      displayName: String(cfg.id),
      type: 'Policy',
      userPrincipalName: null,
      modifiedProperties: [{ displayName: String(cfg.id), oldValue: before, newValue: JSON.stringify(cfg) }],
    },
  ]);
}

// ---------- Temporary Access Pass ----------

const TAP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%&*+=?';

export function tapUsability(
  w: WorldState,
  t: TapRec,
  owner?: UserRec,
): { isUsable: boolean; methodUsabilityReason: string } {
  const now = w.clock.nowMs();
  const start = Date.parse(t.startDateTime);
  if (t._used) return { isUsable: false, methodUsabilityReason: 'OneTimeUsed' };
  if (now < start) return { isUsable: false, methodUsabilityReason: 'NotYetValid' };
  if (now >= start + t.lifetimeInMinutes * 60_000) return { isUsable: false, methodUsabilityReason: 'Expired' };
  const u = owner ?? [...w.users.values()].find((x) => x._methods.includes(t));
  if (u && !userTargetedBy(w, u, methodConfig(w, 'TemporaryAccessPass')))
    return { isUsable: false, methodUsabilityReason: 'DisabledByPolicy' };
  return { isUsable: true, methodUsabilityReason: 'EnabledByPolicy' };
}

/** POST temporaryAccessPassMethods. Returns the record and the pass (the only time it exists in clear). */
export function createTap(w: WorldState, actor: Actor, userId: string, body: Body): { method: TapRec; pass: string } {
  const u = w.requireUser(userId);
  assertMayModify(w, actor, u.id, 'user');
  const cfg = methodConfig(w, 'TemporaryAccessPass');
  if (!userTargetedBy(w, u, cfg))
    throw badRequest(
      'Temporary Access Pass is not enabled for this user: enable the TemporaryAccessPass authentication method and include the user (or a group they are in) in its targets.',
      'badRequest',
    );
  const lifetime =
    body.lifetimeInMinutes === undefined ? Number(cfg!.defaultLifetimeInMinutes) : Number(body.lifetimeInMinutes);
  const min = Number(cfg!.minimumLifetimeInMinutes);
  const max = Number(cfg!.maximumLifetimeInMinutes);
  if (!Number.isInteger(lifetime) || lifetime < min || lifetime > max)
    throw badRequest(
      `lifetimeInMinutes must be between ${min} and ${max} (the tenant's Temporary Access Pass policy).`,
      'badRequest',
    );
  const policyOnce = cfg!.isUsableOnce === true;
  if (policyOnce && body.isUsableOnce === false)
    throw badRequest(
      'The tenant policy requires one-time Temporary Access Passes (isUsableOnce must be true).',
      'badRequest',
    );
  const isUsableOnce = policyOnce || body.isUsableOnce === true;
  const startDateTime =
    typeof body.startDateTime === 'string' ? new Date(Date.parse(body.startDateTime)).toISOString() : w.nowIso();
  if (startDateTime === 'Invalid Date') throw badRequest('startDateTime is not a valid date-time.', 'badRequest');
  const len = Number(cfg!.defaultLength) || 8;
  let pass = '';
  for (let i = 0; i < len; i++) pass += TAP_ALPHABET[randomInt(TAP_ALPHABET.length)];
  // A user holds at most one TAP: a new one replaces the old.
  u._methods = u._methods.filter((m) => m.kind !== 'temporaryAccessPass');
  const method: TapRec = {
    kind: 'temporaryAccessPass',
    id: w.ids.guid(),
    createdDateTime: w.nowIso(),
    startDateTime,
    lifetimeInMinutes: lifetime,
    isUsableOnce,
    _passHash: sha256Hex(pass),
    _used: false,
  };
  u._methods = [...u._methods, method];
  w.audit(actor, 'Admin registered security info', 'UserManagement', [
    w.userTarget(u, [{ displayName: 'StrongAuthenticationMethod', oldValue: null, newValue: '"TemporaryAccessPass"' }]),
  ]);
  return { method, pass };
}

const KIND_LABEL: Record<AuthMethodRec['kind'], string> = {
  fido2: 'Fido2',
  phone: 'Phone',
  microsoftAuthenticator: 'MicrosoftAuthenticator',
  email: 'Email',
  softwareOath: 'SoftwareOath',
  temporaryAccessPass: 'TemporaryAccessPass',
  windowsHelloForBusiness: 'WindowsHelloForBusiness',
  platformCredential: 'PlatformCredential',
  x509Certificate: 'X509Certificate',
  hardwareOath: 'HardwareOath',
  qrCodePin: 'QRCodePin',
  external: 'ExternalAuthenticationMethod',
};

export function deleteMethod(
  w: WorldState,
  actor: Actor,
  userId: string,
  kind: AuthMethodRec['kind'],
  methodId: string,
): void {
  const u = w.requireUser(userId);
  assertMayModify(w, actor, u.id, 'user');
  const idx = u._methods.findIndex((m) => m.kind === kind && m.id.toLowerCase() === methodId.toLowerCase());
  if (idx < 0)
    throw new WorldError(
      404,
      'itemNotFound',
      `The authentication method '${methodId}' was not found for user '${u.userPrincipalName}'.`,
    );
  u._methods = u._methods.filter((_, i) => i !== idx); // copy-on-write: method lists may be shared (large generated tenants)
  w.audit(actor, 'Admin deleted security info', 'UserManagement', [
    w.userTarget(u, [
      { displayName: 'StrongAuthenticationMethod', oldValue: JSON.stringify(KIND_LABEL[kind]), newValue: null },
    ]),
  ]);
}

/**
 * The operator registers a FIDO2 key at aka.ms/mysecurityinfo, signed in with
 * a TAP. Succeeds only if the TAP is valid, usable and unexpired,
 * FIDO2 is enabled for the user, and key restrictions allow the AAGUID.
 */
export function registerFido2(
  w: WorldState,
  args: { upn: string; tap: string; model?: string; aaGuid?: string; displayName?: string },
): Extract<AuthMethodRec, { kind: 'fido2' }> {
  const u = w.requireUser(args.upn);
  const tap = u._methods.find((m): m is TapRec => m.kind === 'temporaryAccessPass');
  if (!tap || tap._passHash !== sha256Hex(args.tap))
    throw new WorldError(
      401,
      'InvalidTemporaryAccessPass',
      `The Temporary Access Pass is not valid for ${u.userPrincipalName}. Create a new one and try again.`,
    );
  const usable = tapUsability(w, tap, u);
  if (!usable.isUsable)
    throw new WorldError(
      401,
      'TemporaryAccessPassNotUsable',
      `The Temporary Access Pass for ${u.userPrincipalName} cannot be used (${usable.methodUsabilityReason}). Create a new one.`,
    );
  const cfg = methodConfig(w, 'Fido2');
  if (!userTargetedBy(w, u, cfg))
    throw new WorldError(
      403,
      'Fido2NotEnabled',
      `Security keys (FIDO2) are not enabled for ${u.userPrincipalName} in the authentication methods policy.`,
    );
  const aaGuid = (args.aaGuid ?? 'cb69481e-8ff7-4039-93ec-0a2729a154a8').toLowerCase();
  const kr = (cfg!.keyRestrictions ?? {}) as { isEnforced?: boolean; enforcementType?: string; aaGuids?: string[] };
  if (kr.isEnforced) {
    const listed = (kr.aaGuids ?? []).map((g) => g.toLowerCase()).includes(aaGuid);
    if ((kr.enforcementType === 'allow' && !listed) || (kr.enforcementType === 'block' && listed))
      throw new WorldError(
        403,
        'Fido2KeyRestricted',
        `This security key (AAGUID ${aaGuid}) is not allowed by the tenant's FIDO2 key restrictions.`,
      );
  }
  if (tap.isUsableOnce) tap._used = true;
  // The TAP sign-in itself is a sign-in event (it shows in the logs and can trip alerts).
  recordTapSignIn(w, u);
  const m = {
    kind: 'fido2' as const,
    id: w.ids.guid(),
    displayName: args.displayName ?? 'Security key',
    model: args.model ?? 'YubiKey 5 NFC',
    aaGuid,
    attestationLevel: 'attested',
    createdDateTime: w.nowIso(),
  };
  u._methods = [...u._methods, m];
  w.audit({ kind: 'user', id: u.id, name: u.userPrincipalName }, 'User registered security info', 'UserManagement', [
    w.userTarget(u, [{ displayName: 'StrongAuthenticationMethod', oldValue: null, newValue: '"Fido2"' }]),
  ]);
  return m;
}

function recordTapSignIn(w: WorldState, u: UserRec): void {
  simulateSignIn(w, {
    upn: u.userPrincipalName,
    method: 'temporaryAccessPass',
    app: 'My Signins',
    appId: '19db86c3-b2b9-44cc-b339-36da233a3be2',
  });
}
