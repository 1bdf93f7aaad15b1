/**
 * The hand-off between "the operator looked at this runbook and pressed
 * Enter" and the run flow, shared by the home screen and `breakglass run`:
 * the run command calls confirmOverview() before startRun(); when the home
 * screen already showed the overview and the operator started it there, it is
 * not shown twice. Light: describeRunbook (and what it imports) loads only
 * when an overview is made from a parsed runbook, so `run` can show a
 * precompiled overview (./precompiled-overview.ts) with nothing else loaded.
 */
import type { Runbook } from '../core/runbook.js';
import type { Catalog } from '../core/catalog.js';
import type { OverviewModel } from './overview-model.js';

let acceptedSha: string | undefined;

/** The home screen showed this runbook's overview and the operator chose to start it. */
export function markOverviewAccepted(sha256: string): void {
  acceptedSha = sha256;
}

/** Whether the home screen already had the runbook with these bytes accepted (not consumed: confirm* does that). */
export function overviewAccepted(sha256: string): boolean {
  return acceptedSha !== undefined && acceptedSha === sha256;
}

export interface OverviewCapable {
  overview?(model: OverviewModel): Promise<boolean>;
}

/** Takes the home screen's acceptance of these bytes: true once. */
function takeAccepted(sha256: string): boolean {
  if (!overviewAccepted(sha256)) return false;
  acceptedSha = undefined;
  return true;
}

/**
 * Shows the overview (steps, tenant changes, permissions, inputs, sign-off) and
 * resolves true when the operator starts the run. Front ends without an
 * overview (the scripted operator) start at once.
 */
export async function confirmOverview(fe: OverviewCapable, runbook: Runbook, catalog: Catalog): Promise<boolean> {
  if (takeAccepted(runbook.source.sha256) || !fe.overview) return true;
  const { describeRunbook } = await import('./overview-model.js');
  return fe.overview(describeRunbook(runbook, catalog));
}

/** confirmOverview() for an overview already made (a precompiled one: commands/run.ts). */
export async function confirmOverviewModel(fe: OverviewCapable, model: OverviewModel): Promise<boolean> {
  if (takeAccepted(model.sha256) || !fe.overview) return true;
  return fe.overview(model);
}
