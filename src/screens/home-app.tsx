/**
 * Mounts the home screen at once (banner, "reading runbooks…"), then fills it
 * in when the library and history are read — the first frame does not wait
 * for every runbook to be parsed. Waits for the operator's choice, unmounts.
 * Loaded dynamically by src/commands/home.ts.
 */
import React from 'react';
import { render } from 'ink';
import { Home, type HomeChoice } from './Home.js';
import type { HomeModel } from './home-model.js';
import type { OverviewModel } from './overview-model.js';

export async function runHome(opts: {
  load(): Promise<HomeModel>;
  tenant: { label: string; practice: boolean };
  describe(path: string): Promise<OverviewModel>;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  version?: string;
}): Promise<HomeChoice> {
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
  const app = render(view(undefined), { stdin: opts.stdin, stdout: opts.stdout, exitOnCtrlC: false });
  // Let the first frame reach the terminal before the (synchronous-heavy) library parse.
  await new Promise((r) => setImmediate(r));
  let loadError: Error | undefined;
  opts.load().then(
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
