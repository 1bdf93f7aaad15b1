import { describe, expect, it } from 'vitest';
import { check } from './bg-015-access-review.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import { ok, type AccessReviewDefinition } from './snapshot.js';

describe('BG-015 access review', () => {
  it('passes for a monthly review without auto-approve', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass'));
  it('fails an auto-approving review', () => {
    const s = healthy();
    Object.assign(val<AccessReviewDefinition[]>(s.accessReviews)[0]!.settings!, {
      defaultDecisionEnabled: true,
      defaultDecision: 'Approve',
    });
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/auto-approves/);
  });
  it('warns for a one-time review', () => {
    const s = healthy();
    val<AccessReviewDefinition[]>(s.accessReviews)[0]!.settings!.recurrence = null;
    expect(check.evaluate(s, config()).verdict).toBe('warn');
  });
  it('fails when no review covers the group', () => {
    const s = healthy();
    s.accessReviews = ok([]);
    expect(check.evaluate(s, config()).reason).toMatch(/no active access review covers SG-BreakGlass-Exclude/);
  });
  it('errors when reviews cannot be read', () => {
    const s = healthy();
    s.accessReviews = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
