/**
 * Removes ONE credential (certificate or secret) from an application, by keyId, after showing which
 * one (name, thumbprint, expiry). It never strands the application: removing a credential that works
 * today is refused unless another credential that works today has been PROVEN — a token obtained with
 * it (query app.proveToken), whose keyId is passed as `provenKeyId`. A credential that is expired or
 * not yet valid opens nothing today and may go without a proof.
 *
 * Certificates go with a PATCH that re-sends every other certificate (./app-credentials.ts); a secret
 * with POST /applications/{id}/removePassword (https://learn.microsoft.com/graph/api/application-removepassword).
 * Recovery: reconcile reads the app; a keyId no longer there is done, and nothing is sent twice.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { seg } from '../odata.js';
import {
  describeCredential,
  keptKeyCredential,
  readAppCredentials,
  validityOf,
  type AppCredentials,
  type KeyCredential,
  type PasswordCredential,
} from './app-credentials.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  /** keyId of the credential to remove (the report of the step that added it, or the preview lists them). */
  keyId: z.string().uuid(),
  /** keyId of a credential a token was proven with (output keyId of query app.proveToken). */
  provenKeyId: z.string().uuid().optional(),
});
type Args = z.infer<typeof Args>;

type Found = { kind: 'certificate'; c: KeyCredential } | { kind: 'secret'; c: PasswordCredential };

function find(app: AppCredentials, keyId: string): Found | undefined {
  const k = app.keyCredentials.find((x) => x.keyId.toLowerCase() === keyId.toLowerCase());
  if (k) return { kind: 'certificate', c: k };
  const p = app.passwordCredentials.find((x) => x.keyId.toLowerCase() === keyId.toLowerCase());
  return p ? { kind: 'secret', c: p } : undefined;
}

/**
 * Why removing `keyId` now would strand the app, or undefined when it may go. Pure: the rule itself,
 * tested beside this file.
 */
export function refusal(app: AppCredentials, keyId: string, provenKeyId: string | undefined, now: Date) {
  const target = find(app, keyId);
  if (!target) return undefined; // nothing to remove: the step is done
  if (validityOf(target.c, now) !== 'valid' && validityOf(target.c, now) !== 'unknown') return undefined;
  const what = describeCredential(target.c, target.kind);
  if (!provenKeyId)
    return `${what} works today. Prove a token with the credential you keep first (query app.proveToken), then pass its keyId as provenKeyId.`;
  if (provenKeyId.toLowerCase() === keyId.toLowerCase())
    return `${what} is the credential that was proven: removing it would leave the application with no proven credential.`;
  const proven = find(app, provenKeyId);
  if (!proven)
    return `The proven credential ${provenKeyId} is no longer on "${app.displayName}": prove a token with a credential that is still there.`;
  const v = validityOf(proven.c, now);
  if (v !== 'valid')
    return `The proven credential ${describeCredential(proven.c, proven.kind)} is ${v}: it cannot carry the application once ${what} is gone.`;
  return undefined;
}

export const action: Action<Args> = {
  id: 'app.removeCredential',
  title: "Remove one of an application's credentials (never the last one that is proven to work)",
  permissions: { graph: ['Application.ReadWrite.All'] },
  destructive: true,
  risk: 'change',
  outputs: ['removedKeyId', 'kind', 'remaining'],
  args: Args,
  key: (a) => `appcred:${a.appId}:${a.keyId.toLowerCase()}`,
  async preview(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    const target = find(app, a.keyId);
    const line = (x: Found) => describeCredential(x.c, x.kind);
    const all: Found[] = [
      ...app.keyCredentials.map((c) => ({ kind: 'certificate' as const, c })),
      ...app.passwordCredentials.map((c) => ({ kind: 'secret' as const, c })),
    ];
    if (!target)
      return {
        actionId: 'app.removeCredential',
        summary: `Credential ${a.keyId} is not on "${app.displayName}" (already removed)`,
        target: { type: 'application', id: app.id, name: app.displayName },
        alreadyDone: true,
        destructive: false,
      };
    const why = refusal(app, a.keyId, a.provenKeyId, new Date());
    if (why) throw new Error(`Refused: ${why}`);
    return {
      actionId: 'app.removeCredential',
      summary: `Remove ${line(target)} from "${app.displayName}"`,
      target: { type: 'application', id: app.id, name: app.displayName },
      diff: { before: all.map(line), after: all.filter((x) => x.c.keyId !== target.c.keyId).map(line) },
      alreadyDone: false,
      destructive: true,
      confirmText: target.c.displayName || app.displayName,
    };
  },
  async apply(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    const target = find(app, a.keyId);
    // Checked again against what the tenant holds now, not what the preview saw.
    const why = refusal(app, a.keyId, a.provenKeyId, new Date());
    if (why) throw new Error(`Refused: ${why}`);
    if (target?.kind === 'certificate') {
      await ctx.tenant.graph.request({
        method: 'PATCH',
        path: `/applications/${seg(app.id)}`,
        body: graphBody<Graph.Application>({
          keyCredentials: app.keyCredentials.filter((k) => k.keyId !== target.c.keyId).map(keptKeyCredential),
        }),
      });
    } else if (target?.kind === 'secret') {
      await ctx.tenant.graph.request({
        method: 'POST',
        path: `/applications/${seg(app.id)}/removePassword`,
        // The removePassword action's body: the keyId of the passwordCredential to remove.
        body: graphBody<Pick<Graph.PasswordCredential, 'keyId'>>({ keyId: target.c.keyId }),
      });
    }
    const after = await readAppCredentials(ctx, a.appId);
    if (find(after, a.keyId))
      throw new Error(`Credential ${a.keyId} is still on "${app.displayName}" after the removal was accepted.`);
    return {
      outputs: {
        removedKeyId: a.keyId,
        kind: target?.kind ?? 'absent',
        remaining: after.keyCredentials.length + after.passwordCredentials.length,
      },
    };
  },
  async reconcile(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    return find(app, a.keyId)
      ? { applied: false }
      : {
          applied: true,
          outputs: {
            removedKeyId: a.keyId,
            kind: 'absent',
            remaining: app.keyCredentials.length + app.passwordCredentials.length,
          },
        };
  },
};
