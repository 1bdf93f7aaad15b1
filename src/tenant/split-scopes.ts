/**
 * Scopes by resource. Its own module so that connecting (tenant/connect.ts)
 * does not load the permission planner, which reads runbook steps (and with
 * them zod).
 */
import type { CloudResources } from '../config/clouds.js';

const trim = (r: string): string => r.replace(/\/+$/, '');

/** Splits full-URI scopes by resource. Bare names are Graph scopes (as in Entra). */
export function splitScopes(scopes: string[], resources: CloudResources): Record<keyof CloudResources, string[]> {
  const out: Record<keyof CloudResources, string[]> = { graph: [], logs: [], arm: [] };
  for (const s of scopes) {
    const low = s.toLowerCase();
    const which = (Object.keys(resources) as (keyof CloudResources)[]).find((k) =>
      low.startsWith(trim(resources[k]).toLowerCase() + '/'),
    );
    if (which) out[which].push(s);
    else if (/^https?:\/\//i.test(s))
      throw new Error(`scope "${s}" is not for Microsoft Graph, Log Analytics or Azure Resource Manager of this cloud`);
    else out.graph.push(`${trim(resources.graph)}/${s}`);
  }
  return out;
}
