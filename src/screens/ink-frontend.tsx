/**
 * The Ink front end: one long-lived Ink app (the step runner) driven by a
 * RunStore that implements the OperatorPort. Loaded only by
 * src/frontend/index.ts, dynamically, so `--help` never loads React or Ink.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import React from 'react';
import { render } from 'ink';
import type { Answer, EngineEvent, OperatorPort, Prompt } from '../core/events.js';
import type { DeviceCodeInfo } from '../core/tenant.js';
import { SecretSurfaceContext } from '../components/SecretNotice.js';
import { secretScreenText } from './secret-text.js';
import { AltScreenSecret, GatedOutput } from './alt-screen.js';
import { secretMarker } from '../state/secret-marker.js';
import { RunStore } from './run-store.js';
import type { OverviewModel } from './overview-model.js';
import { StepRunner } from './StepRunner.js';
import { reportPathLines } from './ReportScreen.js';

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
   * same model answers it.
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
    (secret, columns, rows) => secretScreenText(secret, columns, { color, rows }),
    opts.stateDir ? secretMarker(opts.stateDir) : undefined,
  );
  // Raw mode before the first frame, not when Ink's input hook mounts just after it: a key pressed
  // the moment the frame appears (Enter on an overview shown first) is then read as typed, not
  // made into a line by the terminal (Enter arriving as "\n") and echoed over the frame. Ink takes
  // raw mode over when its input hook mounts and turns it off on unmount.
  if (opts.stdin.isTTY && typeof opts.stdin.setRawMode === 'function') opts.stdin.setRawMode(true);
  const app = render(
    <SecretSurfaceContext.Provider value={surface}>
      <StepRunner store={store} tenant={opts.tenant} resumeCommand={opts.resumeCommand} reportPathsBelow />
    </SecretSurfaceContext.Provider>,
    {
      stdout: gate as unknown as NodeJS.WriteStream,
      stdin: opts.stdin,
      exitOnCtrlC: false,
      // Only changed lines are rewritten: no flicker over SSH.
      // Not incrementalRendering: in a real PTY (Ink 6.8) it left stale lines behind; the live region is small anyway.
      patchConsole: true,
    },
  );
  let closed = false;
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
        return answer;
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
        const lines = reportPathLines(finished);
        if (lines.length) opts.stdout.write(lines.join('\n') + '\n');
      }
    },
  };
}
