/**
 * Where a link shown next to a secret may point. A Temporary Access Pass or
 * a passphrase beside a link is an invitation to type it in there, so a
 * runbook may pair a secret only with Microsoft's own sign-in and
 * security-info pages, over https. Anything else (another host, http, a
 * look-alike domain, credentials or a port in the URL) is refused.
 *
 * Sources:
 * - https://aka.ms/mysecurityinfo is where a user signs in with a TAP to
 *   register a passkey or security key, and it opens the security-info page of
 *   My Sign-Ins (mysignins.microsoft.com):
 *   https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass
 *   ("Use a Temporary Access Pass") and
 *   https://learn.microsoft.com/entra/identity/authentication/concept-registration-mfa-sspr-combined
 *   ("Manage mode": https://aka.ms/mysecurityinfo, or Security info from My Sign-Ins).
 * - My Account (myaccount.microsoft.com) links to the same pages:
 *   https://learn.microsoft.com/entra/identity/users/users-my-account
 * - The Entra sign-in hosts per cloud (global, US Government, China / 21Vianet):
 *   https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
 */

/** Hosts whose every https path may be shown next to a secret. */
export const SIGNIN_HOSTS: readonly string[] = [
  'mysignins.microsoft.com',
  'myaccount.microsoft.com',
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
];

/**
 * aka.ms redirects anywhere its owner chooses, so only the documented
 * security-info short link is allowed there, not the whole host.
 */
export const SIGNIN_SHORT_LINKS: readonly string[] = ['aka.ms/mysecurityinfo'];

/** Why `url` may not be shown next to a secret, or undefined when it may. */
export function signinLinkProblem(url: string): string | undefined {
  const allowed = [...SIGNIN_HOSTS, ...SIGNIN_SHORT_LINKS].join(', ');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL; a link shown next to a secret must be https on one of: ${allowed}`;
  }
  if (u.protocol !== 'https:')
    return `a link shown next to a secret must use https, not ${u.protocol.replace(':', '')}`;
  if (u.username || u.password || u.port)
    return 'a link shown next to a secret may not carry a user name, password or port';
  const host = u.hostname.toLowerCase();
  if (SIGNIN_HOSTS.includes(host)) return undefined;
  const short = `${host}${u.pathname.replace(/\/+$/, '').toLowerCase()}`;
  if (SIGNIN_SHORT_LINKS.includes(short) && !u.search && !u.hash) return undefined;
  return `${host}${host === 'aka.ms' ? u.pathname : ''} is not a Microsoft sign-in page; a link shown next to a secret must be one of: ${allowed}`;
}
