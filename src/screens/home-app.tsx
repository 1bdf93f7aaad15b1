/**
 * Mounts the home screen with the runbooks listed when the library and
 * history are read in time, else at once with "reading runbooks…" and fills
 * it in when they are. Waits for the operator's choice, unmounts.
 * Loaded dynamically by src/commands/home.ts.
 */
import React from 'react';
import { render } from 'ink';
import { Home, type HomeChoice } from './Home.js';
import type { HomeModel } from './home-model.js';
import type { OverviewModel } from './overview-model.js';
import { LIST_WAIT_MS, within } from './home-first-frame.js';

export async function runHome(opts: {
  /** The library, history and unfinished runs, being read (started before Ink loaded). */
  model: Promise<HomeModel>;
  tenant: { label: string; practice: boolean };
  describe(path: string): Promise<OverviewModel>;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  version?: string;
  /** How long the first frame waits for the list; 0 when the caller has waited (home-first-frame.ts). */
  listWaitMs?: number;
}): Promise<HomeChoice> {
  // Read in time: the first frame is the list. A library that cannot be read ends the home screen
  // with its error before any frame, as it would after one.
  const early = await within(opts.model, opts.listWaitMs ?? LIST_WAIT_MS);
  if (early && 'error' in early) throw early.error;

  let choose!: (c: HomeChoice) => void;
  const chosen = new Promise<HomeChoice>((r) => (choose = r));
  const view = (model: HomeModel | undefined) => (
    <Home
      model={model}
      tenant={opts.tenant}
      describe={opts.describe}
      onChoose={(c) => choose(c)}
      version={opts.version}
    />
  );
  const app = render(view(early?.model), { stdin: opts.stdin, stdout: opts.stdout, exitOnCtrlC: false });
  let loadError: Error | undefined;
  if (!early)
    opts.model.then(
      (m) => app.rerender(view(m)),
      (e: unknown) => {
        loadError = e instanceof Error ? e : new Error(String(e));
        choose({ action: 'quit' });
      },
    );
  const choice = await chosen;
  app.clear();
  app.unmount();
  await app.waitUntilExit().catch(() => undefined);
  if (loadError) throw loadError;
  return choice;
}
