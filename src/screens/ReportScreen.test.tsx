import type React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { stripAnsi } from '../../test/tui-helpers.js';
import { ReportScreen, endHeadline, reportPathLines } from './ReportScreen.js';
import type { Finished } from './run-store.js';

afterEach(() => cleanup());

const unsigned: Finished = {
  status: 'completed',
  runDir: '/state/runs/r1',
  reportPath: '/state/runs/r1/report.json',
  fingerprint: 'sha256:abc123',
  report: {
    result: 'PASSED WITH OVERRIDES',
    complete: false,
    signatures: 0,
    attention: [
      { level: 'FAIL', text: 'BG-005 bg2 has SMS (overridden by alice)' },
      {
        level: 'NOT SIGNED',
        text: 'the witness has not signed',
        todo: 'breakglass sign /state/runs/r1/report.json --role witness',
      },
    ],
    verifyCommand: 'breakglass verify /state/runs/r1/report.json',
  },
};

const frame = (el: React.ReactElement) => stripAnsi(render(el).lastFrame() ?? '');

describe('ReportScreen', () => {
  it('leads with the result and how many items need attention, then lists each with what completes it', () => {
    const f = frame(<ReportScreen finished={unsigned} practice />);
    const lines = f.split('\n');
    expect(lines[0]).toBe(
      '✗ Run completed · PASSED WITH OVERRIDES · 2 items need attention (PRACTICE — not a live drill)',
    );
    expect(f).toContain('Needs attention:');
    expect(f).toContain('FAIL BG-005 bg2 has SMS (overridden by alice)');
    expect(f).toContain('NOT SIGNED the witness has not signed');
    expect(f).toContain('→ breakglass sign /state/runs/r1/report.json --role witness');
    expect(f).toContain('Fingerprint (sha256 of the report file):');
    expect(f).toContain('sha256:abc123');
    expect(f).toContain('Report (NOT signed): /state/runs/r1/report.json');
    expect(f).toContain('Verify it: breakglass verify /state/runs/r1/report.json');
  });

  it('a complete signed pass is one green line and the signed report', () => {
    const ok: Finished = {
      ...unsigned,
      report: { result: 'PASSED', complete: true, signatures: 2, attention: [] },
    };
    expect(endHeadline(ok)).toEqual({ text: '✓ Run completed · PASSED', color: 'green' });
    const f = frame(<ReportScreen finished={ok} />);
    expect(f).not.toContain('Needs attention');
    expect(f).toContain('Signed report: /state/runs/r1/report.json');
  });

  it('an aborted run says so and why; no report written says that too', () => {
    const f = frame(
      <ReportScreen finished={{ status: 'aborted', runDir: '/state/runs/r2', reason: 'aborted at enroll' }} />,
    );
    expect(f).toContain('■ Run aborted');
    expect(f).toContain('Reason: aborted at enroll');
    expect(f).toContain('No report was written.');
    expect(f).toContain('Run folder (journal): /state/runs/r2');
  });

  it('with the paths printed below, leaves them out of the Ink frame and prints them whole', () => {
    const f = frame(<ReportScreen finished={unsigned} pathsBelow />);
    expect(f).not.toContain('→ breakglass sign');
    expect(f).toContain('The commands that complete the report are printed below.');
    expect(f).toContain("The report's path and how to verify it are printed below.");
    expect(reportPathLines(unsigned)).toEqual([
      'Report (NOT signed):',
      '  /state/runs/r1/report.json',
      'To complete it:',
      '  breakglass sign /state/runs/r1/report.json --role witness',
      'Verify it:',
      '  breakglass verify /state/runs/r1/report.json',
      'Run folder (journal): /state/runs/r1',
    ]);
  });
});
