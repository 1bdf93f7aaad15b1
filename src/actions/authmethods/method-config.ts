/**
 * The authentication methods policy's per-method configuration, as the TAP
 * group-only and restore actions and the `authMethods.policy` query read it:
 * GET/PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}
 * (https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethodconfiguration).
 * A PATCH must name the configuration's @odata.type.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { TenantSession } from '../../core/tenant.js';
import { graphBody, type BodyOf, type GraphBody, type Selected } from '../../core/graph-types.js';
import { seg } from '../odata.js';

export const METHOD_ODATA_TYPE = {
  Fido2: '#microsoft.graph.fido2AuthenticationMethodConfiguration',
  TemporaryAccessPass: '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
} as const;
export type MethodId = keyof typeof METHOD_ODATA_TYPE;

/** Microsoft's type for each configuration the product reads and PATCHes. */
interface MethodConfigType {
  Fido2: Graph.Fido2AuthenticationMethodConfiguration;
  TemporaryAccessPass: Graph.TemporaryAccessPassAuthenticationMethodConfiguration;
}

/** authenticationMethodTarget: {targetType: "group", id: "<group id>" | "all_users", isRegistrationRequired}. */
export type MethodTarget = Selected<Graph.AuthenticationMethodTarget, 'id' | 'targetType', 'isRegistrationRequired'>;

export type MethodConfig = Selected<Graph.AuthenticationMethodConfiguration, 'id' | 'state'> & {
  includeTargets?: MethodTarget[] | null;
};

/**
 * The PATCH body for one method's configuration, typed by that configuration's Microsoft type and
 * carrying its @odata.type, which the update requires
 * (https://learn.microsoft.com/graph/api/authenticationmethodconfiguration-update).
 */
export function methodConfigPatch<M extends MethodId>(method: M, patch: BodyOf<MethodConfigType[M]>): GraphBody {
  return graphBody<MethodConfigType[M]>({ ...patch, '@odata.type': METHOD_ODATA_TYPE[method] });
}

export const configPath = (method: MethodId): string =>
  `/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/${seg(method)}`;

export async function readMethodConfig(tenant: TenantSession, method: MethodId): Promise<MethodConfig> {
  const r = await tenant.graph.request<MethodConfig>({ method: 'GET', path: configPath(method) });
  return r.body;
}

/** The targets as plain, comparable data (what the journal keeps and a restore sends back). */
export function normalTargets(targets: MethodTarget[] | null | undefined): MethodTarget[] {
  return (targets ?? []).map((t) => ({
    id: t.id,
    targetType: t.targetType ?? 'group',
    isRegistrationRequired: t.isRegistrationRequired ?? false,
  }));
}

export function sameTargets(a: MethodTarget[], b: MethodTarget[]): boolean {
  const key = (ts: MethodTarget[]) =>
    normalTargets(ts)
      .map((t) => `${t.targetType}:${t.id.toLowerCase()}:${String(t.isRegistrationRequired)}`)
      .sort()
      .join('|');
  return key(a) === key(b);
}

export const describeTargets = (ts: MethodTarget[]): string =>
  ts.length ? ts.map((t) => (t.id === 'all_users' ? 'all users' : `group ${t.id}`)).join(', ') : 'nobody';
