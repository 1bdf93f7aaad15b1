/**
 * Proves that a certificate opens its application: the step runs under an app-only identity that
 * signed in with that certificate (client credentials at the tenant's token endpoint —
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#second-case-access-token-request-with-a-certificate),
 * so reaching this query at all means a token was issued. It then makes ONE harmless Graph read — the
 * application itself (https://learn.microsoft.com/graph/api/application-list) — and reports which
 * application signed in, which of its credentials (keyId, matched by the certificate's SHA-1 thumbprint,
 * Graph's customKeyIdentifier) and the roles the token carries (`roles` and `wids`,
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims).
 *
 * Only the PUBLIC certificate is read here (the `.crt` beside the key file, or the CERTIFICATE block of a
 * PEM); the private key stays with the sign-in, in memory, and is never written anywhere.
 * Fails closed: another application, or a certificate not on the application, is a failed proof.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { GLOBAL_ADMIN_ROLE, odataString } from '../actions/odata.js';
import { thumbprintHex } from '../actions/apps/app-credentials.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  /** The key file the identity signed in with (its .crt beside it), or a PEM holding the certificate. */
  certificatePath: z.string().min(1),
});
type Args = z.infer<typeof Args>;

interface App {
  id: string;
  appId: string;
  displayName: string;
  keyCredentials?: { keyId: string; customKeyIdentifier?: string | null; endDateTime?: string }[];
}

const CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** SHA-1 thumbprint (upper-case hex) of the public certificate at or beside `path`. */
export function publicThumbprint(path: string): string {
  const crt = existsSync(`${path}.crt`) ? `${path}.crt` : path;
  const pem = CERT.exec(readFileSync(crt, 'latin1'))?.[0];
  if (!pem) throw new Error(`No certificate in ${crt}: put the .crt beside the key file.`);
  return createHash('sha1').update(new X509Certificate(pem).raw).digest('hex').toUpperCase();
}

export const query: Query<Args> = {
  id: 'app.proveToken',
  title: 'Prove a token with the certificate: which application, which credential, which roles',
  permissions: { graph: ['Application.Read.All'] },
  outputs: ['appId', 'keyId', 'thumbprint', 'notAfter', 'roles', 'directoryRoles'],
  args: Args,
  async run(a, { tenant }) {
    const me = await tenant.identity();
    const thumbprint = publicThumbprint(a.certificatePath);
    let app: App | undefined;
    for await (const x of tenant.graph.list<App>({
      path: '/applications',
      query: { $filter: `appId eq ${odataString(a.appId)}`, $select: 'id,appId,displayName,keyCredentials' },
    })) {
      app = x;
      break;
    }
    const key = app?.keyCredentials?.find((k) => thumbprintHex(k.customKeyIdentifier) === thumbprint);
    // Template ids as the token carries them; Global Administrator named, since that is what the door is.
    const directoryRoles = (me.directoryRoleIds ?? []).map((id) =>
      id.toLowerCase() === GLOBAL_ADMIN_ROLE ? 'Global Administrator' : id,
    );
    const outputs = {
      appId: me.appId ?? '',
      keyId: key?.keyId ?? '',
      thumbprint,
      notAfter: key?.endDateTime ?? '',
      roles: me.granted,
      directoryRoles,
    };
    const holds = [...directoryRoles, ...me.granted].join(', ') || 'no roles';
    if (me.kind !== 'app' || (me.appId ?? '').toLowerCase() !== a.appId.toLowerCase())
      return {
        outputs,
        verdict: 'fail',
        summary: `The token is not the application's: signed in as ${me.kind === 'app' ? `app ${me.appId ?? '?'}` : (me.upn ?? 'a user')}, expected app ${a.appId}.`,
      };
    if (!app || !key)
      return {
        outputs,
        verdict: 'fail',
        summary: `A token was issued, but certificate ${thumbprint} is not among the keyCredentials of ${a.appId} as read back.`,
      };
    return {
      outputs,
      verdict: 'pass',
      summary: `Token issued to "${app.displayName}" (${me.appId}) with certificate keyId ${key.keyId} (thumbprint ${thumbprint}); it holds ${holds}.`,
    };
  },
};
