/**
 * Did the break-glass alert fire? A Sentinel incident (NRT/scheduled rule) or
 * an Azure Monitor alert created at or after T0. Rule existence is not the
 * test; firing and latency are ("Latency and delivery are the
 * test, not just rule existence").
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { armListAll } from './arm-pages.js';

const Args = z.strictObject({
  /** Workspace resource id (Sentinel incidents) — or a subscription id path for Azure Monitor alerts. */
  scope: z.string().regex(/^\/subscriptions\/[^/]+/i),
  ruleName: z.string().min(1),
  since: z.string().datetime({ offset: true }),
  /**
   * The drill's own sign-in (from the log step). When given, only an alert at or after it counts —
   * an alert about something older must never pass the drill — and latency is sign-in → alert.
   */
  signInAt: z.string().datetime({ offset: true }).optional(),
  sentinel: z.boolean().default(false),
  /** Longest acceptable T0 → alert time, ISO-8601 (e.g. PT15M). Over it = fail. */
  maxLatency: z
    .string()
    .regex(/^PT(?:\d+H)?(?:\d+M)?(?:\d+S)?$/)
    .default('PT15M'),
});

function isoMs(d: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(d)!;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

interface Incident {
  name: string;
  properties: { title?: string; createdTimeUtc?: string; incidentNumber?: number; relatedAnalyticRuleIds?: string[] };
}
interface Alert {
  id: string;
  properties: { essentials?: { alertRule?: string; startDateTime?: string; severity?: string } };
}

export const query: Query<z.infer<typeof Args>> = {
  id: 'alert.fired',
  title: 'Wait for the alert to fire',
  // The permission table's rows: sentinel.incidents.list (Microsoft Sentinel Reader) and
  // alertsManagement.alerts.list (Monitoring Reader). A declaration cannot depend on `sentinel`, so it names both.
  permissions: { arm: ['Monitoring Reader', 'Microsoft Sentinel Reader'] },
  // alertLatencyMs is sign-in → alert and exists only when the sign-in time was given; without it the
  // only honest figure is alertAfterT0Ms (drill start → alert), which also holds the time taken to sign in.
  outputs: ['done', 'alertAt', 'alertLatencyMs', 'alertAfterT0Ms', 'alertId'],
  args: Args,
  async run(a, { tenant }) {
    const since = Math.max(Date.parse(a.since), a.signInAt ? Date.parse(a.signInAt) : 0);
    let hit: { at: string; id: string } | undefined;
    if (a.sentinel) {
      // Every page: the drill's incident may be past the first page of a busy workspace.
      const incidents = await armListAll<Incident>(
        tenant,
        `${a.scope}/providers/Microsoft.SecurityInsights/incidents`,
        '2025-07-01-preview',
      );
      const inc = incidents
        .filter((i) => i.properties.title === a.ruleName && Date.parse(i.properties.createdTimeUtc ?? '') >= since)
        .sort((x, y) => Date.parse(x.properties.createdTimeUtc!) - Date.parse(y.properties.createdTimeUtc!))[0];
      if (inc)
        hit = { at: inc.properties.createdTimeUtc!, id: `incident ${inc.properties.incidentNumber ?? inc.name}` };
    } else {
      const sub = /^\/subscriptions\/[^/]+/i.exec(a.scope)![0];
      const alerts = await armListAll<Alert>(
        tenant,
        `${sub}/providers/Microsoft.AlertsManagement/alerts`,
        '2019-03-01',
      );
      const al = alerts
        .filter(
          (x) =>
            (x.properties.essentials?.alertRule ?? '').toLowerCase().endsWith(`/${a.ruleName.toLowerCase()}`) &&
            Date.parse(x.properties.essentials?.startDateTime ?? '') >= since,
        )
        .sort(
          (x, y) =>
            Date.parse(x.properties.essentials!.startDateTime!) - Date.parse(y.properties.essentials!.startDateTime!),
        )[0];
      if (al) hit = { at: al.properties.essentials!.startDateTime!, id: al.id.split('/').pop()! };
    }
    const latency = hit ? Date.parse(hit.at) - since : null;
    const limit = isoMs(a.maxLatency);
    return {
      ...(hit ? { verdict: latency! <= limit ? ('pass' as const) : ('fail' as const) } : {}),
      outputs: {
        done: Boolean(hit),
        alertAt: hit?.at ?? null,
        alertLatencyMs: hit && a.signInAt ? latency : null,
        alertAfterT0Ms: hit ? Date.parse(hit.at) - Date.parse(a.since) : null,
        alertId: hit?.id ?? null,
      },
      summary: hit
        ? `alert fired: ${hit.id} ${Math.round(latency! / 1000)} s after ${a.signInAt ? 'the sign-in' : 'T0'} (threshold ${Math.round(limit / 1000)} s)${latency! > limit ? ' — TOO SLOW' : ''}`
        : 'no alert yet',
    };
  },
};
