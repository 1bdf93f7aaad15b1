/**
 * The practice tenant's state as a file. A real tenant outlives the process
 * that changes it; so must the practice tenant of a run that stops (`q`, a
 * crash): the run saves its world in the run folder after every change, and
 * `resume` brings the same tenant back instead of a freshly loaded scenario.
 *
 * The file holds every field of WorldState (generically, so a field added
 * later is saved too), the id generator's position and the simulated time.
 * Maps are tagged so they come back as Maps. An object reachable twice comes
 * back as two equal copies; the only such objects (a sign-in's applied
 * Conditional Access results, shared with its log row) never change after
 * the sign-in. Writes are atomic (a temporary
 * file renamed over the old one), so a process killed mid-write leaves the
 * previous state, never half of one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { World } from './world.js';
import type { WorldState, WorldOptions } from './world-state.js';

export const PRACTICE_STATE_FORMAT = 'breakglass-practice-tenant/1';

/** Not data: the id generator and the clock are saved as their position and time. */
const NOT_DATA = new Set(['ids', 'clock']);

interface SavedWorld {
  format: string;
  /** Real time of the save. */
  savedAt: string;
  /** Simulated time of the save (ms since the epoch). */
  simNowMs: number;
  timeScale: number;
  idPosition: number;
  state: Record<string, unknown>;
}

function encode(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value.entries()] };
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { $map?: unknown };
    if (Array.isArray(v.$map) && Object.keys(value).length === 1) return new Map(v.$map as [unknown, unknown][]);
  }
  return value;
}

/** The world's data as JSON text (no time, no id position): equal text = nothing changed. */
export function worldDataJson(w: WorldState): string {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(w)) if (!NOT_DATA.has(k)) data[k] = v;
  return JSON.stringify(data, encode);
}

/** The whole saved file, from worldDataJson's text (so a caller that compared it does not serialize twice). */
export function savedWorldText(w: WorldState, dataJson = worldDataJson(w)): string {
  const head: Omit<SavedWorld, 'state'> = {
    format: PRACTICE_STATE_FORMAT,
    savedAt: w.clock.realTime().toISOString(),
    simNowMs: w.clock.nowMs(),
    timeScale: w.clock.timeScale,
    idPosition: w.ids.position,
  };
  return `${JSON.stringify(head).slice(0, -1)},"state":${dataJson}}\n`;
}

/** Write atomically and durably: temp file, fsync, rename over the old one. Owner-only: it names accounts. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export class PracticeStateError extends Error {}

/**
 * The saved world, back as a World. Simulated time goes on from the save by
 * the real time that passed since (a tenant keeps living while nobody runs
 * breakglass), at the run's time scale from then on.
 */
export function restoreWorld(text: string, opts: Pick<WorldOptions, 'timeScale' | 'now'> = {}): World {
  let saved: SavedWorld;
  try {
    saved = JSON.parse(text, decode) as SavedWorld;
  } catch (e) {
    throw new PracticeStateError(`the saved practice tenant is not valid JSON (${(e as Error).message})`);
  }
  if (saved?.format !== PRACTICE_STATE_FORMAT || typeof saved.state !== 'object' || saved.state === null)
    throw new PracticeStateError(`the saved practice tenant is not in the ${PRACTICE_STATE_FORMAT} format`);
  const realNow = (opts.now ?? (() => new Date()))();
  const away = Math.max(0, realNow.getTime() - Date.parse(saved.savedAt) || 0);
  const w = new World(
    { timeScale: opts.timeScale ?? saved.timeScale, ...(opts.now ? { now: opts.now } : {}) },
    new Date(saved.simNowMs + away),
  );
  w.ids.moveTo(saved.idPosition);
  const target = w as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(saved.state)) {
    const cur = target[k];
    if (cur instanceof Map && v instanceof Map) {
      cur.clear();
      for (const [mk, mv] of v) cur.set(mk, mv);
    } else if (Array.isArray(cur) && Array.isArray(v)) cur.splice(0, cur.length, ...(v as unknown[]));
    else target[k] = v;
  }
  return w;
}

/** Saves a world whenever its data changed since the last save. */
export class WorldSaver {
  private last = '';
  constructor(
    private readonly world: WorldState,
    readonly path: string,
  ) {}
  /** Call after anything that may have changed the tenant; writes only when it did. */
  save(): void {
    const data = worldDataJson(this.world);
    if (data === this.last) return;
    writeFileAtomic(this.path, savedWorldText(this.world, data));
    this.last = data;
  }
}
