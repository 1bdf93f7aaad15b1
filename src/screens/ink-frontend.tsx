/**
 * The Ink front end: one long-lived Ink app (the step runner) driven by a
 * RunStore that implements the OperatorPort. Loaded only by
 * src/frontend/index.ts, dynamically, so `--help` never loads React or Ink.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import React from 'react';
import { render, renderToString } from 'ink';
import type { Answer, EngineEvent, OperatorPort, Prompt } from '../engine/events.js';
import type { DeviceCodeInfo } from '../components/DeviceCode.js';
import { SecretSurfaceContext, SecretView } from '../components/SecretNotice.js';
import { AltScreenSecret, GatedOutput } from './alt-screen.js';
import { RunStore } from './run-store.js';
import type { OverviewModel } from './overview-model.js';
import { StepRunner } from './StepRunner.js';

export interface InkFrontEndOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  tenant?: { label: string; practice: boolean };
  resumeCommand?(runId: string): string;
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
  const gate = new GatedOutput(opts.stdout);
  const surface = new AltScreenSecret(opts.stdout, gate, (secret, columns) =>
    renderToString(<SecretView secret={secret} width={columns} />, { columns }),
  );
  const app = render(
    <SecretSurfaceContext.Provider value={surface}>
      <StepRunner store={store} tenant={opts.tenant} resumeCommand={opts.resumeCommand} />
    </SecretSurfaceContext.Provider>,
    {
      stdout: gate as unknown as NodeJS.WriteStream,
      stdin: opts.stdin,
      exitOnCtrlC: false,
      // Only changed lines are rewritten: no flicker over SSH.
      incrementalRendering: true,
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
    },
  };
}
