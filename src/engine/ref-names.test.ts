/** Conditions on the shipped emergency runbook, said as a person would say them. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../runbook/parse.js';
import { builtInCatalog } from '../steps/catalog.js';
import { skippedSentence } from '../expr/describe.js';
import { refNamer } from './ref-names.js';

describe('skipped steps in words', () => {
  it('names the field by its label and says what it was', async () => {
    const r = await loadRunbook(
      join(import.meta.dirname, '..', '..', 'runbooks', 'emergency-sign-in.md'),
      builtInCatalog(),
    );
    const rb = r.runbook!;
    const scope = { steps: { envelopes: { seal1Intact: true }, 'way-in': { method: 'FIDO2 key' } }, inputs: {} };
    const seal = rb.steps.find((s) => s.when?.includes('seal1Intact'))!;
    expect(skippedSentence(seal.when!, scope, refNamer(rb))).toBe(
      'Skipped: runs only when “Custodian 1 — seal intact?” is no (it was yes).',
    );
    const text = skippedSentence("${steps.way-in.method} == 'Sealed passphrase'", scope, refNamer(rb));
    expect(text).toBe('Skipped: runs only when “How will you sign in?” is “Sealed passphrase” (it was “FIDO2 key”).');
    expect(text).not.toMatch(/\$\{|==/);
  });
});
