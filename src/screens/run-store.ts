/**
 * The state the step runner renders, fed by EngineEvents, and the pending
 * Prompt with its resolver. This is the Ink front end's half of the
 * OperatorPort: `emit` and `ask` go in here; React reads snapshots with
 * useSyncExternalStore. Immutable updates: every change is a new snapshot.
 * No Ink import, so it is testable and cheap.
 */
import type { Answer, EngineEvent, Prompt, ReportVerdict, RunSummary } from '../core/events.js';
import { OperatorQuit } from '../core/events.js';
import type { StepKindName } from '../core/runbook.js';
import type { DeviceCodeInfo } from '../core/tenant.js';
import type { TranscriptItem } from '../components/TranscriptEntry.js';
import type { OverviewModel } from './overview-model.js';

export interface LiveStep {
  instanceId: string;
  stepId: string;
  index: number;
  total: number;
  title: string;
  prose: string;
  kind: StepKindName;
  mutating: boolean;
  logs: { level: 'info' | 'warn' | 'error'; message: string }[];
  progress?: { message: string; fraction?: number; deadline?: string };
}

export interface PendingAsk {
  id: number;
  prompt: Prompt;
}

export interface Finished {
  status: 'completed' | 'aborted';
  runDir: string;
  reportPath?: string;
  reason?: string;
  fingerprint?: string;
  /** What the written report says (headline, attention list); absent when no report was written. */
  report?: ReportVerdict;
}

export interface RunState {
  run?: RunSummary;
  startedAt: number;
  transcript: TranscriptItem[];
  live?: LiveStep;
  pending?: PendingAsk;
  deviceCode?: DeviceCodeInfo;
  finished?: Finished;
  /** The operator confirmed quitting. */
  quitting: boolean;
  /** The runbook overview, shown before the run starts. */
  overview?: { id: number; model: OverviewModel };
}

export interface StoreOptions {
  now?: () => number;
  /** Computes the report fingerprint shown on the report screen. */
  fingerprint?: (reportPath: string) => string | undefined;
}

export class RunStore {
  private state: RunState;
  private listeners = new Set<() => void>();
  private resolvers = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private nextId = 1;
  private seq = 0;
  private readonly now: () => number;

  constructor(private readonly opts: StoreOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.state = { startedAt: this.now(), transcript: [], quitting: false };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): RunState => this.state;

  private set(patch: Partial<RunState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private key(): string {
    return `t${++this.seq}`;
  }

  emit(event: EngineEvent): void {
    const s = this.state;
    switch (event.type) {
      case 'run-started':
        this.set({
          run: event.run,
          startedAt: this.now(),
          transcript: [
            ...s.transcript,
            { key: this.key(), type: 'run', run: event.run, resumed: event.resumed, resumeAt: event.resumeAt },
          ],
        });
        break;
      case 'step-started':
        this.set({
          deviceCode: undefined,
          live: {
            instanceId: event.instanceId,
            stepId: event.stepId,
            index: event.index,
            total: event.total,
            title: event.title,
            prose: event.prose,
            kind: event.kind,
            mutating: event.mutating,
            logs: [],
          },
        });
        break;
      case 'step-progress':
        if (s.live && s.live.instanceId === event.instanceId)
          this.set({
            live: {
              ...s.live,
              progress: { message: event.message, fraction: event.fraction, deadline: event.deadline },
            },
          });
        break;
      case 'step-log':
        if (s.live && s.live.instanceId === event.instanceId)
          this.set({ live: { ...s.live, logs: [...s.live.logs, { level: event.level, message: event.message }] } });
        else
          this.set({
            transcript: [
              ...s.transcript,
              { key: this.key(), type: 'notice', level: event.level, message: event.message },
            ],
          });
        break;
      case 'step-finished': {
        const live = s.live && s.live.instanceId === event.instanceId ? s.live : undefined;
        this.set({
          live: live ? undefined : s.live,
          deviceCode: undefined,
          transcript: [
            ...s.transcript,
            {
              key: this.key(),
              type: 'step',
              index: live?.index ?? 0,
              total: live?.total ?? s.run?.totalSteps ?? 0,
              title: live?.title ?? event.instanceId,
              kind: live?.kind ?? 'manual',
              mutating: live?.mutating ?? false,
              result: event.result,
              logs: live?.logs.filter((l) => l.level !== 'info') ?? [],
            },
          ],
        });
        break;
      }
      case 'notice':
        this.set({
          transcript: [
            ...s.transcript,
            { key: this.key(), type: 'notice', level: event.level, message: event.message },
          ],
        });
        break;
      case 'run-finished': {
        let fingerprint: string | undefined;
        if (event.reportPath && this.opts.fingerprint) {
          try {
            fingerprint = this.opts.fingerprint(event.reportPath);
          } catch {
            fingerprint = undefined;
          }
        }
        this.set({
          live: undefined,
          deviceCode: undefined,
          finished: {
            status: event.status,
            runDir: event.runDir,
            reportPath: event.reportPath,
            reason: event.reason,
            fingerprint,
            ...(event.report ? { report: event.report } : {}),
          },
        });
        break;
      }
    }
  }

  showDeviceCode(info: DeviceCodeInfo): void {
    this.set({ deviceCode: info });
  }

  ask<P extends Prompt>(prompt: P, signal?: AbortSignal): Promise<Answer<P>> {
    if (this.state.quitting) return Promise.reject(new OperatorQuit());
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    if (this.state.pending) {
      // One question at a time: a second concurrent ask is an engine bug; fail loudly, not silently.
      return Promise.reject(
        new Error(`front end: asked "${prompt.type}" while "${this.state.pending.prompt.type}" is pending`),
      );
    }
    const id = this.nextId++;
    return new Promise<Answer<P>>((resolve, reject) => {
      const onAbort = () => {
        if (this.state.pending?.id === id) {
          this.resolvers.delete(id);
          this.set({ pending: undefined });
          reject(signal?.reason ?? new Error('aborted'));
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.resolvers.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v as Answer<P>);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      this.set({ pending: { id, prompt } });
    });
  }

  /** The widget for ask `id` answered. Stale answers (a widget from a previous prompt) are ignored. */
  answer(id: number, value: unknown): void {
    const r = this.resolvers.get(id);
    if (!r || this.state.pending?.id !== id) return;
    this.resolvers.delete(id);
    this.set({ pending: undefined });
    r.resolve(value);
  }

  /** Shows the overview; resolves true when the operator starts the run, false on back/quit. */
  showOverview(model: OverviewModel): Promise<boolean> {
    const id = this.nextId++;
    return new Promise<boolean>((resolve) => {
      this.overviewResolve = { id, resolve };
      this.set({ overview: { id, model } });
    });
  }

  answerOverview(id: number, start: boolean): void {
    if (this.overviewResolve?.id !== id) return;
    const r = this.overviewResolve;
    this.overviewResolve = undefined;
    this.set({ overview: undefined });
    r.resolve(start);
  }

  private overviewResolve: { id: number; resolve(start: boolean): void } | undefined;

  /** The operator confirmed quitting: reject the pending ask (or the next one) with OperatorQuit. */
  quit(): void {
    const p = this.state.pending;
    const ov = this.state.overview;
    if (ov) {
      // Quitting from the overview: nothing has started, so it is just "don't start".
      this.answerOverview(ov.id, false);
      return;
    }
    this.set({ quitting: true, pending: undefined });
    if (p) {
      const r = this.resolvers.get(p.id);
      this.resolvers.delete(p.id);
      r?.reject(new OperatorQuit());
    }
  }
}
