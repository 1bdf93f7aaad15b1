/**
 * `run`'s first frame, drawn before Ink has loaded (early-frame.ts): the runbook's overview under
 * the screen's header, as ink-frontend.tsx FirstOverview draws it. Loaded after
 * frontend/index.ts prepareInkEnv() (chalk decides on colour when it loads) and before Ink.
 */
import { paintLines } from '../components/paint-lines.js';
import type { Tenant } from '../components/tenant-badge.js';
import { drawEarlyFrame } from './early-frame.js';
import { firstOverviewLines } from './overview-screen-lines.js';
import type { OverviewModel } from './overview-model.js';

/** Draws the overview now; false when it cannot be drawn before Ink (see drawEarlyFrame). */
export async function drawOverviewFirstFrame(
  model: OverviewModel,
  tenant: Tenant | undefined,
  io: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream },
): Promise<boolean> {
  const columns = io.stdout.columns || 80;
  const rows = io.stdout.rows || 24;
  return drawEarlyFrame(
    io.stdout,
    io.stdin,
    await paintLines(firstOverviewLines(model, tenant, { columns, rows }), columns),
  );
}
