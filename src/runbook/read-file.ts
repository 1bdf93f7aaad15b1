/**
 * Reading a runbook file, bounded: at most MAX_RUNBOOK_BYTES (+1 to tell
 * "too large"), every failure a diagnostic. Shared by the full parser
 * (parse.ts) and the front-matter index (front-matter-index.ts), which must
 * not load the parser.
 */
import { open } from 'node:fs/promises';
import type { RunbookDiagnostic } from '../core/runbook.js';
import { MAX_RUNBOOK_BYTES } from './limits.js';
import { makeDiagnostic } from './draft.js';

export type ReadResult =
  { ok: true; bytes: Uint8Array } | { ok: false; diagnostic: RunbookDiagnostic; unreadable: boolean };

/** Read at most MAX_RUNBOOK_BYTES (+1 to detect "too large") without loading a huge file. */
export async function readRunbookFile(path: string): Promise<ReadResult> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory, not a runbook file'
            : `cannot open file (${code ?? (e as Error).message})`;
    return { ok: false, unreadable: true, diagnostic: makeDiagnostic(path, { line: 1, col: 1 }, msg) };
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory())
      return {
        ok: false,
        unreadable: true,
        diagnostic: makeDiagnostic(path, { line: 1, col: 1 }, 'is a directory, not a runbook file'),
      };
    if (st.size > MAX_RUNBOOK_BYTES) {
      return {
        ok: false,
        unreadable: false,
        diagnostic: makeDiagnostic(
          path,
          { line: 1, col: 1 },
          `file is too large (${(st.size / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_RUNBOOK_BYTES / 1024 / 1024} MiB)`,
          'runbooks are short documents; split it up',
        ),
      };
    }
    // Read in a bounded buffer: the file may grow between stat and read.
    const buf = Buffer.alloc(MAX_RUNBOOK_BYTES + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_RUNBOOK_BYTES) {
        return {
          ok: false,
          unreadable: false,
          diagnostic: makeDiagnostic(
            path,
            { line: 1, col: 1 },
            `file is too large (the limit is ${MAX_RUNBOOK_BYTES / 1024 / 1024} MiB)`,
            'runbooks are short documents; split it up',
          ),
        };
      }
    }
    return { ok: true, bytes: buf.subarray(0, total) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      unreadable: true,
      diagnostic: makeDiagnostic(
        path,
        { line: 1, col: 1 },
        code === 'EISDIR' ? 'is a directory, not a runbook file' : `cannot read file (${code ?? (e as Error).message})`,
      ),
    };
  } finally {
    await fh.close();
  }
}
