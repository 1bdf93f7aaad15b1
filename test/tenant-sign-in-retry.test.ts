/**
 * A token request that gets no answer is sent again, as Microsoft's guidance
 * on transient faults asks, and a final failure says what happened, with the
 * request-id and what to do.
 *
 * The first case is the failure a busy pipeline runner meets (seen as
 * "network connection failed" in a fleet run): the tenant closes an idle
 * kept-alive connection while this process's event loop is busy, so the next
 * token request is written on a connection the other side has already closed
 * (https://nodejs.org/api/http.html#requestreusedsocket). The practice tenant
 * runs in its own process so that blocking this process's event loop — as CPU
 * load does — does not stop the tenant from closing the connection. The block
 * sits right before a client-credentials token request, which MSAL writes
 * without waiting on any other I/O first, so the stale connection is used
 * every time. (The race does not depend on the credential; with a federated
 * credential MSAL first fetches the pipeline's token, which gives the loop a
 * chance to notice the close, so there the race is narrower, not absent.)
 *
 * Real MSAL, real TLS, the practice tenant's token endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuthSession } from '../src/tenant/auth.js';
import { EvidenceLog } from '../src/tenant/evidence.js';
import { cloudProfile } from '../src/config/clouds.js';
import { TenantError } from '../src/core/tenant.js';
import { APP_SECRET, SECRET_APP_ID, startPractice, type Practice } from './tenant-fixtures.js';

const root = resolve(import.meta.dirname, '..');
// The tenant closes a connection idle for about this long (Node's server adds its own margin) and
// says so in Keep-Alive: timeout=2, which Node's client answers by dropping the connection itself a
// second earlier — a timer a busy event loop cannot run. The busy spell outlasts the tenant's close
// by seconds, so a loaded machine still closes it in time.
const KEEP_ALIVE_MS = 2_000;
const BUSY_MS = 6_000;

interface ChildInfo {
  url: string;
  caPem: string;
  tenantId: string;
  clientId: string;
  secret: string;
}

let child: ChildProcess;
let info: ChildInfo;
let local: Practice;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'practice', 'server.js')))
    throw new Error('dist/ is not built: run `npm run build` before this test');
  child = fork(join(root, 'test', 'harness', 'practice-child.mjs'), [String(KEEP_ALIVE_MS)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  [info, local] = await Promise.all([
    new Promise<ChildInfo>((ok, fail) => {
      child.once('message', (m) => ok(m as ChildInfo));
      child.once('exit', (code) => fail(new Error(`the practice tenant exited with ${code}`)));
    }),
    startPractice(),
  ]);
});
afterAll(async () => {
  if (child?.connected) child.disconnect();
  await local?.server.close();
});

/** Blocks this process's event loop, as a saturated runner does, without yielding to I/O. */
function busy(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function resources() {
  return cloudProfile('practice').resources;
}

describe('token requests that get no answer', () => {
  it('a kept-alive connection the tenant closed while this process was busy: sent again, and the sign-in succeeds', async () => {
    const evidence = new EvidenceLog();
    const auth = new AuthSession({
      tenantId: info.tenantId,
      clientId: info.clientId,
      flow: 'client-secret',
      authorityHost: info.url,
      resources: resources(),
      scopes: { graph: [], logs: [], arm: [] },
      caPem: info.caPem,
      trustAuthorityHost: true,
      env: { BREAKGLASS_CLIENT_SECRET: info.secret },
      evidence,
    });
    try {
      expect((await auth.identity()).appId).toBe(info.clientId);
      // The tenant closes the idle connection while this process cannot notice.
      busy(BUSY_MS);
      const arm = await auth.getToken('arm');
      expect(arm.token.split('.')).toHaveLength(3);
      const tokenRequests = evidence.drain().filter((e) => e.service === 'login' && /\/token$/.test(e.path));
      expect(tokenRequests.map((e) => e.status)).toEqual([200, 200]);
      // The second token request was answered on its second attempt: the first met the closed connection.
      expect(tokenRequests.map((e) => e.retries)).toEqual([0, 1]);
    } finally {
      auth.close();
    }
  });

  it('a tenant that never answers: three attempts, then the cause, the request-id and what to do', async () => {
    const auth = new AuthSession({
      tenantId: local.server.tenantId,
      clientId: SECRET_APP_ID,
      flow: 'client-secret',
      authorityHost: local.server.url,
      resources: resources(),
      scopes: { graph: [], logs: [], arm: [] },
      caPem: local.server.caPem,
      trustAuthorityHost: true,
      env: { BREAKGLASS_CLIENT_SECRET: APP_SECRET },
      evidence: new EvidenceLog(),
    });
    try {
      await auth.getToken('graph');
      const resets = () => local.server.counterStore.count({ host: 'login', method: 'POST', status: 0 });
      expect(resets()).toBe(0);
      // Every sign-in request from now on loses its connection without an answer.
      local.server.setFaults({ hosts: ['login'], rateReset: 1 });
      const err = await auth.getToken('logs').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TenantError);
      const t = err as TenantError;
      expect(t.message).toMatch(/Sign-in \(client-secret\) to tenant .* failed/);
      expect(t.explanation.cause).toBe('the network connection failed (ECONNRESET) after 2 retries');
      expect(t.explanation.todo).toMatch(/retry the step/);
      expect(t.explanation.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(resets()).toBe(3);
    } finally {
      local.server.setFaults({});
      auth.close();
    }
  });
});
