/**
 * `action`: one named tenant mutation (`action: tap.create`, `with:` args).
 *
 * Order matters for crash safety: read (preview) → operator approves →
 * journal intent → apply → journal outcome. If the tenant already is in the
 * desired state nothing is sent ('already-done'). After a crash between
 * intent and outcome, reconcile() reads the tenant instead of re-sending.
 */
import { z } from 'zod';
import type { ActionContext } from '../core/action.js';
import type { ActionPreview } from '../core/events.js';
import type { AnyAction } from '../core/catalog.js';
import type { StepContext, StepCatalog, StepKind } from '../core/step.js';
import { StepConfigError } from '../core/step-config-error.js';
import { errorResult } from './explain.js';
import { confirmedBy, grantsOf, isPrivilege, typedConfirmations } from './confirmations.js';
import { headlineOf, withScope } from './preview-scope.js';

const schema = z.strictObject({
  action: z.string().min(1),
});
export type ActionStepConfig = z.infer<typeof schema>;

const CONFIRM_TRIES = 3;

function actionOf(config: ActionStepConfig, catalog: StepCatalog): AnyAction {
  const a = catalog.action(config.action);
  if (!a) {
    const known = catalog.actions().map((x) => x.id);
    throw new StepConfigError(
      `unknown action "${config.action}"`,
      ['action'],
      known.length ? `known actions: ${known.join(', ')}` : 'no actions are registered',
    );
  }
  return a;
}

function parseArgs(action: AnyAction, args: unknown): { ok: true; args: unknown } | { ok: false; message: string } {
  const parsed = action.args.safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data };
  const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'with'}: ${i.message}`).join('; ');
  return { ok: false, message };
}

async function actionContext(ctx: StepContext<unknown>): Promise<ActionContext> {
  return { tenant: await ctx.tenant(), secrets: ctx.secrets, signal: ctx.signal };
}

export const kind: StepKind<ActionStepConfig> = {
  name: 'action',
  schema,
  mayMutate: true,
  describe(config, _step, catalog) {
    const a = actionOf(config, catalog);
    return {
      mutating: true,
      destructive: a.destructive,
      risk: a.risk,
      ...(a.risk === 'privilege' ? { grants: a.grants ?? a.title } : {}),
      permissions: a.permissions,
      outputs: a.outputs,
      needsTenant: true,
    };
  },
  withArgs(catalog) {
    return catalog.actions().map((a) => ({ when: a.id, args: a.args }));
  },
  secretsUsed(config, args, run) {
    const action = actionOf(config, run.catalog);
    const parsed = action.secretsUsed ? parseArgs(action, args) : undefined;
    return parsed?.ok ? action.secretsUsed!(parsed.args) : [];
  },
  async run(ctx) {
    const action = actionOf(ctx.config, ctx.catalog);
    const parsed = parseArgs(action, ctx.args);
    if (!parsed.ok) {
      return {
        status: 'error',
        summary: `${action.id}: invalid arguments: ${parsed.message}`,
        outputs: {},
        evidence: [],
        error: {
          what: `Arguments for ${action.id} are invalid`,
          cause: parsed.message,
          todo: 'Fix the step’s `with:` in the runbook, or the inputs it references.',
        },
      };
    }
    const args = parsed.args;
    let actx: ActionContext | undefined;
    try {
      actx = await actionContext(ctx);
      // The risk class is the action's declaration, not the preview's say-so: a preview cannot make a grant routine.
      // The reach is read from the requests about to be sent, not from the preview's sentence.
      const preview: ActionPreview = withScope({ ...(await action.preview(args, actx)), risk: action.risk });
      if (action.risk === 'privilege' && !preview.grants?.length)
        preview.grants = [{ principal: preview.target, gains: action.grants ?? action.title }];
      const key = action.key(args);
      if (preview.alreadyDone) {
        // Nothing to send; read the outputs (ids etc.) from the tenant so later steps can use them.
        const state = await action.reconcile(args, actx);
        await ctx.journal.outcome({ actionId: action.id, key, status: 'already-done', outputs: state.outputs ?? {} });
        return {
          status: 'done',
          summary: `Already done: ${preview.summary}`,
          outputs: state.outputs ?? {},
          evidence: actx.tenant.drainEvidence(),
        };
      }
      let approved = false;
      for (let i = 0; i < CONFIRM_TRIES && !approved; i++) {
        const answer = await ctx.operator.ask({ type: 'action', instanceId: ctx.instanceId, preview }, ctx.signal);
        if (!answer.approved) {
          await ctx.journal.answer('action', { approved: false });
          return {
            status: 'fail',
            summary: `Not approved: ${preview.summary}`,
            outputs: {},
            evidence: actx.tenant.drainEvidence(),
          };
        }
        const typed =
          answer.typed === undefined ? undefined : Array.isArray(answer.typed) ? answer.typed : [answer.typed];
        if (!confirmedBy(preview, typed)) {
          ctx.log(
            'warn',
            `Not confirmed. ${typedConfirmations(preview)
              .map((c) => `${c.prompt}: type exactly ${c.want}`)
              .join('; ')}.`,
          );
          continue;
        }
        approved = true;
      }
      if (!approved) {
        return {
          status: 'fail',
          summary: `${isPrivilege(preview) ? 'Privilege change' : 'Destructive change'} not confirmed: ${preview.summary}`,
          outputs: {},
          evidence: actx.tenant.drainEvidence(),
        };
      }
      // Who approved what: the names typed are the principals' names (never secrets).
      await ctx.journal.answer(
        'action',
        isPrivilege(preview)
          ? {
              approved: true,
              risk: 'privilege',
              grants: grantsOf(preview).map((g) => ({ principal: g.principal.name, gains: g.gains })),
            }
          : { approved: true },
      );
      await ctx.journal.intent({ actionId: action.id, key, args, preview });
      let outputs: Record<string, unknown>;
      try {
        outputs = (await action.apply(args, actx)).outputs;
      } catch (err) {
        // The intent stays matched: a retry reads the tenant again (preview) before sending anything.
        await ctx.journal.outcome({ actionId: action.id, key, status: 'failed' });
        return errorResult(`${action.title} failed`, err, actx.tenant.drainEvidence());
      }
      await ctx.journal.outcome({ actionId: action.id, key, status: 'applied', outputs });
      return { status: 'done', summary: headlineOf(preview), outputs, evidence: actx.tenant.drainEvidence() };
    } catch (err) {
      return errorResult(`${action.title} could not run`, err, actx?.tenant.drainEvidence() ?? []);
    }
  },
  async reconcile(ctx, pending) {
    const action = ctx.catalog.action(pending.actionId) ?? actionOf(ctx.config, ctx.catalog);
    const actx = await actionContext(ctx);
    if (pending.at) actx.intentAt = pending.at;
    const parsed = parseArgs(action, pending.args);
    if (!parsed.ok) throw new Error(`the journaled arguments for ${action.id} no longer parse: ${parsed.message}`);
    return action.reconcile(parsed.args, actx);
  },
};
