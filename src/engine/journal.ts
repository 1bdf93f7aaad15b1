/**
 * The run journal: append-only JSONL, one hash-chained record per line
 * (format in ./journal-types.ts). Every append is written AND fsync'd
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
import { GENESIS_HASH, JOURNAL_FORMAT, type JournalData, type JournalRecord, type JournalType } from './journal-types.js';

export { GENESIS_HASH, JOURNAL_FORMAT };

/** sha256hex(prev + "\n" + canonicalJSON({ seq, ts, type, data })) — see journal-types.ts. */
export function recordHash(prev: string, r: { seq: number; ts: string; type: string; data: unknown }): string {
  const body = canonicalize({ seq: r.seq, ts: r.ts, type: r.type, data: r.data });
  if (body === undefined) throw new Error('journal record cannot be canonicalized');
  return createHash('sha256').update(`${prev}\n${body}`).digest('hex');
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
      else if (rec.prev !== prev) why = 'does not chain to the record before it (prev hash differs)';
      else if (recordHash(rec.prev, rec) !== rec.hash) why = 'was altered (its hash does not match its content)';
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

/** Test-only crash hook: SIGKILL this process right after record N is durable. */
const KILL_AFTER = process.env['BREAKGLASS_TEST_KILL_AFTER_SEQ'] ? Number(process.env['BREAKGLASS_TEST_KILL_AFTER_SEQ']) : undefined;

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
    if (KILL_AFTER === seq) process.kill(process.pid, 'SIGKILL');
    return rec;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

export class JournalTamperedError extends Error {
  constructor(
    readonly path: string,
    readonly problems: JournalProblem[],
  ) {
    super(
      `the run journal ${path} does not verify — it was altered after it was written:\n` +
        problems.map((p) => `  ${p.message}`).join('\n') +
        '\nThe run cannot be resumed from it. Keep the file as evidence and start a new run.',
    );
    this.name = 'JournalTamperedError';
  }
}
