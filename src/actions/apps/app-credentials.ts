/**
 * An application's credentials as Graph holds them, and the two rules every credential change here
 * follows:
 *
 * 1. PATCH /applications/{id} with `keyCredentials` sets THE collection: what is not in the body is
 *    no longer on the app ("keyCredentials: The collection of key credentials associated with the
 *    application", https://learn.microsoft.com/graph/api/application-update; the how-to sends the whole
 *    collection, https://learn.microsoft.com/graph/applications-how-to-add-certificate). So a change
 *    re-sends every certificate it keeps, with its `key` — which Graph returns "only on $select for a
 *    single object, that is, GET applications/{applicationId}?$select=keyCredentials"
 *    (https://learn.microsoft.com/graph/api/resources/keycredential). addKey/removeKey are not used:
 *    they are for an application rolling its OWN keys with a proof of possession signed by an existing
 *    valid key (https://learn.microsoft.com/graph/api/application-addkey), and the operator here is a
 *    person, whose old key may be expired, lost or in a safe.
 * 2. Secrets are never PATCHed ("Using PATCH to set passwordCredential is not supported", same
 *    application-update page): a secret goes with POST /applications/{id}/removePassword
 *    (https://learn.microsoft.com/graph/api/application-removepassword).
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { ActionContext } from '../../core/action.js';
import { odataString, seg } from '../odata.js';

export interface KeyCredential {
  keyId: string;
  displayName?: string | null;
  type?: string;
  usage?: string;
  /** Base64 DER of the certificate; null unless read with $select=keyCredentials on one application. */
  key?: string | null;
  /** For an uploaded certificate: its SHA-1 thumbprint (upper-case hex). */
  customKeyIdentifier?: string | null;
  startDateTime?: string;
  endDateTime?: string;
}

export interface PasswordCredential {
  keyId: string;
  displayName?: string | null;
  hint?: string | null;
  startDateTime?: string;
  endDateTime?: string;
}

export interface AppCredentials {
  id: string;
  appId: string;
  displayName: string;
  keyCredentials: KeyCredential[];
  passwordCredentials: PasswordCredential[];
}

/** The application by appId, with its certificates' `key` (one object, $select=keyCredentials). */
export async function readAppCredentials(ctx: Pick<ActionContext, 'tenant'>, appId: string): Promise<AppCredentials> {
  let found: { id: string } | undefined;
  for await (const a of ctx.tenant.graph.list<{ id: string }>({
    path: '/applications',
    query: { $filter: `appId eq ${odataString(appId)}`, $select: 'id' },
  })) {
    found = a;
    break;
  }
  if (!found) throw new Error(`No application with appId ${appId} in this tenant. Check the application id.`);
  const r = await ctx.tenant.graph.request<Partial<AppCredentials>>({
    method: 'GET',
    path: `/applications/${seg(found.id)}`,
    query: { $select: 'id,appId,displayName,keyCredentials,passwordCredentials' },
  });
  const b = r.body;
  return {
    id: found.id,
    appId: b.appId ?? appId,
    displayName: b.displayName ?? appId,
    keyCredentials: b.keyCredentials ?? [],
    passwordCredentials: b.passwordCredentials ?? [],
  };
}

/** A certificate as re-sent in a PATCH that keeps it: its keyId and, when Graph returned it, its key. */
export function keptKeyCredential(k: KeyCredential): Graph.KeyCredential {
  return {
    keyId: k.keyId,
    type: k.type ?? 'AsymmetricX509Cert',
    usage: k.usage ?? 'Verify',
    ...(k.displayName ? { displayName: k.displayName } : {}),
    ...(k.key ? { key: k.key } : {}),
  };
}

export type Validity = 'valid' | 'expired' | 'not yet valid' | 'unknown';

/** Whether a credential opens the door now. Unknown dates are not "valid" (fail closed). */
export function validityOf(c: { startDateTime?: string; endDateTime?: string }, now: Date): Validity {
  const start = c.startDateTime ? Date.parse(c.startDateTime) : NaN;
  const end = c.endDateTime ? Date.parse(c.endDateTime) : NaN;
  if (Number.isNaN(start) || Number.isNaN(end)) return 'unknown';
  if (now.getTime() >= end) return 'expired';
  if (now.getTime() < start) return 'not yet valid';
  return 'valid';
}

/** "certificate bg-app-cert-sealed (keyId …, thumbprint AB12…, expires 2027-03-01)" — what the operator checks. */
export function describeCredential(c: KeyCredential | PasswordCredential, kind: 'certificate' | 'secret'): string {
  const thumb = 'customKeyIdentifier' in c && c.customKeyIdentifier ? `, thumbprint ${c.customKeyIdentifier}` : '';
  const end = c.endDateTime ? `, expires ${c.endDateTime.slice(0, 10)}` : '';
  return `${kind} ${c.displayName ?? '(no name)'} (keyId ${c.keyId}${thumb}${end})`;
}

/**
 * customKeyIdentifier is Edm.Binary (https://learn.microsoft.com/graph/api/resources/keycredential): JSON carries
 * Base64; hex (as the portal shows a thumbprint) is accepted too.
 */
export function thumbprintHex(v: string | null | undefined): string | undefined {
  if (!v) return undefined;
  if (/^[0-9a-f]{40}$/i.test(v)) return v.toUpperCase();
  const bytes = Buffer.from(v, 'base64');
  return bytes.length === 20 ? bytes.toString('hex').toUpperCase() : v.toUpperCase();
}
