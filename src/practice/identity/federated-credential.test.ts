import { describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { authenticateFederated } from './federated-credential.js';
import { GITHUB_ACTIONS_ISSUER, SimulatedGitHubIssuer } from './oidc-issuer.js';

const FIC = {
  name: 'gh',
  issuer: GITHUB_ACTIONS_ISSUER,
  subject: 'repo:contoso/fleet:environment:nightly',
  audiences: ['api://AzureADTokenExchange'],
};

async function tokenFor(issuer: SimulatedGitHubIssuer, environment: string, audience = 'api://AzureADTokenExchange') {
  const job = issuer.startJob({ repository: 'contoso/fleet', environment });
  const r = await issuer.handle('GET', ['idtoken'], new URLSearchParams({ audience }), `bearer ${job.requestToken}`);
  return (r.body as { value: string }).value;
}

const code = (r: Awaited<ReturnType<typeof authenticateFederated>>) =>
  /AADSTS(\d+)/.exec((r?.body as { error_description?: string } | undefined)?.error_description ?? '')?.[1];

describe('federated identity credential matching (practice login endpoint)', () => {
  const gh = new SimulatedGitHubIssuer(() => 'https://127.0.0.1:1');
  const keys = (iss: string) => (iss === GITHUB_ACTIONS_ISSUER ? (t: string) => gh.verify(t) : undefined);

  it('accepts the trusted subject and audience with a valid signature', async () => {
    expect(await authenticateFederated([FIC], await tokenFor(gh, 'nightly'), keys)).toBeUndefined();
  });

  it("answers Entra's codes: 70021 none, 700211 issuer, 700213 subject, 700212 audience", async () => {
    const good = await tokenFor(gh, 'nightly');
    expect(code(await authenticateFederated([], good, keys))).toBe('70021');
    expect(code(await authenticateFederated([{ ...FIC, issuer: 'https://vstoken.dev.azure.com/x' }], good, keys))).toBe(
      '700211',
    );
    // Subjects are compared case-sensitively.
    expect(code(await authenticateFederated([{ ...FIC, subject: FIC.subject.toUpperCase() }], good, keys))).toBe(
      '700213',
    );
    expect(
      code(await authenticateFederated([FIC], await tokenFor(gh, 'nightly', 'https://github.com/contoso'), keys)),
    ).toBe('700212');
  });

  it('a token with the right claims but signed by someone else is refused (700027); an expired one (700024)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(GITHUB_ACTIONS_ISSUER)
      .setSubject(FIC.subject)
      .setAudience('api://AzureADTokenExchange')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    expect(code(await authenticateFederated([FIC], forged, keys))).toBe('700027');
    const expired = async (t: string) => {
      await gh.verify(t);
      const { errors } = await import('jose');
      throw new errors.JWTExpired('"exp" claim timestamp check failed', {});
    };
    expect(code(await authenticateFederated([FIC], await tokenFor(gh, 'nightly'), () => expired))).toBe('700024');
  });

  it('the request token is required: without it GitHub answers 401', async () => {
    const r = await gh.handle('GET', ['idtoken'], new URLSearchParams({ audience: 'x' }), 'bearer nope');
    expect(r.status).toBe(401);
  });
});
