/**
 * BG-028: few principals hold Global Administrator, the break-glass accounts among them. Two sealed
 * accounts are worth little in a tenant where many standing administrators can do what they do.
 *
 * Sources:
 *  - Microsoft, "Best practices for Microsoft Entra roles", 5. Limit the number of Global Administrators
 *    to less than 5: "Microsoft recommends that you assign the Global Administrator role to fewer than
 *    five people in your organization"; with 5 or more "a Global Administrators alert card is displayed
 *    on the Microsoft Entra Overview page"
 *    (https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices#5-limit-the-number-of-global-administrators-to-less-than-5).
 *  - CISA SCuBA baseline MS.AAD.7.1v1: "A minimum of two users and a maximum of eight users SHALL be
 *    provisioned with the Global Administrator role … additional user accounts, up to eight, may be
 *    necessary to support emergency access"; its instructions count each user once, direct and through
 *    group membership, eligible and active
 *    (https://github.com/cisagov/ScubaGear/blob/main/PowerShell/ScubaGear/baselines/aad.md#msaad71v1).
 *
 * Who counts, each once: users assigned the role (active — permanent or time-bound — or PIM-eligible),
 * the members of a role-assignable group assigned it, and service principals assigned it (a standing
 * credential with the same power; SCuBA counts users only, so this is the stricter reading).
 *  - pass: fewer than five (Learn);
 *  - warn: five to eight (over Learn's line, within SCuBA's), naming who, break-glass accounts marked;
 *  - fail: more than eight (over SCuBA's maximum);
 *  - error: an assignment, eligibility, principal or group-member read failed — never a pass on an unknown.
 * Without Microsoft Entra ID P2 there is no PIM: the eligibility read answers with Microsoft's licence
 * error, and only active assignments are counted (the reason says so), as BG-003 reads the same answer.
 * Not counted: PIM for Groups eligible members of a group that holds the role (not read).
 */
import type { CheckDefinition } from '../core/check.js';
import type { ObjectRef } from '../core/events.js';
import { GLOBAL_ADMIN_ROLE, type DirObject, type TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { errorResult, finding, readError, result, type Finding } from './result.js';

const reads = ['users', 'roleAssignments.ga', 'roleEligibility.ga', 'gaPrincipals'];

/** Learn: "fewer than five". */
export const LEARN_LIMIT = 5;
/** SCuBA MS.AAD.7.1v1: "a maximum of eight users". */
export const SCUBA_MAXIMUM = 8;

const TYPE: Record<string, string> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
  '#microsoft.graph.servicePrincipal': 'servicePrincipal',
};

interface Holder {
  ref: ObjectRef;
  how: Set<string>;
}

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-028',
  title: 'Fewer than five principals hold Global Administrator',
  severity: 'medium',
  rationale:
    'Break-glass accounts count among the Global Administrators, and two sealed accounts keep their point only if few others hold the same standing power: Microsoft recommends fewer than five, and the CISA SCuBA baseline (MS.AAD.7.1v1) allows up to eight to make room for emergency accounts.',
  // Microsoft Learn only (src/checks/sources.test.ts); CISA's baseline is cited above and on the check's page.
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices#5-limit-the-number-of-global-administrators-to-less-than-5',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    const remediation =
      'Move everyone who does not need the whole tenant to a least-privileged role (https://learn.microsoft.com/entra/identity/role-based-access-control/delegate-by-task), and keep the few who do eligible in PIM rather than active; keep the break-glass accounts permanent (BG-003).';
    const { roleAssignments: ra, roleEligibility: re, gaPrincipals: gp } = snap;
    if (!ra.ok)
      return errorResult(check, `could not read Global Administrator assignments: ${readError(ra)}`, remediation);
    // Without Entra ID P2 there is no PIM, so nobody is eligible: Microsoft answers the read with its licence error.
    const noPim = !re.ok && re.licence !== undefined;
    if (!re.ok && !noPim)
      return errorResult(check, `could not read Global Administrator eligibility: ${readError(re)}`, remediation);
    if (!gp.ok)
      return errorResult(check, `could not read who holds Global Administrator: ${readError(gp)}`, remediation);

    const ga = (x: { roleDefinitionId: string }) => x.roleDefinitionId.toLowerCase() === GLOBAL_ADMIN_ROLE;
    const held = new Map<string, Set<string>>();
    const hold = (id: string, how: string) => {
      const k = id.toLowerCase();
      (held.get(k) ?? held.set(k, new Set()).get(k)!).add(how);
    };
    for (const a of ra.value.filter(ga)) hold(a.principalId, 'active');
    if (re.ok) for (const e of re.value.filter(ga)) hold(e.principalId, 'eligible');

    const breakGlass = new Set(
      snap.accounts.flatMap((a) => (a.user.ok && a.user.value ? [a.user.value.id.toLowerCase()] : [])),
    );
    const holders = new Map<string, Holder>();
    const count = (o: DirObject, type: string, how: Iterable<string>) => {
      const k = o.id.toLowerCase();
      const h = holders.get(k) ?? {
        ref: { type, id: o.id, name: o.userPrincipalName ?? o.displayName ?? o.id },
        how: new Set<string>(),
      };
      for (const x of how) h.how.add(x);
      holders.set(k, h);
    };
    const errors: Finding[] = [];
    for (const [id, how] of held) {
      const p = gp.value[id];
      const unknownRef: ObjectRef = { type: 'directoryObject', id, name: id };
      if (!p) {
        errors.push(finding(unknownRef, 'error', 'holds Global Administrator, but who it is was not read'));
        continue;
      }
      if (!p.object.ok) {
        errors.push(
          finding(unknownRef, 'error', `holds Global Administrator; could not read who it is: ${readError(p.object)}`),
        );
        continue;
      }
      // An assignment whose principal no longer exists: counted (the stricter reading), named by its id.
      const o = p.object.value ?? { id, displayName: `${id} (not found)` };
      const type = TYPE[o['@odata.type'] ?? ''] ?? 'directoryObject';
      if (type !== 'group') {
        count(o, type, how);
        continue;
      }
      // A role-assignable group cannot hold another group (https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept):
      // its members are who hold the role.
      const name = o.displayName ?? o.id;
      if (!p.members) errors.push(finding({ type: 'group', id: o.id, name }, 'error', 'its members were not read'));
      else if (!p.members.ok)
        errors.push(
          finding({ type: 'group', id: o.id, name }, 'error', `could not read its members: ${readError(p.members)}`),
        );
      else
        for (const m of p.members.value)
          count(
            m,
            TYPE[m['@odata.type'] ?? ''] ?? 'directoryObject',
            [...how].map((h) => `${h} through ${name}`),
          );
    }
    if (errors.length)
      return result(check, {
        verdict: 'error',
        reason: `cannot count the Global Administrators: ${errors
          .slice(0, 3)
          .map((f) => `${f.object.name}: ${f.reason}`)
          .join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}`,
        findings: errors,
        remediation,
      });

    const list = [...holders.entries()].sort(([a], [b]) => Number(breakGlass.has(b)) - Number(breakGlass.has(a)));
    const n = list.length;
    const verdict = n < LEARN_LIMIT ? 'pass' : n <= SCUBA_MAXIMUM ? 'warn' : 'fail';
    const describe = ([k, h]: [string, Holder]) => {
      const tags = [
        ...(breakGlass.has(k) ? ['break-glass'] : []),
        ...(h.ref.type === 'servicePrincipal' ? ['service principal'] : []),
        ...[...h.how].filter((x) => x !== 'active'),
      ];
      return tags.length ? `${h.ref.name} (${tags.join(', ')})` : h.ref.name;
    };
    const findings = list.map(([k, h]) =>
      finding(
        h.ref,
        breakGlass.has(k) ? 'pass' : verdict,
        `${breakGlass.has(k) ? 'break-glass account; ' : ''}${[...h.how].join(', ')}`,
      ),
    );
    const who = list.map(describe).join(', ');
    const pim = noPim
      ? ' — active assignments only: the tenant has no Microsoft Entra ID P2, so no PIM eligibility'
      : '';
    const counted = `${n} principal${n === 1 ? '' : 's'} hold${n === 1 ? 's' : ''} Global Administrator${pim}`;
    const reason =
      verdict === 'pass'
        ? `${counted}, fewer than Microsoft's five: ${who || 'none'}`
        : verdict === 'warn'
          ? `${counted}: Microsoft recommends fewer than five (CISA allows up to eight): ${who}`
          : `${counted}: more than CISA's maximum of eight (Microsoft recommends fewer than five): ${who}`;
    return result(check, { verdict, reason, findings, remediation });
  },
};
