// Test-only crash hook, preloaded into a child process with
//   NODE_OPTIONS=--import=<this file>  BREAKGLASS_TEST_KILL_AFTER_SEQ=<n>
// (see killAfterSeqEnv in ./kill-after-seq-env.ts). It watches the run
// journal's file descriptor and SIGKILLs the process the moment record n is
// durable (right after its fsync returns), before the engine acts on it.
// Production code carries no such hook: this wraps node:fs from outside.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const target = Number(process.env.BREAKGLASS_TEST_KILL_AFTER_SEQ);
if (Number.isInteger(target) && target > 0) {
  const journalFds = new Set();
  const lastSeq = new Map();
  const { openSync, writeSync, fsyncSync, closeSync } = fs;
  fs.openSync = function (path, ...rest) {
    const fd = openSync.call(this, path, ...rest);
    if (String(path).endsWith('journal.jsonl')) journalFds.add(fd);
    return fd;
  };
  fs.writeSync = function (fd, data, ...rest) {
    const n = writeSync.call(this, fd, data, ...rest);
    if (journalFds.has(fd) && typeof data === 'string') {
      try {
        lastSeq.set(fd, JSON.parse(data).seq);
      } catch {
        /* not a record (e.g. a restored newline) */
      }
    }
    return n;
  };
  fs.fsyncSync = function (fd) {
    fsyncSync.call(this, fd);
    if (journalFds.has(fd) && lastSeq.get(fd) === target) process.kill(process.pid, 'SIGKILL');
  };
  fs.closeSync = function (fd) {
    journalFds.delete(fd);
    lastSeq.delete(fd);
    return closeSync.call(this, fd);
  };
  // The engine imports these as ES named exports: make those see the wrappers.
  syncBuiltinESMExports();
}
