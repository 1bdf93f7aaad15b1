/**
 * Citations a user can follow: every check's source is a list of URLs on
 * Microsoft Learn, and nothing a check prints refers to a document the user
 * does not have.
 */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CHECKS } from './index.js';
import { evaluateChecks } from './run.js';
import { sourceLinks } from './output/sources.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

const ALLOWED_HOSTS = ['learn.microsoft.com'];
const INTERNAL = /\bseed\s*0\d\d\b|§|\bshared\/|\/work\/|check-catalog/i;

describe('check citations', () => {
  it.each(BUILT_IN_CHECKS.map((c) => [c.id, c] as const))('%s cites only Microsoft Learn URLs', (_id, c) => {
    const parts = c.source.split(/;\s*/);
    const links = sourceLinks(c.source);
    expect(links.length, c.source).toBe(parts.length);
    for (const l of links) expect(ALLOWED_HOSTS, l.url).toContain(new URL(l.url).host);
  });

  it('no title, rationale, reason or remediation names a document the user does not have', () => {
    for (const c of BUILT_IN_CHECKS) expect(`${c.title} ${c.rationale} ${c.source}`, c.id).not.toMatch(INTERNAL);
    const broken = healthy();
    broken.caPolicies = ok([]);
    broken.accounts[0]!.methods = FORBIDDEN;
    broken.sentinelRules = ok([]);
    broken.scheduledQueryRules = ok([]);
    broken.securityDefaults = ok({ isEnabled: true });
    for (const snap of [healthy(), broken])
      for (const r of evaluateChecks(BUILT_IN_CHECKS, snap, config({ whatIf: true }))) {
        expect(`${r.reason} ${r.remediation}`, r.id).not.toMatch(INTERNAL);
        for (const f of r.findings) expect(f.reason, r.id).not.toMatch(INTERNAL);
      }
  });
});
