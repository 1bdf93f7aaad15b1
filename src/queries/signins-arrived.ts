/**
 * Have the drill's sign-ins reached the Log Analytics workspace? Polled by the
 * alert-verification drill after the operator signs
 * in (success, then a deliberate failure). Reports ingestion latency — from
 * the sign-in's own TimeGenerated to the poll that first saw it, so its
 * resolution is the poll interval — and the ConditionalAccessStatus and
 * authentication methods on the rows.
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { kqlString } from '../actions/monitoring/kql.js';

const Args = z.strictObject({
  /** Log Analytics workspace id (the GUID "workspace ID", not the resource id). */
  workspace: z.string().uuid(),
  accounts: z.array(z.string().email()).min(1),
  /** T0: only sign-ins at or after this instant count. */
  since: z.string().datetime({ offset: true }),
  expect: z
    .array(z.enum(['success', 'failure']))
    .min(1)
    .default(['success', 'failure']),
  /** The successful sign-in must have used FIDO2 / passkey (quarterly validation). */
  requirePhishingResistant: z.boolean().default(false),
  /** e.g. notApplied: proof the CA exclusion engaged rather than the policy not matching. */
  expectCaStatus: z.enum(['notApplied', 'success', 'failure']).optional(),
});

const PHISHING_RESISTANT = /fido2|passkey|windows hello|certificate/i;

export const query: Query<z.infer<typeof Args>> = {
  id: 'signins.arrived',
  title: 'Wait for the sign-ins to arrive in Log Analytics',
  permissions: { logs: ['Data.Read'] },
  outputs: ['done', 'rows', 'signInAt', 'arrivedAt', 'ingestionLatencyMs', 'conditionalAccessStatus', 'methods'],
  args: Args,
  async run(a, { tenant, now }) {
    const kql = [
      'SigninLogs',
      `| where tolower(UserPrincipalName) in (${a.accounts.map((u) => kqlString(u.toLowerCase())).join(', ')})`,
      '| project TimeGenerated, UserPrincipalName, ResultType, ConditionalAccessStatus, AuthenticationDetails',
      '| order by TimeGenerated asc',
    ].join('\n');
    const tables = await tenant.logs.query(a.workspace, kql, 'P1D');
    const t = tables[0];
    const col = (name: string) => t?.columns.findIndex((c) => c.name === name) ?? -1;
    const [iT, iU, iR, iC, iA] = [
      'TimeGenerated',
      'UserPrincipalName',
      'ResultType',
      'ConditionalAccessStatus',
      'AuthenticationDetails',
    ].map(col) as [number, number, number, number, number];
    const since = Date.parse(a.since);
    const rows = (t?.rows ?? [])
      .map((r) => ({
        at: String(r[iT] instanceof Date ? r[iT].toISOString() : r[iT]),
        upn: String(r[iU]),
        result: String(r[iR]),
        ca: String(r[iC] ?? ''),
        methods: typeof r[iA] === 'string' ? r[iA] : JSON.stringify(r[iA] ?? ''),
      }))
      .filter((r) => Date.parse(r.at) >= since);
    const success = rows.filter((r) => r.result === '0');
    const failure = rows.filter((r) => r.result !== '0');
    const done = a.expect.every((e) => (e === 'success' ? success.length : failure.length) > 0);
    const first = rows[0];
    const arrivedAt = now().toISOString();
    const problems: string[] = [];
    if (done && a.requirePhishingResistant && !success.some((r) => PHISHING_RESISTANT.test(r.methods))) {
      problems.push('the successful sign-in did not use a phishing-resistant method (FIDO2/passkey)');
    }
    if (done && a.expectCaStatus) {
      const odd = [...new Set(success.map((r) => r.ca))].filter((c) => c !== a.expectCaStatus);
      if (odd.length) problems.push(`ConditionalAccessStatus was ${odd.join(', ')}, expected ${a.expectCaStatus}`);
    }
    const verdict = !done ? undefined : problems.length ? ('fail' as const) : ('pass' as const);
    return {
      ...(verdict ? { verdict } : {}),
      outputs: {
        done,
        rows: rows.length,
        signInAt: first?.at ?? null,
        arrivedAt: done ? arrivedAt : null,
        ingestionLatencyMs: done && first ? Date.parse(arrivedAt) - Date.parse(first.at) : null,
        conditionalAccessStatus: [...new Set(rows.map((r) => r.ca))],
        methods: [...new Set(success.map((r) => r.methods))],
      },
      summary: problems.length
        ? problems.join('; ')
        : done
          ? `${rows.length} sign-in row(s) arrived (${success.length} success, ${failure.length} failure); CA status ${[...new Set(rows.map((r) => r.ca))].join(', ')}`
          : `waiting: ${success.length} success / ${failure.length} failure row(s) so far`,
    };
  },
};
