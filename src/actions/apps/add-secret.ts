/**
 * Adds a CLIENT SECRET to the break-glass application — only where the operator insisted on one
 * and gave the reason (the runbook records it): Microsoft recommends certificates, because a secret
 * is a copyable string (https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials).
 *
 *  - POST /applications/{id}/addPassword, body { passwordCredential: { displayName, endDateTime } }:
 *    https://learn.microsoft.com/graph/api/application-addpassword?view=graph-rest-1.0. The service makes
 *    the secret and returns it once, as `secretText`; later reads carry only a `hint`.
 * Permissions: rows applications.list, application.get.keyCredentials and application.addPassword of
 * src/config/permission-table.ts.
 *
 * The secret goes into the run's in-memory vault for the one-time display step (`show: secret`), never
 * into outputs, the journal or the report. Not idempotent by nature (each call makes another secret), so
 * a resumed step finds the secret by its display name: made but never shown, it is reported lost and the
 * operator is asked before another is made; the one never shown is then removed with app.removeCredential.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { seg } from '../odata.js';
import { readAppCredentials } from './app-credentials.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  displayName: z.string().min(1).max(120).default('breakglass-app-secret'),
  validDays: z.number().int().min(1).max(730).default(365),
  /** Vault entry that will hold the secret for the one-time display. */
  secret: z.string().min(1).default('app-secret'),
});
type Args = z.infer<typeof Args>;

interface Made {
  keyId: string;
  endDateTime?: string;
  secretText?: string | null;
}

export const action: Action<Args> = {
  id: 'app.addSecret',
  title: 'Add a client secret to the break-glass application (only when the operator insists)',
  permissions: { graph: ['Application.ReadWrite.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'a client secret: whoever holds the string signs in as the application',
  outputs: ['keyId', 'endDateTime'],
  args: Args,
  key: (a) => `appsecret:${a.appId}:${a.displayName.toLowerCase()}`,
  async preview(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    return {
      actionId: 'app.addSecret',
      summary: `Add client secret "${a.displayName}" (${a.validDays} days) to "${app.displayName}". It is shown once and never stored; Microsoft recommends a certificate instead.`,
      target: { type: 'application', id: app.id, name: app.displayName },
      grants: [
        {
          principal: { type: 'application', id: app.id, name: app.displayName },
          gains: 'a client secret: whoever holds the string signs in as it, with every role it holds',
        },
      ],
      alreadyDone: false,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    const end = new Date(Date.now() + a.validDays * 86_400_000).toISOString();
    const r = await ctx.tenant.graph.request<Made>({
      method: 'POST',
      path: `/applications/${seg(app.id)}/addPassword`,
      // The body is the action's parameter `passwordCredential` (application-addpassword, Request body).
      body: graphBody<{ passwordCredential: Pick<Graph.PasswordCredential, 'displayName' | 'endDateTime'> }>({
        passwordCredential: { displayName: a.displayName, endDateTime: end },
      }),
    });
    if (!r.body.secretText)
      throw new Error(
        `Graph added secret ${r.body.keyId} to "${app.displayName}" but returned no secret text (request-id ${r.requestId ?? 'none'}). Remove it (runbook Roll over a break-glass application's certificate, or app.removeCredential) and retry.`,
      );
    ctx.secrets.put(a.secret, r.body.secretText);
    return { outputs: { keyId: r.body.keyId, endDateTime: r.body.endDateTime ?? end } };
  },
  async reconcile(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    const ours = app.passwordCredentials.find((c) => (c.displayName ?? '') === a.displayName);
    if (!ours) return { applied: false };
    if (ctx.secrets.has(a.secret))
      return { applied: true, outputs: { keyId: ours.keyId, endDateTime: ours.endDateTime ?? '' } };
    return {
      applied: false,
      lost: `secret "${a.displayName}" (keyId ${ours.keyId}) was added but never shown, and Graph returns it only once: remove it with the rollover runbook`,
    };
  },
};
