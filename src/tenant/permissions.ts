/**
 * Least privilege: which scopes to request for a runbook, and — after sign-in
 * — which declared permissions the token does not carry, which steps need
 * them, and where an administrator grants them. Runs before the first step
 * so a run never dies halfway on a 403.
 */
import { COVERED_ONLY_BY } from '../core/permission-rules.js';
import type { CloudResources } from '../config/clouds.js';
import type { Catalog } from '../core/catalog.js';
import type { PermissionSet, Runbook, RunbookStep } from '../core/runbook.js';
import { describeStep } from '../runbook/describe.js';
import { adminConsentUrl } from './auth.js';
import type { SignedInIdentity } from '../core/tenant.js';

export { splitScopes } from './split-scopes.js';

export type GrantKind = 'delegated' | 'app';

/** A permission that lets its holder change the tenant. Read-only runbooks never request one. */
export function isWritePermission(p: string): boolean {
  return /ReadWrite|\.Write(\.|$)|AccessAsUser|\.Manage(\.|$)|\.Send(\.|$)|FullControl|\.Create(\.|$)|\.Delete(\.|$)/i.test(
    p,
  );
}

function trim(r: string): string {
  return r.replace(/\/+$/, '');
}

/**
 * Scopes (full URIs) for the runbook's declared permissions.
 *  - delegated: `https://graph.microsoft.com/<Scope>` per Graph permission,
 *    `https://api.loganalytics.io/<Scope>` per Logs permission, and ARM's only
 *    delegated scope `user_impersonation` when ARM roles are declared (Azure RBAC,
 *    not the token, decides what ARM allows).
 *  - app-only: `<resource>/.default` per API used (the app's granted roles apply).
 * A read-only runbook never gets a write scope, whatever it declares.
 */
export function scopesFor(
  runbook: Pick<Runbook, 'permissions' | 'readOnly'>,
  kind: GrantKind,
  resources: CloudResources,
  /** The subset for one identity (see permissionsForIdentity); default: everything the runbook declares. */
  permissions?: Partial<PermissionSet>,
): string[] {
  const p = permissions ?? runbook.permissions;
  const keep = (list: string[] | undefined): string[] => {
    const wanted = [...new Set((list ?? []).filter((x) => !(runbook.readOnly && isWritePermission(x))))];
    // Ask for X.Read.Y only when X.ReadWrite.Y is not asked for too: the write scope covers the
    // read, and Entra refuses a scope nobody consented to even when its superset was consented.
    return wanted.filter((x) => !wanted.some((y) => y !== x && satisfies([y], x)));
  };
  const graph = keep(p.graph);
  const logs = keep(p.logs);
  const arm = p.arm ?? [];
  if (kind === 'app') {
    const out: string[] = [];
    if (graph.length) out.push(`${trim(resources.graph)}/.default`);
    if (logs.length) out.push(`${trim(resources.logs)}/.default`);
    if (arm.length) out.push(`${trim(resources.arm)}/.default`);
    return out;
  }
  return [
    ...graph.map((s) => `${trim(resources.graph)}/${s}`),
    ...logs.map((s) => `${trim(resources.logs)}/${s}`),
    ...(arm.length ? [`${trim(resources.arm)}/user_impersonation`] : []),
  ];
}

/** Step id → identity name, for every step and group child ('' = the default identity). */
export function identityOfSteps(runbook: Pick<Runbook, 'steps'>): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (steps: RunbookStep[]): void => {
    for (const s of steps) {
      out.set(s.id, s.identity ?? '');
      visit(s.children);
    }
  };
  visit(runbook.steps);
  return out;
}

type Api = 'graph' | 'logs' | 'arm';
const APIS: Api[] = ['graph', 'logs', 'arm'];

/**
 * The permissions one sign-in identity requests: least privilege per identity.
 *
 *  - A named identity (`identity: breakglass`) gets exactly what ITS steps need,
 *    spelled as the runbook declares it (a step needing X.Read.All is served by a
 *    declared X.ReadWrite.All, never by something undeclared when a declared one covers it).
 *  - The default identity keeps the runbook's declaration, minus what only
 *    named identities' steps need — so a runbook without identities behaves
 *    exactly as before, and a declared permission no step claims stays with
 *    the operator (fail open on attribution, never on the grant itself).
 */
export function permissionsForIdentity(
  runbook: Pick<Runbook, 'permissions' | 'steps'>,
  identity: string | undefined,
  steps: StepPermissions[],
): PermissionSet {
  const who = identityOfSteps(runbook);
  const mine = identity ?? '';
  const declared: PermissionSet = {
    graph: runbook.permissions.graph ?? [],
    logs: runbook.permissions.logs ?? [],
    arm: runbook.permissions.arm ?? [],
  };
  const need = (pred: (id: string) => boolean): Record<Api, string[]> => {
    const out: Record<Api, string[]> = { graph: [], logs: [], arm: [] };
    for (const s of steps) {
      if (!pred(who.get(s.stepId) ?? '')) continue;
      for (const api of APIS) for (const p of s.permissions[api] ?? []) if (!out[api].includes(p)) out[api].push(p);
    }
    return out;
  };
  const covers = (api: Api, have: string, wanted: string): boolean =>
    api === 'arm' ? have.toLowerCase() === wanted.toLowerCase() : satisfies([have], wanted);
  const out: PermissionSet = { graph: [], logs: [], arm: [] };
  const add = (api: Api, p: string): void => {
    if (!out[api].some((x) => x.toLowerCase() === p.toLowerCase())) out[api].push(p);
  };
  if (mine !== '') {
    const needed = need((id) => id === mine);
    for (const api of APIS) {
      for (const p of needed[api]) {
        const exact = declared[api].find((d) => d.toLowerCase() === p.toLowerCase());
        add(api, exact ?? declared[api].find((d) => covers(api, d, p)) ?? p);
      }
    }
    return out;
  }
  const own = need((id) => id === '');
  const others = need((id) => id !== '');
  for (const api of APIS) {
    for (const d of declared[api]) {
      const usedByOwn = own[api].some((p) => covers(api, d, p));
      const usedByOthers = others[api].some((p) => covers(api, d, p));
      if (usedByOwn || !usedByOthers) add(api, d);
    }
  }
  return out;
}

/** Does the grant satisfy the permission? `X.ReadWrite.Y` covers `X.Read.Y` (except where Graph says otherwise: core/permission-rules.ts). */
export function satisfies(granted: string[], permission: string): boolean {
  const g = new Set(granted.map((x) => x.toLowerCase()));
  const p = permission.toLowerCase();
  if (g.has(p)) return true;
  const only = COVERED_ONLY_BY[p];
  if (only) return only.some((x) => g.has(x));
  const rw = p.replace(/\.read(\.|$)/, '.readwrite$1');
  return rw !== p && g.has(rw);
}

export interface StepPermissions {
  stepId: string;
  title?: string;
  permissions: Partial<PermissionSet>;
}

export interface MissingPermission {
  api: 'graph' | 'logs';
  permission: string;
  /** Steps that need it (empty when only the runbook front matter declares it). */
  steps: { id: string; title?: string }[];
}

export interface PermissionReport {
  ok: boolean;
  missing: MissingPermission[];
  /** Azure RBAC roles cannot be read from a token: checked by ARM when a step runs. */
  armRoles: { role: string; steps: { id: string; title?: string }[] }[];
  /** Where an administrator grants the missing permissions (undefined when nothing is missing). */
  consentUrl?: string;
  /** One paragraph for the pre-run screen. */
  message: string;
}

export interface CheckPermissionsOptions {
  kind?: GrantKind;
  /** Per-step permissions; derived from the step kinds' describe() when omitted. */
  stepPermissions?: StepPermissions[];
  /** Granted Log Analytics scopes/roles (from a Logs token), when known. Unknown = not checked. */
  grantedLogs?: string[];
  consent?: { authorityHost: string; tenantId: string; clientId: string; resources: CloudResources };
}

/** Per-step permissions from the catalogue's step kinds. Steps whose config does not parse are skipped (validate reports them). */
export function stepPermissionsOf(runbook: Runbook, catalog: Catalog): StepPermissions[] {
  const out: StepPermissions[] = [];
  const visit = (steps: RunbookStep[]): void => {
    for (const s of steps) {
      // A misconfigured step is reported by validate; nothing to attribute here.
      const d = describeStep(s, catalog);
      if (d.ok) out.push({ stepId: s.id, title: s.title, permissions: d.description.permissions });
      visit(s.children);
    }
  };
  visit(runbook.steps);
  return out;
}

export async function checkPermissions(
  runbook: Runbook,
  identity: SignedInIdentity,
  catalog: Catalog,
  opts: CheckPermissionsOptions = {},
): Promise<PermissionReport> {
  const kind: GrantKind = opts.kind ?? (identity.kind === 'app' ? 'app' : 'delegated');
  const steps = opts.stepPermissions ?? stepPermissionsOf(runbook, catalog);
  const needs = new Map<string, MissingPermission>();
  const arm = new Map<string, { role: string; steps: { id: string; title?: string }[] }>();
  const add = (api: 'graph' | 'logs', p: string, step?: StepPermissions): void => {
    if (runbook.readOnly && isWritePermission(p)) return; // never requested; validate flags such a step
    const key = `${api}:${p.toLowerCase()}`;
    const m = needs.get(key) ?? { api, permission: p, steps: [] };
    if (step && !m.steps.some((s) => s.id === step.stepId))
      m.steps.push({ id: step.stepId, ...(step.title ? { title: step.title } : {}) });
    needs.set(key, m);
  };
  for (const p of runbook.permissions.graph ?? []) add('graph', p);
  for (const p of runbook.permissions.logs ?? []) add('logs', p);
  for (const s of steps) {
    for (const p of s.permissions.graph ?? []) add('graph', p, s);
    for (const p of s.permissions.logs ?? []) add('logs', p, s);
    for (const r of s.permissions.arm ?? []) {
      const a = arm.get(r) ?? { role: r, steps: [] };
      a.steps.push({ id: s.stepId, ...(s.title ? { title: s.title } : {}) });
      arm.set(r, a);
    }
  }
  for (const r of runbook.permissions.arm ?? []) if (!arm.has(r)) arm.set(r, { role: r, steps: [] });

  const missing = [...needs.values()].filter((m) => {
    if (m.api === 'graph') return !satisfies(identity.granted, m.permission);
    return opts.grantedLogs !== undefined && !satisfies(opts.grantedLogs, m.permission);
  });

  let consentUrl: string | undefined;
  if (missing.length && opts.consent) {
    const c = opts.consent;
    consentUrl =
      kind === 'delegated'
        ? adminConsentUrl(
            c.authorityHost,
            c.tenantId,
            c.clientId,
            missing.map((m) => `${trim(m.api === 'graph' ? c.resources.graph : c.resources.logs)}/${m.permission}`),
          )
        : adminConsentUrl(c.authorityHost, c.tenantId, c.clientId);
  }
  return {
    ok: missing.length === 0,
    missing,
    armRoles: [...arm.values()],
    ...(consentUrl ? { consentUrl } : {}),
    message: describeReport(missing, kind, identity, consentUrl),
  };
}

function describeReport(
  missing: MissingPermission[],
  kind: GrantKind,
  identity: SignedInIdentity,
  consentUrl?: string,
): string {
  if (missing.length === 0) return `${who(identity)} has every permission this runbook declares.`;
  const lines = missing.map((m) => {
    const api = m.api === 'graph' ? 'Microsoft Graph' : 'Log Analytics API';
    const steps = m.steps.length
      ? `needed by step${m.steps.length > 1 ? 's' : ''} ${m.steps.map((s) => `"${s.title ?? s.id}"`).join(', ')}`
      : 'declared by the runbook';
    return `  • ${api} ${m.permission} (${kind === 'app' ? 'application permission' : 'delegated'}) — ${steps}`;
  });
  return [
    `${who(identity)} is missing ${missing.length} permission${missing.length > 1 ? 's' : ''} this runbook needs:`,
    ...lines,
    consentUrl
      ? `An administrator can grant ${missing.length > 1 ? 'them' : 'it'} at ${consentUrl} — then sign in again.`
      : 'An administrator must grant them (Entra admin center → Enterprise applications → Permissions), then sign in again.',
  ].join('\n');
}

function who(i: SignedInIdentity): string {
  return i.kind === 'app' ? `The app ${i.appId ?? i.oid}` : `${i.upn ?? i.oid}`;
}
