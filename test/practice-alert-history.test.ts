/**
 * A drill must never pass on old data: a scenario's sign-ins from last month
 * were ingested last month, so an alert rule in place today does not fire on
 * them — only on the drill's own sign-in, after the ingestion delay.
 */
import { describe, expect, it } from 'vitest';
import { loadWorld } from '../src/practice/world/index.js';

type W = ReturnType<typeof loadWorld> & {
  clock: { advance(ms: number): void; nowMs(): number };
  tick(): void;
  arm: Map<string, { id: string; properties: Record<string, unknown> }>;
  simulateSignIn(a: object): unknown;
};

const incidents = (w: W) => [...w.arm.values()].filter((r) => /\/incidents\//i.test(r.id));

describe('practice alerting and history', () => {
  it('fires on the drill sign-in only, never on history', () => {
    const w = loadWorld('healthy') as W;
    w.tick();
    w.clock.advance(10 * 60_000);
    w.tick();
    expect(incidents(w)).toHaveLength(0); // historical bg sign-ins (-30d) do not page today

    const signInAt = w.clock.nowMs();
    w.simulateSignIn({ upn: 'bg-admin-01@contosopractice.onmicrosoft.com', method: 'fido2' });
    w.clock.advance(60_000);
    w.tick();
    expect(incidents(w)).toHaveLength(0); // not ingested yet (120 s delay)
    w.clock.advance(3 * 60_000);
    w.tick();
    const fired = incidents(w);
    expect(fired).toHaveLength(1);
    expect(Date.parse(String(fired[0]!.properties['createdTimeUtc']))).toBeGreaterThanOrEqual(signInAt + 120_000);
  });
});
