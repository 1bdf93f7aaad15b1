/**
 * The Ink front end: one long-lived Ink app (the step runner) driven by a
 * RunStore that implements the OperatorPort. Loaded only by
 * src/frontend/index.ts, dynamically, so `--help` never loads React or Ink.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type React from 'react';
import { Box, render } from 'ink';
import type { Answer, EngineEvent, OperatorPort, Prompt } from '../core/events.js';
import type { DeviceCodeInfo } from '../core/tenant.js';
import { SecretSurfaceContext } from '../components/SecretNotice.js';
import { Header } from '../components/Header.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { AltScreenSecret, GatedOutput } from './alt-screen.js';
import { secretMarker } from '../state/secret-marker.js';
import { RunStore } from './run-store.js';
import type { OverviewModel } from './overview-model.js';
import { Overview } from './Overview.js';

/**
 * What draws everything after the first frame: the step runner with every step's widget, the
 * markdown renderer, the secret screen (with its QR code) and the report screen. An overview
 * given up front is drawn without them (FirstOverview), and they load just after that frame;
 * until the step runner is up no key is read, so a key pressed meanwhile waits for it.
 */
type Runner = {
  StepRunner: typeof import('./StepRunner.js').StepRunner;
  secretScreenText: typeof import('./secret-text.js').secretScreenText;
  reportPathLines: typeof import('./ReportScreen.js').reportPathLines;
};
let runner: Runner | undefined;
let runnerLoading: Promise<Runner> | undefined;

/** Loads the step runner (once); createInkFrontEnd() draws with it from its first frame once this resolved. */
export function loadRunner(): Promise<Runner> {
  runnerLoading ??= Promise.all([
    import('./StepRunner.js'),
    import('./secret-text.js'),
    import('./ReportScreen.js'),
  ]).then(
    ([a, b, c]) =>
      (runner = { StepRunner: a.StepRunner, secretScreenText: b.secretScreenText, reportPathLines: c.reportPathLines }),
  );
  return runnerLoading;
}

function loadedRunner(): Runner {
  if (!runner) throw new Error('the step runner is not loaded yet');
  return runner;
}

/**
 * The step runner's overview screen as it draws it (its header, then the overview), with no key
 * read: the first frame of `run`, drawn before the step runner has loaded. Kept line for line
 * what StepRunner shows for the same overview, so swapping it in redraws nothing.
 */
export function FirstOverview({
  model,
  tenant,
}: {
  model: OverviewModel;
  tenant?: { label: string; practice: boolean };
}): React.ReactElement {
  const { columns } = useTerminalSize();
  return (
    <Box flexDirection="column" width={columns}>
      <Header title={model.title} tenant={tenant} frozen={false} />
      <Overview model={model} active={false} onStart={() => {}} onBack={() => {}} />
    </Box>
  );
}

export interface InkFrontEndOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  tenant?: { label: string; practice: boolean };
  resumeCommand?(runId: string): string;
  /** The state folder: a marker there says a secret is on screen (state/secret-marker.ts). */
  stateDir?: string;
  /**
   * An overview to show in the very first frame (rather than an empty header
   * frame, then the overview after Ink's render throttle). overview() with this
   * same model answers it. Without one, the first frame waits for loadRunner().
   */
  overview?: OverviewModel;
}

export interface InkFrontEnd extends OperatorPort {
  close(): Promise<void>;
  overview(model: OverviewModel): Promise<boolean>;
  showDeviceCode(info: DeviceCodeInfo): void;
  readonly store: RunStore;
}

/** sha256 of the report file as written: what an auditor compares. */
export function reportFingerprint(path: string): string {
  const hex = createHash('sha256').update(readFileSync(path)).digest('hex');
  return `sha256:${hex}`;
}

export function createInkFrontEnd(opts: InkFrontEndOptions): InkFrontEnd {
  const store = new RunStore({ fingerprint: reportFingerprint });
  // Before render(): the first frame already holds the overview.
  let first = opts.overview ? { model: opts.overview, answer: store.showOverview(opts.overview) } : undefined;
  const gate = new GatedOutput(opts.stdout);
  const color = !(process.env.NO_COLOR || process.env.FORCE_COLOR === '0');
  const surface = new AltScreenSecret(
    opts.stdout,
    gate,
    // Only the step runner's widgets show a secret, so it has loaded by then.
    (secret, columns, rows) => loadedRunner().secretScreenText(secret, columns, { color, rows }),
    opts.stateDir ? secretMarker(opts.stateDir) : undefined,
  );
  // Raw mode before the first frame, not when Ink's input hook mounts just after it: a key pressed
  // the moment the frame appears (Enter on an overview shown first) is then read as typed, not
  // made into a line by the terminal (Enter arriving as "\n") and echoed over the frame. Ink takes
  // raw mode over when its input hook mounts and turns it off on unmount.
  if (opts.stdin.isTTY && typeof opts.stdin.setRawMode === 'function') opts.stdin.setRawMode(true);
  const tree = (): React.ReactElement => (
    <SecretSurfaceContext.Provider value={surface}>
      {runner ? (
        <runner.StepRunner store={store} tenant={opts.tenant} resumeCommand={opts.resumeCommand} reportPathsBelow />
      ) : opts.overview ? (
        <FirstOverview model={opts.overview} tenant={opts.tenant} />
      ) : null}
    </SecretSurfaceContext.Provider>
  );
  const app = render(tree(), {
    stdout: gate as unknown as NodeJS.WriteStream,
    stdin: opts.stdin,
    exitOnCtrlC: false,
    // Only changed lines are rewritten: no flicker over SSH.
    // Not incrementalRendering: in a real PTY (Ink 6.8) it left stale lines behind; the live region is small anyway.
    patchConsole: true,
  });
  let closed = false;
  // The first frame is out: now the step runner, which takes the keys (and Enter on the overview).
  let runnerFailed: Promise<never> | undefined;
  if (!runner) {
    const loading = loadRunner().then(() => {
      if (!closed) app.rerender(tree());
    });
    runnerFailed = loading.then(() => new Promise<never>(() => {}));
    runnerFailed.catch(() => undefined); // reported through the overview's answer
  }
  return {
    store,
    emit(event: EngineEvent) {
      store.emit(event);
    },
    ask<P extends Prompt>(prompt: P, signal?: AbortSignal): Promise<Answer<P>> {
      return store.ask(prompt, signal);
    },
    showDeviceCode(info) {
      store.showDeviceCode(info);
    },
    overview(model) {
      if (first?.model === model) {
        const { answer } = first;
        first = undefined;
        // A step runner that cannot load (a broken install) would leave the overview unanswerable.
        return runnerFailed ? Promise.race([answer, runnerFailed]) : answer;
      }
      return store.showOverview(model);
    },
    async close() {
      if (closed) return;
      closed = true;
      surface.hide();
      // Let the last frame (report screen / resume hint) paint before unmounting.
      await new Promise((r) => setTimeout(r, 50));
      app.unmount();
      await app.waitUntilExit().catch(() => undefined);
      gate.dispose();
      const finished = store.getSnapshot().finished;
      if (finished) {
        const lines = loadedRunner().reportPathLines(finished);
        if (lines.length) opts.stdout.write(lines.join('\n') + '\n');
      }
    },
  };
}
