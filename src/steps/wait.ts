/**
 * `wait`: polls a query until its `done` output is true — e.g. until the
 * operator has registered the FIDO2 key at aka.ms/mysecurityinfo, or until
 * the test sign-in shows up in the logs. Emits progress (fraction + deadline)
 * for a progress bar and countdown. A timeout fails the step (the operator
 * may retry or override).
 *
 *   wait: fido2.registered
 *   with: { upn: "${inputs.account}" }
 *   timeout: PT15M          # default PT15M
 *   interval: PT10S         # default PT10S
 *   simulate:               # practice tenant only: act on the operator's behalf
 *     registerFido2: { upn: "${inputs.account}", tapSecret: tap-bg1, model: "YubiKey 5 NFC" }
 */
import { z } from 'zod';
import type { StepKind } from '../core/step.js';
import { StepConfigError } from '../core/step-config-error.js';
import { parseIsoDuration, formatMs } from './durations.js';
import { parseQueryArgs, queryOf } from './query.js';
import { errorResult } from './explain.js';

const isoDuration = z
  .string()
  .refine(
    (s) => parseIsoDuration(s) !== undefined && parseIsoDuration(s)! > 0,
    'an ISO-8601 duration like PT15M or PT10S',
  );

const schema = z.strictObject({
  wait: z.string().min(1),
  timeout: isoDuration.default('PT15M'),
  interval: isoDuration.default('PT10S'),
  simulate: z
    .strictObject({
      registerFido2: z
        .strictObject({ upn: z.string().min(1), tapSecret: z.string().min(1), model: z.string().optional() })
        .optional(),
      signIn: z
        .strictObject({
          upn: z.string().min(1),
          method: z.enum(['fido2', 'password']).default('fido2'),
          fail: z.boolean().default(false),
        })
        .optional(),
    })
    .optional(),
});
export type WaitConfig = z.infer<typeof schema>;

export const kind: StepKind<WaitConfig> = {
  name: 'wait',
  schema,
  mayMutate: false,
  describe(config, _step, catalog) {
    const q = queryOf(config.wait, ['wait'], catalog);
    if (!q.outputs.includes('done')) {
      throw new StepConfigError(
        `query "${q.id}" has no "done" output, so a wait step cannot poll it`,
        ['wait'],
        'use it in a `query` step instead',
      );
    }
    return { mutating: false, destructive: false, permissions: q.permissions, outputs: q.outputs, needsTenant: true };
  },
  withArgs(catalog) {
    return catalog
      .queries()
      .filter((q) => q.outputs.includes('done'))
      .map((q) => ({ when: q.id, args: q.args }));
  },
  // Only the practice tenant's simulated operator needs the pass; a real operator already has it from the screen.
  secretsUsed(config, _args, run) {
    const tap = config.simulate?.registerFido2?.tapSecret;
    return run.practice && tap ? [tap] : [];
  },
  async run(ctx) {
    const q = queryOf(ctx.config.wait, ['wait'], ctx.catalog);
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
          todo: 'Fix the step’s `with:` in the runbook.',
        },
      };
    }
    const timeoutMs = parseIsoDuration(ctx.config.timeout)!;
    const intervalMs = parseIsoDuration(ctx.config.interval)!;
    const start = ctx.clock.now().getTime();
    const deadline = new Date(start + timeoutMs);
    let simulated = false;
    let lastError: unknown;
    let tenant;
    try {
      tenant = await ctx.tenant();
    } catch (err) {
      return errorResult(`Cannot wait for ${q.title}`, err);
    }
    const evidence = [];
    // What the last poll found, for the wait screen: the deadline has its own countdown there.
    let lastFound: string;
    for (;;) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
      try {
        const out = await q.run(parsed.args, { tenant, signal: ctx.signal, now: () => ctx.clock.now() });
        lastError = undefined;
        lastFound = out.summary;
        evidence.push(...tenant.drainEvidence());
        if (out.outputs['done'] === true) {
          const took = ctx.clock.now().getTime() - start;
          ctx.progress(out.summary, 1, deadline);
          return {
            status: out.verdict ?? 'done',
            summary: `${out.summary} (after ${formatMs(took)})`,
            outputs: out.outputs,
            evidence,
          };
        }
        if (!simulated && ctx.config.simulate) {
          simulated = true;
          await simulate(ctx);
        }
      } catch (err) {
        // A transient read failure is not the end of a wait; the deadline is.
        lastError = err;
        lastFound = `the read failed (${err instanceof Error ? err.message : String(err)}); trying again`;
        evidence.push(...tenant.drainEvidence());
        ctx.log('warn', `${q.title}: ${err instanceof Error ? err.message : String(err)} — still waiting`);
      }
      const now = ctx.clock.now().getTime();
      if (now >= deadline.getTime()) break;
      const remaining = deadline.getTime() - now;
      const checkedAt = ctx.clock.now().toISOString().slice(11, 19);
      ctx.progress(
        `${q.title} · waited ${formatMs(now - start)} · last check ${checkedAt} UTC: ${lastFound} · next in ${formatMs(Math.min(intervalMs, remaining))}`,
        (now - start) / timeoutMs,
        deadline,
      );
      await ctx.clock.sleep(Math.min(intervalMs, remaining), ctx.signal);
    }
    if (lastError)
      return errorResult(
        `Timed out after ${ctx.config.timeout} waiting for ${q.title}; the last read failed`,
        lastError,
        evidence,
      );
    return {
      status: 'fail',
      summary: `Timed out after ${formatMs(timeoutMs)} waiting for ${q.title}`,
      outputs: { done: false },
      evidence,
    };
  },
};

async function simulate(ctx: Parameters<StepKind<WaitConfig>['run']>[0]): Promise<void> {
  const sim = ctx.config.simulate!;
  if (!ctx.practice) {
    ctx.log('info', 'This step would be simulated in practice; against a live tenant you do it yourself.');
    return;
  }
  if (sim.registerFido2) {
    const tap = ctx.secrets.get(sim.registerFido2.tapSecret);
    if (tap === undefined) {
      ctx.log(
        'warn',
        `Practice: cannot simulate the key registration, secret "${sim.registerFido2.tapSecret}" is not in memory`,
      );
    } else {
      ctx.log('info', `Practice: registering a FIDO2 key for ${sim.registerFido2.upn} on your behalf`);
      await ctx.practice.registerFido2(sim.registerFido2.upn, tap, sim.registerFido2.model);
    }
  }
  if (sim.signIn) {
    ctx.log(
      'info',
      `Practice: signing in as ${sim.signIn.upn} (${sim.signIn.method}${sim.signIn.fail ? ', failing' : ''}) on your behalf`,
    );
    await ctx.practice.signIn(sim.signIn.upn, sim.signIn.method, sim.signIn.fail);
  }
}
