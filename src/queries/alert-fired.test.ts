/**
 * The drill reads every page of incidents / alerts: ARM list responses are paged with nextLink
 * (x-ms-pageable), and on a busy workspace the drill's incident is not on the first page.
 */
import { describe, expect, it } from 'vitest';
import type { TenantSession } from '../core/tenant.js';
import { query } from './alert-fired.js';

const WS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';

function pagedTenant(pages: unknown[][]): { tenant: TenantSession; asked: string[] } {
  const asked: string[] = [];
  const arm = {
    async request(_m: string, path: string, apiVersion: string) {
      asked.push(`${path} @${apiVersion}`);
      const m = /\$skipToken=(\d+)/.exec(decodeURIComponent(path));
      const i = m ? Number(m[1]) : 0;
      const nextLink =
        i + 1 < pages.length
          ? `https://management.azure.com${WS}/providers/Microsoft.SecurityInsights/incidents?api-version=${apiVersion}&$skipToken=${i + 1}`
          : undefined;
      return { status: 200, body: { value: pages[i], ...(nextLink ? { nextLink } : {}) } };
    },
  };
  return { tenant: { arm } as unknown as TenantSession, asked };
}

const incident = (n: number, title: string, created: string) => ({
  name: `i${n}`,
  properties: { title, incidentNumber: n, createdTimeUtc: created },
});

describe('alert.fired', () => {
  it('finds the drill’s incident on the second page, asking each page once with the api-version once', async () => {
    const { tenant, asked } = pagedTenant([
      [incident(1, 'other rule', '2026-01-01T10:00:00Z')],
      [incident(2, 'BG sign-in', '2026-01-01T10:01:30Z')],
    ]);
    const r = await query.run(
      query.args.parse({ scope: WS, ruleName: 'BG sign-in', since: '2026-01-01T10:00:00Z', sentinel: true }),
      { tenant, signal: new AbortController().signal, now: () => new Date('2026-01-01T10:05:00Z') },
    );
    // No sign-in time given: the figure is T0 → alert, and it is not called sign-in → alert.
    expect(r.outputs).toMatchObject({
      done: true,
      alertId: 'incident 2',
      alertAfterT0Ms: 90_000,
      alertLatencyMs: null,
    });
    expect(asked).toEqual([
      `${WS}/providers/Microsoft.SecurityInsights/incidents @2025-07-01-preview`,
      `${WS}/providers/Microsoft.SecurityInsights/incidents?%24skipToken=1 @2025-07-01-preview`,
    ]);
  });

  it('measures sign-in → alert from the sign-in, not from T0', async () => {
    const { tenant } = pagedTenant([[incident(3, 'BG sign-in', '2026-01-01T10:07:00Z')]]);
    const r = await query.run(
      query.args.parse({
        scope: WS,
        ruleName: 'BG sign-in',
        since: '2026-01-01T10:00:00Z',
        signInAt: '2026-01-01T10:05:00Z',
        sentinel: true,
      }),
      { tenant, signal: new AbortController().signal, now: () => new Date('2026-01-01T10:08:00Z') },
    );
    expect(r.outputs).toMatchObject({ alertLatencyMs: 120_000, alertAfterT0Ms: 420_000 });
    expect(r.summary).toContain('120 s after the sign-in');
  });
});
