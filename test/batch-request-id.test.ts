/**
 * A $batch item's request-id is the item's own (from its headers, else its error body's innerError), never
 * the $batch call's: each step of a JSON batch is a request of its own
 * (https://learn.microsoft.com/en-us/graph/json-batching), and a person quoting a request-id to Microsoft
 * support must quote the one of the request that failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTenant } from '../src/tenant/connect.js';
import { APP_SECRET, SECRET_APP_ID, startPractice, type Practice } from './tenant-fixtures.js';

let p: Practice;
beforeAll(async () => {
  p = await startPractice();
});
afterAll(async () => {
  await p?.server.close();
});

describe('$batch request ids', () => {
  it('a failed item carries its own request-id; the evidence names the batch that carried it', async () => {
    const s = connectTenant({
      mode: 'practice',
      cloud: 'practice',
      tenantId: p.server.tenantId,
      endpoints: p.server.endpoints,
      caPem: p.server.caPem,
      clientId: SECRET_APP_ID,
      flow: 'client-secret',
      env: { BREAKGLASS_CLIENT_SECRET: APP_SECRET },
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const [missing, org] = await s.graph.batch([
      { method: 'GET', path: '/doesNotExist' },
      { method: 'GET', path: '/organization' },
    ]);
    const evidence = s.drainEvidence();
    await s.close();
    expect(missing!.status).toBe(400); // Graph: Resource not found for the segment 'doesNotExist'.
    const inner = (missing!.body as { error: { innerError: { 'request-id': string } } }).error.innerError['request-id'];
    expect(missing!.requestId).toBe(inner);
    const batchCall = evidence.find((e) => e.path.endsWith('/$batch'))!;
    const item = evidence.find((e) => e.viaBatch && e.path.endsWith('/doesNotExist'))!;
    expect(item.requestId).toBe(inner);
    expect(item.batchRequestId).toBe(batchCall.requestId);
    expect(item.requestId).not.toBe(batchCall.requestId);
    expect(org!.status).toBe(200);
  });
});
