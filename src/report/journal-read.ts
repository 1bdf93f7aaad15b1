/**
 * An independent reader and chain checker for run journals (format in
 * src/engine/journal-types.ts). The report builder and `breakglass verify`
 * use this instead of the engine's writer on purpose: a verifier that shares
 * code with the thing it verifies would share its bugs. It only needs the
 * documented format: JSONL, one record per line,
 *   hash = sha256hex(prev + "\n" + canonicalJSON({ seq, ts, type, data }))
 * with prev of the first record = 64 zeros (GENESIS_HASH).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { GENESIS_HASH, type JournalRecord, type JournalType } from '../engine/journal-types.js';

/** A record as read: `type` may be one this reader does not know yet (forward compatible). */
export type AnyJournalRecord = Omit<JournalRecord, 'type' | 'data'> & { type: JournalType | (string & {}); data: unknown };

export interface JournalCheck {
  ok: boolean;
  records: AnyJournalRecord[];
  /** Hash of the last record, or GENESIS_HASH for an empty journal. */
  finalHash: string;
  /** Problems, each with the 1-based line it was found on. First one stops the chain check. */
  problems: string[];
}

export function recordHash(prev: string, rec: { seq: number; ts: string; type: string; data: unknown }): string {
  const canon = canonicalize({ seq: rec.seq, ts: rec.ts, type: rec.type, data: rec.data });
  if (canon === undefined) throw new Error('journal record cannot be canonicalized');
  return createHash('sha256').update(`${prev}\n${canon}`).digest('hex');
}

/** Parses and checks the chain of a journal's bytes. Never throws on bad content: problems are reported. */
export function checkJournal(text: string): JournalCheck {
  const records: AnyJournalRecord[] = [];
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  const lines = text.split('\n');
  // A trailing newline leaves one empty string at the end; a torn last write leaves a partial line.
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let rec: AnyJournalRecord;
    try {
      rec = JSON.parse(lines[i]!) as AnyJournalRecord;
    } catch {
      problems.push(`line ${lineNo}: not valid JSON${i === lines.length - 1 ? ' (a torn last write?)' : ''}`);
      break;
    }
    if (
      typeof rec !== 'object' || rec === null ||
      typeof rec.seq !== 'number' || typeof rec.ts !== 'string' || typeof rec.type !== 'string' ||
      typeof rec.prev !== 'string' || typeof rec.hash !== 'string' || !('data' in rec)
    ) {
      problems.push(`line ${lineNo}: not a journal record (needs seq, ts, type, data, prev, hash)`);
      break;
    }
    if (rec.seq !== i + 1 && rec.seq !== i) {
      // Accept 0- or 1-based numbering, but it must be consecutive.
      problems.push(`line ${lineNo}: sequence number ${rec.seq} out of order`);
      break;
    }
    if (i > 0 && rec.seq !== records[i - 1]!.seq + 1) {
      problems.push(`line ${lineNo}: sequence number ${rec.seq} does not follow ${records[i - 1]!.seq}`);
      break;
    }
    if (rec.prev !== prev) {
      problems.push(`line ${lineNo}: prev hash does not match the record before it (records removed or reordered)`);
      break;
    }
    const want = recordHash(prev, rec);
    if (rec.hash !== want) {
      problems.push(`line ${lineNo}: hash mismatch (the record was altered after it was written)`);
      break;
    }
    records.push(rec);
    prev = rec.hash;
  }
  return { ok: problems.length === 0, records, finalHash: prev, problems };
}

/**
 * Serializes records with the same hashing, for tests and the example
 * generator. Not used by the engine (which has its own fsync'ing writer).
 */
export class JournalBuilder {
  private lines: string[] = [];
  private prev = GENESIS_HASH;
  private seq = 0;
  constructor(private readonly clock: () => Date) {}

  add(type: string, data: unknown): AnyJournalRecord {
    this.seq += 1;
    const base = { seq: this.seq, ts: this.clock().toISOString(), type, data };
    const hash = recordHash(this.prev, base);
    const rec = { ...base, prev: this.prev, hash } as AnyJournalRecord;
    this.prev = hash;
    this.lines.push(JSON.stringify(rec));
    return rec;
  }

  text(): string {
    return this.lines.map((l) => l + '\n').join('');
  }
}
