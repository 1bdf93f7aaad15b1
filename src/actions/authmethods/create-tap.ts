/**
 * Creates a short-lived, one-time Temporary Access Pass for an account so its
 * operator can register a FIDO2 key at aka.ms/mysecurityinfo (steps
 * 3–4). The pass is returned by Graph exactly once: it goes into the run's
 * in-memory vault (for the one-time display step) and never into outputs,
 * the journal or the report. Not idempotent by nature (a new TAP replaces
 * the old), so the preview says when one already exists.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { requireUser, seg } from '../odata.js';

const Args = z.strictObject({
  user: z.string().min(1),
  lifetimeMinutes: z.number().int().min(10).max(43200).default(60),
  usableOnce: z.boolean().default(true),
  /** Name of the vault entry that will hold the pass. */
  secret: z.string().min(1).default('tap'),
});
type Args = z.infer<typeof Args>;

interface Tap {
  id: string;
  createdDateTime?: string;
  startDateTime?: string;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
  isUsable?: boolean;
  temporaryAccessPass?: string | null;
}

async function existing(ctx: ActionContext, userId: string): Promise<Tap[]> {
  const out: Tap[] = [];
  for await (const t of ctx.tenant.graph.list<Tap>({
    path: `/users/${seg(userId)}/authentication/temporaryAccessPassMethods`,
  }))
    out.push(t);
  return out;
}

export const action: Action<Args> = {
  id: 'tap.create',
  title: 'Create a one-time Temporary Access Pass',
  permissions: { graph: ['UserAuthenticationMethod.ReadWrite.All', 'User.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'a Temporary Access Pass: a sign-in credential',
  outputs: ['tapId', 'expiresAt', 'user'],
  args: Args,
  key: (a) => `tap:${a.user.toLowerCase()}`,
  async preview(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    const old = await existing(ctx, u.id);
    return {
      actionId: 'tap.create',
      summary: `Create a ${a.usableOnce ? 'one-time' : 'multi-use'} Temporary Access Pass for ${u.userPrincipalName}, valid ${a.lifetimeMinutes} minutes${old.length ? ' (replaces the existing one)' : ''}. It is shown once and never stored.`,
      target: { type: 'user', id: u.id, name: u.userPrincipalName },
      grants: [
        {
          principal: { type: 'user', id: u.id, name: u.userPrincipalName },
          gains: `a ${a.usableOnce ? 'one-time' : 'multi-use'} Temporary Access Pass valid ${a.lifetimeMinutes} minutes: a way to sign in and register keys`,
        },
      ],
      alreadyDone: false,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    const r = await ctx.tenant.graph.request<Tap>({
      method: 'POST',
      path: `/users/${seg(u.id)}/authentication/temporaryAccessPassMethods`,
      body: graphBody<Graph.TemporaryAccessPassAuthenticationMethod>({
        lifetimeInMinutes: a.lifetimeMinutes,
        isUsableOnce: a.usableOnce,
      }),
    });
    const pass = r.body.temporaryAccessPass;
    if (!pass)
      throw new Error(
        'Graph created the Temporary Access Pass but returned no pass value. Delete it and create a new one.',
      );
    ctx.secrets.put(a.secret, pass);
    const start = Date.parse(r.body.startDateTime ?? r.body.createdDateTime ?? new Date().toISOString());
    return {
      outputs: {
        tapId: r.body.id,
        expiresAt: new Date(start + a.lifetimeMinutes * 60_000).toISOString(),
        user: u.userPrincipalName,
      },
    };
  },
  async reconcile(a, ctx) {
    // A TAP created before the crash cannot be shown again (Graph returns it once),
    // so report it as not applied: the operator is asked before a replacement is made.
    const u = await requireUser(ctx.tenant, a.user);
    const taps = await existing(ctx, u.id);
    const ours = taps.find(
      (t) => ctx.intentAt && t.createdDateTime && Date.parse(t.createdDateTime) >= Date.parse(ctx.intentAt) - 1000,
    );
    if (!ours) return { applied: false };
    if (ctx.secrets.has(a.secret)) return { applied: true, outputs: { tapId: ours.id, user: u.userPrincipalName } };
    return {
      applied: false,
      lost: `the pass was created for ${u.userPrincipalName} but never shown, and Graph returns it only once: a new pass replaces it`,
    };
  },
};
