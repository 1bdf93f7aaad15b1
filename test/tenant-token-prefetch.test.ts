/**
 * AuthSession.prefetch: a resource's token asked for ahead of the request that needs it (`check`
 * asks for the ARM and Log Analytics tokens while its Graph reads go out). The request that then
 * needs the token waits for that one answer instead of asking again; a prefetch that fails leaves
 * nothing behind, so that request asks itself and reports its own failure.
 *
 * Real MSAL, real TLS, the practice tenant's token endpoint (client-credentials grant).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthSession } from '../src/tenant/auth.js';
import { EvidenceLog } from '../src/tenant/evidence.js';
import { cloudProfile } from '../src/config/clouds.js';
import { TenantError } from '../src/core/tenant.js';
import { APP_SECRET, SECRET_APP_ID, startPractice, type Practice } from './tenant-fixtures.js';

let local: Practice;
beforeAll(async () => {
  local = await startPractice();
});
afterAll(async () => {
  await local?.server.close();
});

function session(evidence: EvidenceLog): AuthSession {
  return new AuthSession({
    tenantId: local.server.tenantId,
    clientId: SECRET_APP_ID,
    flow: 'client-secret',
    authorityHost: local.server.url,
    resources: cloudProfile('practice').resources,
    scopes: { graph: [], logs: [], arm: [] },
    caPem: local.server.caPem,
    trustAuthorityHost: true,
    env: { BREAKGLASS_CLIENT_SECRET: APP_SECRET },
    evidence,
  });
}

const tokenRequests = (evidence: EvidenceLog) =>
  evidence.drain().filter((e) => e.service === 'login' && /\/token$/.test(e.path));

/** The resource an access token is for (its audience, without a trailing slash). */
const audience = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { aud: string }).aud.replace(
    /\/+$/,
    '',
  );

describe('token prefetch', () => {
  it('the request that needs a prefetched token gets that token: one token request per resource', async () => {
    const evidence = new EvidenceLog();
    const auth = session(evidence);
    try {
      await auth.identity();
      auth.prefetch('arm');
      auth.prefetch('logs');
      auth.prefetch('arm'); // already on its way: not asked for twice
      const [arm, logs] = await Promise.all([auth.getToken('arm'), auth.getToken('logs')]);
      const resources = cloudProfile('practice').resources;
      expect(audience(arm.token)).toBe(resources.arm.replace(/\/+$/, ''));
      expect(audience(logs.token)).toBe(resources.logs.replace(/\/+$/, ''));
      // Graph (the sign-in), ARM and Logs: three token requests, none repeated.
      expect(tokenRequests(evidence).map((e) => e.status)).toEqual([200, 200, 200]);
      auth.prefetch('arm'); // already held: nothing is asked
      await auth.getToken('arm');
      expect(tokenRequests(evidence)).toEqual([]);
    } finally {
      auth.close();
    }
  });

  it('a prefetch that fails is not kept: the request that needs the token asks again and reports its own error', async () => {
    const evidence = new EvidenceLog();
    const auth = session(evidence);
    const resets = () => local.server.counterStore.count({ host: 'login', method: 'POST', status: 0 });
    try {
      await auth.identity();
      // Every sign-in request from now on loses its connection without an answer.
      local.server.setFaults({ hosts: ['login'], rateReset: 1 });
      const before = resets();
      auth.prefetch('logs');
      const err = await auth.getToken('logs').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TenantError);
      expect((err as TenantError).explanation.cause).toBe('the network connection failed (ECONNRESET) after 2 retries');
      // The prefetch's three attempts, then the request's own three.
      expect(resets() - before).toBe(6);
      local.server.setFaults({});
      expect(audience((await auth.getToken('logs')).token)).toBe(
        cloudProfile('practice').resources.logs.replace(/\/+$/, ''),
      );
    } finally {
      local.server.setFaults({});
      auth.close();
    }
  });
});
