/**
 * Secrets live only in the run's memory, so a run that stops loses them. When a
 * resumed run reaches a step that needs one (the new passphrase a password is
 * set to, the pass the practice operator registers a key with), the step that
 * made it and every finished step that used it since must run again: the old
 * value is void (journaled as such), a new one is made and shown. This file
 * only plans that; the engine journals and runs it.
 */
import type { JournalData } from '../core/journal-types.js';

/** A step instance the engine has walked past in this process, in run order. */
export interface Walked<E> {
  instanceId: string;
  /** Vault names the instance reads (StepKind.secretsUsed, resolved in its own scope). */
  uses(): string[];
  entry: E;
}

export interface RemakePlan<E> {
  /** The lost names the step needs. */
  names: string[];
  /** Instances to run again, in order: producers and the finished steps that used the old value. */
  rerun: Walked<E>[];
  /** Fingerprints to void, per instance (never empty for an instance in `rerun`). */
  voids: { instanceId: string; fingerprint: string }[];
}

export interface LostSecretState {
  /** Names whose latest value was made by an earlier process (and not remade in this one). */
  lost: Map<string, JournalData['secret-kept']>;
  /** Finished instances (from the journal; an instance in here is skipped on resume). */
  finished: (instanceId: string) => boolean;
  /** Secrets each instance showed, not yet void. */
  shown: (instanceId: string) => JournalData['secret-shown'][];
}

/**
 * What must run again before `current` can, or undefined when nothing it needs
 * is lost (or when the maker is out of reach, e.g. inside a group finished in an
 * earlier process: the step then reports the secret missing, as before).
 */
export function planRemake<E>(
  current: string,
  needs: string[],
  walked: Walked<E>[],
  st: LostSecretState,
): RemakePlan<E> | undefined {
  const names = [...new Set(needs)].filter((n) => st.lost.has(n));
  if (names.length === 0) return undefined;
  const position = new Map(walked.map((w, i) => [w.instanceId, i]));
  const makers = names.map((n) => st.lost.get(n)!.instanceId);
  const reachable = makers.filter((id) => id !== current && position.has(id) && st.finished(id));
  if (reachable.length !== makers.length) return undefined;
  const from = Math.min(...reachable.map((id) => position.get(id)!));
  const lostFps = new Map(names.map((n) => [n, st.lost.get(n)!.fingerprint]));
  const rerun: Walked<E>[] = [];
  const voids: RemakePlan<E>['voids'] = [];
  for (const w of walked.slice(from)) {
    if (w.instanceId === current || !st.finished(w.instanceId)) continue;
    const made = names.filter((n) => st.lost.get(n)!.instanceId === w.instanceId);
    const used = w.uses().filter((n) => lostFps.has(n));
    if (made.length === 0 && used.length === 0) continue;
    const fps = new Set<string>(st.shown(w.instanceId).map((s) => s.fingerprint));
    for (const n of [...made, ...used]) fps.add(lostFps.get(n)!);
    for (const fingerprint of fps) voids.push({ instanceId: w.instanceId, fingerprint });
    rerun.push(w);
  }
  return { names, rerun, voids };
}
