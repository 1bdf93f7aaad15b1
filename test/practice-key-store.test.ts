/**
 * The practice tenant's keys are kept in the state folder between starts:
 * reused when sound and owner-only, made anew otherwise, and a server started
 * with stored keys serves TLS that the stored CA verifies.
 */
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE, practiceKeys } from '../src/practice/key-store.js';
import { startPracticeServer } from '../src/practice/server.js';

describe('practice key store', () => {
  it('stores keys owner-only and reuses them on the next start', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bg-keys-')), 'practice');
    const first = await practiceKeys(dir);
    expect(first.origin).toBe('made');
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const second = await practiceKeys(dir);
    expect(second.origin).toBe('stored');
    expect(second.tls.caPem).toBe(first.tls.caPem);
  });

  it('does not use a key file others can read, nor a damaged one', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bg-keys-')), 'practice');
    const first = await practiceKeys(dir);
    chmodSync(join(dir, KEY_FILE), 0o644);
    const again = await practiceKeys(dir);
    expect(again.origin).toBe('made');
    expect(again.tls.caPem).not.toBe(first.tls.caPem);
    writeFileSync(join(dir, KEY_FILE), '{"version":1,"tls":{}}', { mode: 0o600 });
    expect((await practiceKeys(dir)).origin).toBe('made');
  });

  it('a server started twice on one key store presents a certificate the stored CA verifies', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bg-keys-')), 'practice');
    const a = await startPracticeServer({ keyStore: dir });
    const caA = a.caPem;
    await a.close();
    const b = await startPracticeServer({ keyStore: dir });
    try {
      expect(b.caPem).toBe(caA);
      const { Agent, fetch } = await import('undici');
      const r = await fetch(
        `${b.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${b.url}/common/oauth2/v2.0/authorize`)}`,
        {
          dispatcher: new Agent({ connect: { ca: caA } }),
        },
      );
      expect(r.status).toBeLessThan(500);
    } finally {
      await b.close();
    }
  });
});
