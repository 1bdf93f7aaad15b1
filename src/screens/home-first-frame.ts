/**
 * The home screen's first frame, drawn before Ink has loaded (early-frame.ts): the list as Home.tsx
 * draws it, first item selected. Loaded after frontend/index.ts prepareInkEnv() (chalk decides on
 * colour when it loads) and before Ink.
 */
import { paintLines } from '../components/paint-lines.js';
import { drawEarlyFrame } from './early-frame.js';
import { homeLines, homeLoadingLines } from './home-lines.js';
import type { HomeModel } from './home-model.js';

/**
 * How long the first frame waits for the runbook list before it goes up without it. Up to about
 * 0.1 s a screen still appears at once to a person; within that, one frame with the list is better
 * than "reading runbooks…" replaced a moment later (a flicker, and Ink's render throttle holds the
 * second frame back until its trailing edge). A cold index or a slow disk takes longer: then the
 * operator sees at once that the program is up and that q works.
 */
export const LIST_WAIT_MS = 100;

export type Settled = { model: HomeModel } | { error: Error };

/** The model, its error, or undefined when it is not there within `ms`. */
export async function within(model: Promise<HomeModel>, ms: number): Promise<Settled | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  try {
    return await Promise.race([
      model.then(
        (m): Settled => ({ model: m }),
        (e: unknown): Settled => ({ error: e instanceof Error ? e : new Error(String(e)) }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Draws the list now, or, without a model (the library is still being read), the screen that says
 * so; false when it cannot be drawn before Ink (see drawEarlyFrame).
 */
export async function drawHomeFirstFrame(
  model: HomeModel | undefined,
  io: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; tenant: HomeModel['tenant']; version?: string },
): Promise<boolean> {
  const columns = io.stdout.columns || 80;
  const rows = io.stdout.rows || 24;
  const lines = model
    ? homeLines(model, { sel: 0, columns, rows, ...(io.version ? { version: io.version } : {}) })
    : homeLoadingLines(io.tenant, io.version);
  return drawEarlyFrame(io.stdout, io.stdin, await paintLines(lines, columns));
}
