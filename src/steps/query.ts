/**
 * `query`: a named tenant read whose outputs later steps use
 * (`query: signins.recent`, `with:` args). Never mutates.
 */
import { z } from 'zod';
import type { AnyQuery } from '../core/catalog.js';
import type { StepCatalog, StepKind } from '../core/step.js';
import { StepConfigError } from '../core/step-config-error.js';
import { errorResult } from './explain.js';

const schema = z.strictObject({
  query: z.string().min(1),
});
export type QueryStepConfig = z.infer<typeof schema>;

export function queryOf(id: string, path: (string | number)[], catalog: StepCatalog): AnyQuery {
  const q = catalog.query(id);
  if (!q) {
    const known = catalog.queries().map((x) => x.id);
    throw new StepConfigError(
      `unknown query "${id}"`,
      path,
      known.length ? `known queries: ${known.join(', ')}` : 'no queries are registered',
    );
  }
  return q;
}

export function parseQueryArgs(
  q: AnyQuery,
  args: unknown,
): { ok: true; args: unknown } | { ok: false; message: string } {
  const parsed = q.args.safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues.map((i) => `${i.path.join('.') || 'with'}: ${i.message}`).join('; '),
  };
}

export const kind: StepKind<QueryStepConfig> = {
  name: 'query',
  schema,
  mayMutate: false,
  describe(config, _step, catalog) {
    const q = queryOf(config.query, ['query'], catalog);
    return { mutating: false, destructive: false, permissions: q.permissions, outputs: q.outputs, needsTenant: true };
  },
  withArgs(catalog) {
    return catalog.queries().map((q) => ({ when: q.id, args: q.args }));
  },
  async run(ctx) {
    const q = queryOf(ctx.config.query, ['query'], ctx.catalog);
    const parsed = parseQueryArgs(q, ctx.args);
    if (!parsed.ok) {
      return {
        status: 'error',
        summary: `${q.id}: invalid arguments: ${parsed.message}`,
        outputs: {},
        evidence: [],
        error: {
          what: `Arguments for ${q.id} are invalid`,
          cause: parsed.message,
          todo: 'Fix the step’s `with:` in the runbook, or the inputs it references.',
        },
      };
    }
    let tenant;
    try {
      tenant = await ctx.tenant();
      const out = await q.run(parsed.args, { tenant, signal: ctx.signal, now: () => ctx.clock.now() });
      // A query may judge what it read (drill latency over the threshold…): that is the step's status.
      return {
        status: out.verdict ?? 'done',
        summary: out.summary,
        outputs: out.outputs,
        evidence: tenant.drainEvidence(),
      };
    } catch (err) {
      return errorResult(`${q.title} could not be read`, err, tenant?.drainEvidence() ?? []);
    }
  },
};
