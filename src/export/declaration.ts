/**
 * What an export needs from the per-tenant declaration, and what it holds
 * once every name is resolved to an object id. The peers want object ids
 * (ScubaGear accepts GUIDs only; Maester and the Zero Trust Assessment prefer
 * them because a UPN can be renamed), so nothing is written from a name.
 */

/** One break-glass account as declared: an object id, a UPN, or both (then they must agree). */
export interface DeclaredAccount {
  id?: string;
  upn?: string;
}

/** The Conditional Access exclusion group: object id or display name. */
export interface DeclaredGroup {
  id?: string;
  name?: string;
}

/** The emergency (break-glass) app. No peer has a setting for it; it is named in the output as not exported. */
export interface DeclaredApp {
  appId: string;
  servicePrincipalId?: string;
}

export interface ExportDeclaration {
  /** The tenant the declaration is for (GUID); must be the tenant signed in to. */
  tenant?: string;
  accounts: DeclaredAccount[];
  group?: DeclaredGroup;
  emergencyApp?: DeclaredApp;
  /** Where the declaration came from (file name or "command line"), quoted in errors and file headers. */
  source: string;
}

/** Every account and the group by object id, checked against the tenant. */
export interface ResolvedDeclaration {
  tenantId: string;
  accounts: { id: string; upn: string; displayName?: string }[];
  group?: { id: string; displayName: string };
  emergencyApp?: DeclaredApp;
  source: string;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isGuid = (s: string): boolean => GUID.test(s);
