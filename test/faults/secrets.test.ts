/**
 * Secrets never land anywhere: every shipped runbook that completes is run
 * in-process; every secret it SHOWED (TAPs, generated passphrases, Shamir
 * shares, halves — captured from the operator's secret prompts) and the
 * signing keys' passphrase are searched for in every file of the state dir
 * (journal, runbook copy, report envelope, Markdown, HTML) and in the
 * captured terminal output. Zero hits; fingerprints only.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filesUnder,
  KEY_PASSPHRASE,
  RUNBOOKS,
  SCALE,
  startServer,
  type Signer,
  removeScratch,
  scratchDir,
  signingKeys,
} from './harness.js';
import { runInProcess } from './in-process-run.js';

afterAll(removeScratch);

let signers: Signer[];
beforeAll(async () => {
  signers = await signingKeys();
}, 120_000);

const cases = SCALE === 'full' ? RUNBOOKS : RUNBOOKS.filter((c) => c.id === 'credential-rotation');

describe('no secret in any file or terminal output', () => {
  for (const c of cases) {
    it(`${c.id}`, async () => {
      const server = await startServer(c.scenario);
      try {
        const dir = scratchDir(`secrets-${c.id}`);
        const r = await runInProcess(c, signers, server, dir);
        expect(r.outcome.status, r.terminal.slice(-1500)).toBe('completed');
        const secrets = [...new Set([...r.secrets, KEY_PASSPHRASE])];
        if (c.id !== 'emergency-sign-in' && c.id !== 'setup-conditional-access')
          expect(r.secrets.length, 'the run showed secrets').toBeGreaterThan(0);
        const files = filesUnder(r.stateDir);
        expect(files.some((f) => f.endsWith('.dsse.json'))).toBe(true);
        const hits: string[] = [];
        for (const f of files) {
          const text = readFileSync(f, 'latin1');
          for (const s of secrets) if (text.includes(s)) hits.push(`${f} contains a secret (${s.length} chars)`);
        }
        for (const s of secrets)
          if (r.terminal.includes(s)) hits.push(`terminal output contains a secret (${s.length} chars)`);
        expect(hits).toEqual([]);
      } finally {
        await server.close();
      }
    });
  }
});
