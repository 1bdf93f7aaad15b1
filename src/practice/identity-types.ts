/** Claims of a practice-issued access token (same names as Entra's). */
export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  oid: string;
  /** Delegated: space-separated scopes. */
  scp?: string;
  /** App-only: app roles. */
  roles?: string[];
  /** Tenant-wide Microsoft Entra role template ids of the principal. */
  wids?: string[];
  upn?: string;
  appid?: string;
  idtyp?: 'user' | 'app';
  /** How a user authenticated: "pwd", "mfa", … (user tokens only). */
  amr?: string[];
  exp: number;
  iat: number;
}
