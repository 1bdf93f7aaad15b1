import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { checkResult, result, run, stripAnsi } from '../../test/tui-helpers.js';
import { TranscriptEntry, type TranscriptItem } from './TranscriptEntry.js';

afterEach(() => cleanup());

const frameOf = (item: TranscriptItem) =>
  stripAnsi(render(<TranscriptEntry item={item} width={100} />).lastFrame() ?? '');
/** The words as read, whatever the terminal width wrapped (ink-testing-library renders 100 columns). */
const words = (frame: string) => frame.replace(/\s+/g, ' ');

describe('TranscriptEntry', () => {
  it('a run start names the runbook, the tenant in words, and where a resume continues', () => {
    const f = words(frameOf({ key: 'r', type: 'run', run, resumed: true, resumeAt: 'enroll' }));
    expect(f).toContain('↻ Resumed Quarterly break-glass validation v1.0.0 [PRACTICE]');
    expect(f).toContain(
      `run ${run.runId} · runbook sha256 aaaaaaaaaaaa · tenant PRACTICE · healthy · continuing at enroll`,
    );
    const fresh = words(frameOf({ key: 'r', type: 'run', run: { ...run, practice: false }, resumed: false }));
    expect(fresh).toContain('▶ Started Quarterly break-glass validation v1.0.0 [LIVE]');
    expect(fresh).not.toContain('continuing at');
  });

  it('a notice says its level in a word', () => {
    expect(frameOf({ key: 'n', type: 'notice', level: 'warn', message: 'the runbook changed' })).toBe(
      '! WARN: the runbook changed',
    );
    expect(frameOf({ key: 'n', type: 'notice', level: 'info', message: 'Signed in' })).toBe('i note: Signed in');
    expect(frameOf({ key: 'n', type: 'notice', level: 'error', message: 'journal unreadable' })).toBe(
      '⚠ ERROR: journal unreadable',
    );
  });

  it('a finished step shows its status word, position, title, whether it changed the tenant, and its summary', () => {
    const f = frameOf({
      key: 's',
      type: 'step',
      index: 2,
      total: 5,
      title: 'Create a Temporary Access Pass',
      kind: 'action',
      mutating: true,
      result: result({ status: 'done', summary: 'TAP created for bg1' }),
      logs: [{ level: 'warn', message: 'the pass lasts 60 minutes' }],
    });
    expect(f).toMatch(/^✓ done\s+2\/5 Create a Temporary Access Pass ✎ — TAP created for bg1/);
    expect(f).toContain('! warn: the pass lasts 60 minutes');
  });

  it('an overridden step shows who overrode it and why; an error shows the request id', () => {
    const f = frameOf({
      key: 's',
      type: 'step',
      index: 3,
      total: 5,
      title: 'Check the tenant',
      kind: 'check',
      mutating: false,
      result: result({
        status: 'overridden',
        summary: 'BG-005 failed',
        override: { by: 'alice', justification: 'SMS removal is ticket 42', at: '2025-01-01T00:00:02Z' },
        error: { what: 'Graph refused', cause: '403 Forbidden', todo: 'grant it', requestId: 'req-9' },
      }),
      logs: [],
    });
    expect(f).toContain('⚑ overridden by alice: “SMS removal is ticket 42”');
    expect(f).toContain('Graph refused: 403 Forbidden (request-id req-9)');
  });

  it('a check step lists every check beneath it with its verdict in a word, and is not marked as a change', () => {
    const f = frameOf({
      key: 's',
      type: 'step',
      index: 4,
      total: 5,
      title: 'Check the tenant',
      kind: 'check',
      mutating: false,
      result: result({
        status: 'fail',
        summary: '1 of 2 checks failed',
        checks: [checkResult('BG-001', 'pass', 'two accounts declared'), checkResult('BG-005', 'fail', 'bg2 has SMS')],
      }),
      logs: [],
    }).split('\n');
    expect(f[0]).toMatch(/^✗ FAILED\s+4\/5 Check the tenant — 1 of 2 checks failed$/);
    expect(f.slice(1)).toEqual([
      expect.stringMatching(/^ {4}✓ PASS\s+BG-001\s+two accounts declared$/),
      expect.stringMatching(/^ {4}✗ FAIL\s+BG-005\s+bg2 has SMS$/),
    ]);
  });
});
