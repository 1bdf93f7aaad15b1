/**
 * connectPractice() against the shipped practice world (C2's scenarios):
 * the default public client signs in by device code (auto-approved, but the
 * UI callback still sees the code) and reads the tenant.
 */
import { describe, expect, it } from 'vitest';
import { connectPractice } from '../src/commands/practice-session.js';

describe('connectPractice', () => {
  it('starts the healthy scenario and reads it through the real clients', async () => {
    const codes: string[] = [];
    const c = await connectPractice({
      scenario: 'healthy',
      callbacks: { onDeviceCode: (i) => codes.push(i.userCode) },
    });
    try {
      expect(c.session.label).toBe('PRACTICE · healthy');
      expect(c.session.mode).toBe('practice');
      const who = await c.session.identity();
      expect(codes).toHaveLength(1);
      expect(who.kind).toBe('user');
      expect(who.upn).toMatch(/@/);
      const org = await c.session.graph.request<{ value: { id: string }[] }>({ method: 'GET', path: '/organization' });
      expect(org.body.value[0]!.id).toBe(c.server.tenantId);
      let n = 0;
      for await (const _ of c.session.graph.list({ path: '/users', query: { $top: '2' } })) n++;
      expect(n).toBeGreaterThan(2); // followed nextLink at least once
      const ev = c.session.drainEvidence();
      expect(ev.filter((e) => e.service === 'graph' && e.path.includes('skiptoken')).length).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });
});
