/**
 * The run journal, the one implementation of its format (record types in
 * core/journal-types.ts): append-only JSONL, one hash-chained record per line
 *   hash = sha256hex(prev + "\n" + canonicalJSON({ seq, ts, type, data }))
 * with prev of the first record = 64 zeros (GENESIS_HASH).
 *
 * The engine writes and resumes with JournalWriter / readJournal; the report
 * builder and `breakglass verify` check a journal's bytes with checkJournal.
 * Both use the same recordHash and chainBreak, so there is one definition of
 * what a valid chain is. Every append is written AND fsync'd
 * before append() returns, so when the engine goes on to send a mutation,
 * the intent is on disk. Appends are synchronous on purpose: nothing else
 * may interleave between "record is durable" and "next thing happens".
 *
 * The reader verifies the chain. A torn last line (power loss mid-write) is
 * tolerated and reported; anything else that does not verify is reported as
 * tampering, with the line number.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import canonicalize from 'canonicalize';
import {
  GENESIS_HASH,
  JOURNAL_FORMAT,
  type JournalData,
  type JournalRecord,
  type JournalType,
} from '../core/journal-types.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export { GENESIS_HASH, JOURNAL_FORMAT };

/** sha256hex(prev + "\n" + canonicalJSON({ seq, ts, type, data })). */
export function recordHash(prev: string, r: { seq: number; ts: string; type: string; data: unknown }): string {
  const body = canonicalize({ seq: r.seq, ts: r.ts, type: r.type, data: r.data });
  if (body === undefined) throw new Error('journal record cannot be canonicalized');
  return createHash('sha256').update(`${prev}\n${body}`).digest('hex');
}

/** Why a record does not continue the chain that ended in `prev`, or undefined when it does. */
export function chainBreak(
  prev: string,
  rec: { seq: number; ts: string; type: string; data: unknown; prev: string; hash: string },
): 'prev' | 'hash' | undefined {
  if (rec.prev !== prev) return 'prev';
  if (recordHash(rec.prev, rec) !== rec.hash) return 'hash';
  return undefined;
}

export interface JournalProblem {
  line: number;
  message: string;
}

export interface JournalReadResult {
  records: JournalRecord[];
  /** A torn final line (no trailing newline, does not parse/verify): power loss during the last write. */
  truncatedTail?: { line: number; bytes: number };
  /** Chain breaks, unparseable lines, edited records: the journal was altered. */
  problems: JournalProblem[];
  /** True when every complete record verifies (a torn tail alone does not make it invalid). */
  valid: boolean;
  /** Byte length of the verified prefix (where an appender must continue). */
  goodBytes: number;
  /** The verified prefix ends without a newline (a complete record whose newline was lost). */
  missingFinalNewline: boolean;
}

/** Parses and verifies a journal. Never throws for content problems; reports them. */
export function readJournal(path: string): JournalReadResult {
  const buf = readFileSync(path);
  const text = buf.toString('utf8');
  const records: JournalRecord[] = [];
  const problems: JournalProblem[] = [];
  let prev = GENESIS_HASH;
  let offset = 0;
  let goodBytes = 0;
  let missingFinalNewline = false;
  let truncatedTail: JournalReadResult['truncatedTail'];
  let lineNo = 0;
  while (offset < text.length) {
    lineNo++;
    const nl = text.indexOf('\n', offset);
    const terminated = nl >= 0;
    const end = terminated ? nl : text.length;
    const line = text.slice(offset, end);
    const nextOffset = terminated ? nl + 1 : text.length;
    const isLast = nextOffset >= text.length;
    let rec: JournalRecord | undefined;
    let why: string | undefined;
    try {
      rec = JSON.parse(line) as JournalRecord;
      if (typeof rec !== 'object' || rec === null) throw new Error('not an object');
    } catch {
      why = 'is not a JSON record';
    }
    if (rec && !why) {
      if (rec.seq !== records.length + 1) why = `has seq ${String(rec.seq)}, expected ${records.length + 1}`;
      else {
        const broken = chainBreak(prev, rec);
        if (broken === 'prev') why = 'does not chain to the record before it (prev hash differs)';
        else if (broken === 'hash') why = 'was altered (its hash does not match its content)';
      }
    }
    if (why) {
      if (!terminated && isLast && problems.length === 0) {
        truncatedTail = { line: lineNo, bytes: Buffer.byteLength(line) };
      } else {
        problems.push({ line: lineNo, message: `record on line ${lineNo} ${why}` });
      }
      // After a break nothing further can verify against the chain; keep reporting lines that fail.
      if (rec && typeof rec.hash === 'string') prev = rec.hash;
    } else if (rec) {
      if (problems.length === 0) {
        records.push(rec);
        goodBytes = Buffer.byteLength(text.slice(0, nextOffset));
        missingFinalNewline = !terminated;
      }
      prev = rec.hash;
    }
    offset = nextOffset;
  }
  return { records, truncatedTail, problems, valid: problems.length === 0, goodBytes, missingFinalNewline };
}

export class JournalWriter {
  private fd: number;
  private seq: number;
  private prev: string;

  private constructor(
    readonly path: string,
    fd: number,
    last: JournalRecord | undefined,
    private readonly now: () => Date,
  ) {
    this.fd = fd;
    this.seq = last?.seq ?? 0;
    this.prev = last?.hash ?? GENESIS_HASH;
  }

  /** Starts a new journal; refuses to overwrite one. */
  static create(path: string, now: () => Date = () => new Date()): JournalWriter {
    const fd = openSync(path, 'wx', 0o600);
    return new JournalWriter(path, fd, undefined, now);
  }

  /**
   * Continues an existing journal. Refuses one that does not verify. A torn
   * tail is cut off (it was never durable, so the engine never acted on it).
   */
  static resume(path: string, now: () => Date = () => new Date()): { writer: JournalWriter; read: JournalReadResult } {
    if (!existsSync(path)) throw new Error(`no journal at ${path}`);
    const read = readJournal(path);
    if (!read.valid) {
      throw new JournalTamperedError(path, read.problems);
    }
    const fd = openSync(path, 'r+');
    try {
      if (read.truncatedTail) {
        ftruncateSync(fd, read.goodBytes);
        fsyncSync(fd);
      }
      if (read.missingFinalNewline) {
        writeSync(fd, '\n', read.goodBytes);
        fsyncSync(fd);
      }
    } finally {
      closeSync(fd);
    }
    const afd = openSync(path, 'a');
    return { writer: new JournalWriter(path, afd, read.records.at(-1), now), read };
  }

  get lastSeq(): number {
    return this.seq;
  }

  append<T extends JournalType>(type: T, data: JournalData[T]): JournalRecord<T> {
    const seq = this.seq + 1;
    const ts = this.now().toISOString();
    // Round-trip through JSON so the hash covers exactly what a reader will parse (no undefined, no Dates).
    const clean = JSON.parse(JSON.stringify(data)) as JournalData[T];
    const hash = recordHash(this.prev, { seq, ts, type, data: clean });
    const rec: JournalRecord<T> = { seq, ts, type, data: clean, prev: this.prev, hash };
    writeSync(this.fd, JSON.stringify(rec) + '\n');
    fsyncSync(this.fd);
    this.seq = seq;
    this.prev = hash;
    return rec;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/** A record as read: `type` may be one this reader does not know yet (forward compatible). */
export type AnyJournalRecord = Omit<JournalRecord, 'type' | 'data'> & {
  type: JournalType | (string & {});
  data: unknown;
};

export interface JournalCheck {
  ok: boolean;
  records: AnyJournalRecord[];
  /** Hash of the last record, or GENESIS_HASH for an empty journal. */
  finalHash: string;
  /** Problems, each with the 1-based line it was found on. First one stops the chain check. */
  problems: string[];
}

/**
 * Parses and checks the chain of a journal's bytes, as `verify` and the
 * report builder need it: stops at the first problem, accepts 0- or 1-based
 * numbering, and knows nothing of torn tails (a journal in a report is final).
 * Never throws on bad content: problems are reported.
 */
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
      typeof rec !== 'object' ||
      rec === null ||
      typeof rec.seq !== 'number' ||
      typeof rec.ts !== 'string' ||
      typeof rec.type !== 'string' ||
      typeof rec.prev !== 'string' ||
      typeof rec.hash !== 'string' ||
      !('data' in rec)
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
    const broken = chainBreak(prev, rec);
    if (broken === 'prev') {
      problems.push(`line ${lineNo}: prev hash does not match the record before it (records removed or reordered)`);
      break;
    }
    if (broken === 'hash') {
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
 * generator. Not used by the engine (which writes with JournalWriter).
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

export class JournalTamperedError extends BreakglassError {
  constructor(
    readonly path: string,
    readonly problems: JournalProblem[],
  ) {
    super(
      `the run journal ${path} does not verify — it was altered after it was written:\n` +
        problems.map((p) => `  ${p.message}`).join('\n') +
        '\nThe run cannot be resumed from it. Keep the file as evidence and start a new run.',
      { exitCode: EXIT.FAIL },
    );
  }
}
