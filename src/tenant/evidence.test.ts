import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestBody, EvidenceLog, redact, REDACTED, relativePath } from './evidence.js';

describe('redaction before digesting', () => {
  it('replaces passwords, TAPs, client secrets and keys wherever they are', () => {
    const body = {
      accountEnabled: true,
      passwordProfile: { password: 'Hunter2!Hunter2!', forceChangePasswordNextSignIn: false },
      temporaryAccessPass: 'TAP-123',
      passwordCredentials: [{ displayName: 'x', secretText: 's3cr3t' }],
      keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: 'MIIB...' }],
    };
    const r = redact(body) as typeof body;
    expect(r.passwordProfile.password).toBe(REDACTED);
    expect(r.passwordProfile.forceChangePasswordNextSignIn).toBe(false);
    expect(r.temporaryAccessPass).toBe(REDACTED);
    expect(r.passwordCredentials[0]!.secretText).toBe(REDACTED);
    expect(r.passwordCredentials[0]!.displayName).toBe('x');
    expect(r.keyCredentials[0]!.key).toBe(REDACTED);
    expect(r.keyCredentials[0]!.usage).toBe('Verify');
    expect(JSON.stringify(r)).not.toMatch(/Hunter2|TAP-123|s3cr3t|MIIB/);
  });

  it('digests are stable across key order and do not depend on the secret', () => {
    const a = digestBody({ b: 1, a: { password: 'one' } });
    const b = digestBody(JSON.stringify({ a: { password: 'two' }, b: 1 }));
    expect(a).toBe(b);
    expect(a).not.toBe(digestBody({ b: 2, a: { password: 'one' } }));
    expect(a).toBe(createHash('sha256').update(`{"a":{"password":"${REDACTED}"},"b":1}`).digest('hex'));
    expect(digestBody(undefined)).toBeUndefined();
  });

  it('paths are relative to the service root, with the query', () => {
    expect(relativePath('https://graph.microsoft.com/v1.0/users?$top=5', 'https://graph.microsoft.com')).toBe(
      '/v1.0/users?$top=5',
    );
    expect(relativePath('https://api.loganalytics.io/v1/workspaces/w/query', 'https://api.loganalytics.io/v1')).toBe(
      '/workspaces/w/query',
    );
  });

  it('drain hands over evidence once', () => {
    const log = new EvidenceLog();
    log.record({
      service: 'graph',
      method: 'GET',
      path: '/v1.0/me',
      status: 200,
      durationMs: 1,
      retries: 0,
      at: new Date().toISOString(),
    });
    expect(log.drain()).toHaveLength(1);
    expect(log.drain()).toHaveLength(0);
  });
});
