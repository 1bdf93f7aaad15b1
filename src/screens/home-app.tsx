/** Mounts the home screen, waits for the operator's choice, unmounts. Loaded dynamically by src/commands/home.ts. */
import React from 'react';
import { render } from 'ink';
import { Home, type HomeChoice } from './Home.js';
import type { HomeModel } from './home-model.js';
import type { OverviewModel } from './overview-model.js';

export async function runHome(opts: {
  model: HomeModel;
  describe(path: string): Promise<OverviewModel>;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  version?: string;
}): Promise<HomeChoice> {
  let choose!: (c: HomeChoice) => void;
  const chosen = new Promise<HomeChoice>((r) => (choose = r));
  const app = render(<Home model={opts.model} describe={opts.describe} onChoose={(c) => choose(c)} version={opts.version} />, {
    stdin: opts.stdin,
    stdout: opts.stdout,
    exitOnCtrlC: false,
    incrementalRendering: true,
  });
  const choice = await chosen;
  app.clear();
  app.unmount();
  await app.waitUntilExit().catch(() => undefined);
  return choice;
}
