/**
 * Every authentication method on the accounts, with the weak ones named
 * (SMS/voice, Authenticator, e-mail, software OATH, TAP). "FIDO2
 * plus the sealed passphrase is the entire credential surface".
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { requireUser, seg } from '../actions/odata.js';

const Args = z.strictObject({ users: z.array(z.string().min(1)).min(1) });

const WEAK: Record<string, string> = {
  '#microsoft.graph.phoneAuthenticationMethod': 'phone (SMS/voice)',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'Microsoft Authenticator',
  '#microsoft.graph.emailAuthenticationMethod': 'e-mail',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'software OATH',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'Temporary Access Pass',
};
const STRONG = new Set([
  '#microsoft.graph.fido2AuthenticationMethod',
  '#microsoft.graph.x509CertificateAuthenticationMethod',
  '#microsoft.graph.platformCredentialAuthenticationMethod',
]);

export const query: Query<z.infer<typeof Args>> = {
  id: 'methods.inventory',
  title: 'Inventory authentication methods on the accounts',
  permissions: { graph: ['UserAuthenticationMethod.Read.All', 'User.Read.All'] },
  outputs: ['done', 'accounts', 'weak', 'phishingResistant'],
  args: Args,
  async run(a, { tenant }) {
    const users = [];
    for (const upn of a.users) users.push(await requireUser(tenant, upn));
    const responses = await tenant.graph.batch(
      users.map((u) => ({ method: 'GET' as const, path: `/users/${seg(u.id)}/authentication/methods` })),
    );
    const accounts = users.map((u, i) => {
      const r = responses[i]!;
      if (r.status >= 400)
        throw new Error(
          `Could not read the methods of ${u.userPrincipalName} (HTTP ${r.status}${r.requestId ? `, request-id ${r.requestId}` : ''}).`,
        );
      const methods = ((r.body as { value: { '@odata.type': string; id: string }[] }).value ?? []).map(
        (m) => m['@odata.type'],
      );
      return {
        upn: u.userPrincipalName,
        methods,
        weak: methods.filter((m) => WEAK[m]).map((m) => WEAK[m]!),
        strong: methods.filter((m) => STRONG.has(m)).length,
      };
    });
    const weak = accounts.filter((x) => x.weak.length).map((x) => `${x.upn}: ${x.weak.join(', ')}`);
    const missing = accounts.filter((x) => x.strong === 0).map((x) => x.upn);
    return {
      outputs: {
        done: weak.length === 0 && missing.length === 0,
        accounts,
        weak,
        phishingResistant: accounts.map((x) => ({ upn: x.upn, count: x.strong })),
      },
      summary:
        weak.length || missing.length
          ? [...weak.map((w) => `weak method: ${w}`), ...missing.map((m) => `no phishing-resistant method: ${m}`)].join(
              '; ',
            )
          : `All ${accounts.length} account(s): phishing-resistant only`,
    };
  },
};
