/**
 * Rebuilds what the engine needs to continue from a verified journal:
 * finished steps (with outputs), attempts, intents without an outcome, and
 * secrets that were shown by a step that never finished.
 */
import type { StepResult } from '../core/events.js';
import type { JournalData, JournalRecord } from '../core/journal-types.js';

export interface ReplayState {
  header: JournalData['run-started'];
  startedAt: string;
  finished?: JournalData['run-finished'];
  results: Map<string, StepResult>;
  attempts: Map<string, number>;
  /** instanceId → intents with no matching outcome (in journal order). */
  pendingIntents: Map<string, (JournalData['intent'] & { at: string })[]>;
  /** instanceId → secrets shown (and not voided) by a step that has not finished. */
  exposedSecrets: Map<string, JournalData['secret-shown'][]>;
  /** instanceId → every secret it showed that is not void (finished steps included). */
  shownSecrets: Map<string, JournalData['secret-shown'][]>;
  /** vault name → the latest step that put a secret under it (the value died with its process). */
  keptSecrets: Map<string, JournalData['secret-kept']>;
  signoffs: JournalData['signoff'][];
  lastSeq: number;
  /** instanceId → a change journaled as done (applied, already done, reconciled) by a step that did not finish. */
  landed: Map<string, JournalData['outcome']>;
}

export function replay(records: JournalRecord[]): ReplayState {
  const first = records[0];
  if (!first || first.type !== 'run-started') throw new Error('the journal does not begin with run-started');
  const st: ReplayState = {
    // A copy: corrections below change its inputs, never the record read from the journal.
    header: { ...(first.data as JournalData['run-started']) },
    startedAt: first.ts,
    results: new Map(),
    attempts: new Map(),
    pendingIntents: new Map(),
    exposedSecrets: new Map(),
    shownSecrets: new Map(),
    keptSecrets: new Map(),
    signoffs: [],
    landed: new Map(),
    lastSeq: records.at(-1)!.seq,
  };
  for (const r of records) {
    switch (r.type) {
      case 'step-started': {
        const d = r.data as JournalData['step-started'];
        st.attempts.set(d.instanceId, d.attempt);
        break;
      }
      case 'intent': {
        const d = r.data as JournalData['intent'];
        const list = st.pendingIntents.get(d.instanceId) ?? [];
        list.push({ ...d, at: r.ts });
        st.pendingIntents.set(d.instanceId, list);
        break;
      }
      case 'outcome': {
        const d = r.data as JournalData['outcome'];
        const list = st.pendingIntents.get(d.instanceId);
        if (list) {
          const i = list.findIndex((x) => x.key === d.key && x.actionId === d.actionId);
          if (i >= 0) list.splice(i, 1);
          if (list.length === 0) st.pendingIntents.delete(d.instanceId);
        }
        if (d.status === 'applied' || d.status === 'already-done' || d.status === 'reconciled-applied')
          st.landed.set(d.instanceId, d);
        else st.landed.delete(d.instanceId);
        break;
      }
      case 'secret-shown': {
        const d = r.data as JournalData['secret-shown'];
        st.shownSecrets.set(d.instanceId, [...(st.shownSecrets.get(d.instanceId) ?? []), d]);
        break;
      }
      case 'secret-kept': {
        const d = r.data as JournalData['secret-kept'];
        st.keptSecrets.set(d.name, d);
        break;
      }
      case 'secret-voided': {
        const d = r.data as JournalData['secret-voided'];
        const shown = st.shownSecrets.get(d.instanceId)?.filter((x) => x.fingerprint !== d.fingerprint);
        if (shown?.length) st.shownSecrets.set(d.instanceId, shown);
        else st.shownSecrets.delete(d.instanceId);
        // What a finished step made or showed is void, so the step is undone: resume runs it again.
        st.results.delete(d.instanceId);
        break;
      }
      case 'step-finished': {
        const d = r.data as JournalData['step-finished'];
        st.results.set(d.instanceId, d.result);
        st.landed.delete(d.instanceId);
        break;
      }
      case 'input-corrected': {
        const d = r.data as JournalData['input-corrected'];
        st.header = { ...st.header, inputs: { ...st.header.inputs, [d.name]: d.to } };
        break;
      }
      case 'signoff':
        st.signoffs.push(r.data as JournalData['signoff']);
        break;
      case 'run-finished':
        st.finished = r.data as JournalData['run-finished'];
        break;
      default:
        break;
    }
  }
  // Exposed = shown and not void by a step that has not finished: a finished step's secrets were
  // delivered, they are not "lost in a crash".
  for (const [id, list] of st.shownSecrets) if (!st.results.has(id)) st.exposedSecrets.set(id, [...list]);
  return st;
}
