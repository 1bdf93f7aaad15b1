/**
 * The Logs client sends at most five queries at once: Log Analytics runs five
 * concurrent queries per user and queues the rest ("User query throttling",
 * https://learn.microsoft.com/azure/azure-monitor/service-limits#log-queries-and-language).
 *
 * The real LogsQueryClient talks over TLS to a bare HTTPS endpoint that holds
 * every query until all eight are in flight or none has arrived for two
 * seconds, so the test sees how many the client had open at once. No timing
 * is asserted.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPracticeTls } from '../src/practice/tls.js';
import type { AuthSession } from '../src/tenant/auth.js';
import { EvidenceLog } from '../src/tenant/evidence.js';
import { createLogsApi, MAX_CONCURRENT_QUERIES } from '../src/tenant/logs.js';

const WORKSPACE = 'c0ffee00-1234-4abc-9def-0123456789ab';

let server: Server;
let endpoint: string;
let caPem: string;
let inFlight = 0;
let most = 0;
let answered = 0;
const held: (() => void)[] = [];
let quiet: NodeJS.Timeout | undefined;
const QUERIES = 8;

beforeAll(async () => {
  const tls = await createPracticeTls();
  caPem = tls.caPem;
  server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    req.resume();
    req.on('end', () => {
      inFlight++;
      most = Math.max(most, inFlight);
      // A query response as the query API documents it
      // (https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format).
      const answer = () => {
        inFlight--;
        answered++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] }] }),
        );
      };
      held.push(answer);
      // Hold the queries until no more come (the client waits for a slot) or all are here; then answer them.
      const release = () => held.splice(0).forEach((f) => f());
      clearTimeout(quiet);
      if (inFlight >= QUERIES) release();
      else quiet = setTimeout(release, 2000);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('Logs query concurrency', () => {
  it('keeps at most five queries open at once and answers every one', async () => {
    const auth = {
      getToken: async () => ({ token: 'header.payload.signature', expiresOnTimestamp: Date.now() + 3_600_000 }),
    } as unknown as AuthSession;
    const logs = createLogsApi({
      endpoint,
      resource: 'https://api.loganalytics.io',
      auth,
      evidence: new EvidenceLog(),
      caPem,
      maxRetries: 0,
    });
    const results = await Promise.all(
      Array.from({ length: QUERIES }, (_, i) => logs.query(WORKSPACE, `print n = ${i}`, 'PT1H')),
    );
    expect(results).toHaveLength(QUERIES);
    for (const r of results) expect(r[0]?.rows).toEqual([[1]]);
    expect(answered).toBe(QUERIES);
    expect(MAX_CONCURRENT_QUERIES).toBe(5);
    expect(most).toBe(5);
  });
});
