/**
 * The hand-off between "the operator looked at this runbook and pressed
 * Enter" and the run flow, shared by the home screen and `breakglass run`:
 * the run command calls confirmOverview() before startRun(); when the home
 * screen already showed the overview and the operator started it there, it is
 * not shown twice.
 */
import type { Runbook } from '../core/runbook.js';
import type { Catalog } from '../core/catalog.js';
import { describeRunbook, type OverviewModel } from './overview-model.js';

let acceptedSha: string | undefined;

/** The home screen showed this runbook's overview and the operator chose to start it. */
export function markOverviewAccepted(sha256: string): void {
  acceptedSha = sha256;
}

export interface OverviewCapable {
  overview?(model: OverviewModel): Promise<boolean>;
}

/**
 * Shows the overview (steps, tenant changes, permissions, inputs, sign-off) and
 * resolves true when the operator starts the run. Front ends without an
 * overview (the scripted operator) start at once.
 */
export async function confirmOverview(fe: OverviewCapable, runbook: Runbook, catalog: Catalog): Promise<boolean> {
  if (acceptedSha !== undefined && acceptedSha === runbook.source.sha256) {
    acceptedSha = undefined;
    return true;
  }
  if (!fe.overview) return true;
  return fe.overview(describeRunbook(runbook, catalog));
}
