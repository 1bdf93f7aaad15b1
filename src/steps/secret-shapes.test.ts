import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { coerceInput } from './input-values.js';
import { EMAIL, secretShapeOf } from './secret-shapes.js';
import { encodeShare } from './share-codec.js';
import { generatePassphrase, generatePassword } from './secret-generate.js';

describe('a secret typed into an ordinary field', () => {
  it('recognises shares, passphrases and their halves, passwords and TAPs', () => {
    for (let i = 0; i < 200; i++) {
      const share = encodeShare(randomBytes(33));
      expect(secretShapeOf(share), share).toMatch(/Shamir share/);
      expect(secretShapeOf(share.toLowerCase()), share).toMatch(/Shamir share/);
      const pp = generatePassphrase(6, 5);
      expect(secretShapeOf(pp), pp).toMatch(/passphrase/);
      const mid = Math.ceil(pp.length / 2);
      expect(secretShapeOf(pp.slice(0, mid)), pp).toMatch(/passphrase/);
      expect(secretShapeOf(pp.slice(mid)), pp).toMatch(/passphrase/);
      const pw = generatePassword(24);
      if (/[!#%+=?@^~:]/.test(pw) && !EMAIL.test(pw)) expect(secretShapeOf(pw), pw).toMatch(/password/);
    }
    for (const tap of ['Xy7!abcD', 'q#4TzP9m', 'A2b@C3d$E4f%']) expect(secretShapeOf(tap), tap).toMatch(/Temporary/);
  });

  it('lets ordinary values through', () => {
    for (const v of [
      'ENV-A-001',
      'KEY-7',
      'YubiKey 5C NFC',
      'YubiKey-5C',
      'SG-BreakGlass-Exclude',
      'CA001-All-Users-Require-MFA',
      'bg1@contoso.onmicrosoft.com',
      'Graph outage, ticket 4711',
      'https://aka.ms/mysecurityinfo?x=1',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      'serial 12345678',
      'safe-a',
    ])
      expect(secretShapeOf(v), v).toBeUndefined();
  });

  it('an ordinary field refuses it with an explanation that does not quote it; a secret field takes it', () => {
    const pp = generatePassphrase(6, 5);
    const r = coerceInput({ name: 'note', type: 'string', label: 'Envelope number', required: true }, pp);
    expect(r.ok).toBe(false);
    const error = (r as { error: string }).error;
    expect(error).toMatch(/^Envelope number: this looks like a passphrase, or part of one/);
    expect(error).toMatch(/written to the run's journal and report/);
    expect(error).not.toContain(pp);
    expect(coerceInput({ name: 'pp', type: 'string', label: 'Passphrase', required: true, secret: true }, pp)).toEqual({
      ok: true,
      value: pp,
    });
  });
});
