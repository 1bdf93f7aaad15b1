/**
 * The real reach of a change, read from the requests it is about to send and the state read
 * before them — never from the step's or the action's title. A preview's sentence is written
 * by the action; this is the check on it: when a request enables something for every user,
 * every application or the whole directory, the headline says so first, whatever the sentence
 * says (a "for group X" change whose policy already targets all users reaches all users).
 *
 * Markers, each as Microsoft documents it:
 *  - authenticationMethodTarget id "all_users" — every user in the tenant
 *    (https://learn.microsoft.com/graph/api/resources/authenticationmethodtarget);
 *    a PATCH that leaves state "enabled" with that target turns the method on for everyone,
 *    unless it was already enabled for everyone before;
 *  - conditionalAccessUsers includeUsers "All" and conditionalAccessApplications
 *    includeApplications "All" (https://learn.microsoft.com/graph/api/resources/conditionalaccessusers,
 *    https://learn.microsoft.com/graph/api/resources/conditionalaccessapplications);
 *  - unifiedRoleAssignment / unifiedRoleAssignmentScheduleRequest directoryScopeId "/" — the whole
 *    tenant (https://learn.microsoft.com/graph/api/resources/unifiedroleassignment), and the role
 *    actually named by roleDefinitionId
 *    (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference);
 *  - POST /groups/{id}/members/$ref — the new member gets what the group carries, read before it
 *    (src/actions/groups/membership-reach.ts): the roles a role-assignable group holds
 *    (https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept) and the
 *    Conditional Access policies that exclude the group
 *    (https://learn.microsoft.com/graph/api/resources/conditionalaccessusers).
 */
import type { ActionPreview, PlannedRequest } from '../core/events.js';
import { entraRoleName } from '../config/entra-roles.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);
const hasAll = (v: unknown, word: string): boolean =>
  list(v).some((x) => typeof x === 'string' && x.toLowerCase() === word.toLowerCase());

function everyoneTargeted(o: unknown): boolean {
  return at(o, 'state') === 'enabled' && list(at(o, 'includeTargets')).some((t) => at(t, 'id') === 'all_users');
}

/** What one request reaches beyond a named object, as a person would say it. */
function scopesOf(req: PlannedRequest, said: string): string[] {
  const body = req.body;
  const before = req.current;
  if (!isObj(body)) return [];
  const out: string[] = [];
  // Authentication methods policy: enabled for all_users after, and not already so before.
  if (everyoneTargeted(body) && !everyoneTargeted(before))
    out.push('every user in the tenant (the method’s targets include all users)');
  // Conditional Access: a policy that includes all users / all applications (new, or newly so).
  const users = at(body, 'conditions', 'users', 'includeUsers');
  if (hasAll(users, 'All') && !hasAll(at(before, 'conditions', 'users', 'includeUsers'), 'All'))
    out.push('every user in the tenant (the policy includes all users)');
  const apps = at(body, 'conditions', 'applications', 'includeApplications');
  if (hasAll(apps, 'All') && !hasAll(at(before, 'conditions', 'applications', 'includeApplications'), 'All'))
    out.push('every application (the policy includes all applications)');
  // Directory roles: the role the body names, and scope "/" (the whole tenant), when the sentence
  // does not already say them — a sentence naming a narrower role or scope is the wider-than-named case.
  if (typeof body.roleDefinitionId === 'string') {
    const role =
      entraRoleName(body.roleDefinitionId.toLowerCase()) ?? `the role with template id ${body.roleDefinitionId}`;
    if (!said.includes(role.toLowerCase())) out.push(`${role} (the role the request assigns)`);
    if (body.directoryScopeId === '/' && !/tenant-wide|scope "\/"|whole directory/.test(said))
      out.push('the whole directory (the assignment’s scope is every object in the tenant)');
  }
  // Group membership: whatever the group carries is every new member's.
  if (req.method === 'POST' && /^\/groups\/[^/]+\/members\/\$ref$/.test(req.path)) {
    const words = (v: unknown) => list(v).filter((x): x is string => typeof x === 'string');
    const roles = words(at(before, 'heldRoles'));
    if (roles.length) out.push(`${roles.join(', ')} (roles the group holds: every member has them)`);
    const policies = words(at(before, 'excludedFrom'));
    if (policies.length)
      out.push(`sign-in without ${policies.join(', ')} (Conditional Access policies that exclude the group)`);
  }
  return out;
}

/** The wide scopes of a preview's requests, each once, in the order the requests are sent. */
export function widerScopes(sends: readonly PlannedRequest[] | undefined, summary = ''): string[] {
  const seen = new Set<string>();
  for (const r of sends ?? []) for (const s of scopesOf(r, summary.toLowerCase())) seen.add(s);
  return [...seen];
}

/** The preview as the operator sees it: its `scope` read from its requests, whatever the action set. */
export function withScope<P extends ActionPreview>(p: P): P {
  const out: P = { ...p };
  delete out.scope;
  const scope = widerScopes(p.sends, p.summary);
  if (scope.length) out.scope = scope;
  return out;
}

/**
 * The headline a person reads first: the real reach, then the action's sentence.
 * "Reaches every user in the tenant (…) — Enable Temporary Access Pass for …".
 */
export function headlineOf(p: Pick<ActionPreview, 'summary' | 'scope' | 'alreadyDone'>): string {
  if (p.alreadyDone || !p.scope?.length) return p.summary;
  return `Reaches ${p.scope.join(' and ')} — ${p.summary}`;
}
