import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalTamperedError, JournalWriter, readJournal, recordHash } from '../src/journal/journal.js';
import { GENESIS_HASH } from '../src/core/journal-types.js';

function sample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bg-journal-'));
  const path = join(dir, 'journal.jsonl');
  const w = JournalWriter.create(path, () => new Date('2025-01-14T09:00:00Z'));
  w.append('notice', { level: 'info', message: 'one' });
  w.append('step-started', { instanceId: 'a', stepId: 'a', kind: 'manual', attempt: 1 });
  w.append('notice', { level: 'info', message: 'three' });
  w.close();
  return path;
}

describe('journal', () => {
  it('chains records with sha256 over RFC 8785 canonical JSON from the genesis hash', () => {
    const path = sample();
    const r = readJournal(path);
    expect(r.valid).toBe(true);
    expect(r.records.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(r.records[0]!.prev).toBe(GENESIS_HASH);
    expect(r.records[1]!.prev).toBe(r.records[0]!.hash);
    // Independent recomputation: key order in the file does not matter, canonical JSON does.
    const rec = r.records[1]!;
    const body =
      '{"data":{"attempt":1,"instanceId":"a","kind":"manual","stepId":"a"},"seq":2,"ts":"2025-01-14T09:00:00.000Z","type":"step-started"}';
    expect(createHash('sha256').update(`${rec.prev}\n${body}`).digest('hex')).toBe(rec.hash);
    expect(recordHash(rec.prev, rec)).toBe(rec.hash);
  });

  it('reports an edited record as tampering, with its line', () => {
    const path = sample();
    const text = readFileSync(path, 'utf8').replace('"three"', '"THREE"');
    writeFileSync(path, text);
    const r = readJournal(path);
    expect(r.valid).toBe(false);
    expect(r.problems[0]!.line).toBe(3);
    expect(r.problems[0]!.message).toMatch(/altered/);
    expect(() => JournalWriter.resume(path)).toThrow(JournalTamperedError);
  });

  it('reports a deleted record as a broken chain', () => {
    const path = sample();
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, [lines[0], lines[2], ''].join('\n'));
    const r = readJournal(path);
    expect(r.valid).toBe(false);
    expect(r.problems[0]!.message).toMatch(/seq 3, expected 2/);
  });

  it('tolerates and reports a torn last line, and a resumed writer cuts it off and continues the chain', () => {
    const path = sample();
    appendFileSync(path, '{"seq":4,"ts":"2025-01-14T09:00:00.000Z","type":"no');
    const r = readJournal(path);
    expect(r.valid).toBe(true);
    expect(r.truncatedTail).toEqual({ line: 4, bytes: expect.any(Number) });
    expect(r.records).toHaveLength(3);
    const { writer } = JournalWriter.resume(path);
    writer.append('notice', { level: 'warn', message: 'after power loss' });
    writer.close();
    const again = readJournal(path);
    expect(again.valid).toBe(true);
    expect(again.truncatedTail).toBeUndefined();
    expect(again.records.map((x) => x.seq)).toEqual([1, 2, 3, 4]);
  });

  it('a complete final record whose newline was lost is kept', () => {
    const path = sample();
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n$/, ''));
    const r = readJournal(path);
    expect(r.valid).toBe(true);
    expect(r.missingFinalNewline).toBe(true);
    const { writer } = JournalWriter.resume(path);
    writer.append('notice', { level: 'info', message: 'four' });
    writer.close();
    expect(readJournal(path).records).toHaveLength(4);
  });

  it('a garbled line in the middle is tampering, not truncation', () => {
    const path = sample();
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 20);
    writeFileSync(path, lines.join('\n'));
    const r = readJournal(path);
    expect(r.valid).toBe(false);
    expect(r.truncatedTail).toBeUndefined();
  });

  it('refuses to overwrite an existing journal', () => {
    const path = sample();
    expect(() => JournalWriter.create(path)).toThrow(/EEXIST/);
  });
});
