/**
 * End of a run: what the report says (its result and every item that needs attention, the same
 * list as the report's first section), where the report is, and how to check and complete it.
 */
import type React from 'react';
import { Box, Text } from 'ink';
import type { ReportVerdict } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import type { Finished } from './run-store.js';

/** "Signed report" only when a signature is on it; otherwise it says the report is not signed. */
function reportNoun(report: ReportVerdict | undefined): string {
  if (!report) return 'Report';
  if (report.signatures === 0) return 'Report (NOT signed)';
  return report.complete ? 'Signed report' : 'Report (signed, incomplete)';
}

/**
 * The report's path, how to verify it and the commands that complete it, as plain lines. The Ink
 * front end prints these AFTER unmounting: Ink hard-wraps long lines, which would put a newline in
 * the middle of a path or command someone wants to copy.
 */
export function reportPathLines(f: Finished): string[] {
  if (!f.reportPath) return [];
  const p = sanitize(f.reportPath);
  const todo = (f.report?.attention ?? []).filter((a) => a.todo && a.level === 'NOT SIGNED');
  return [
    `${reportNoun(f.report)}:`,
    `  ${p}`,
    ...(todo.length ? ['To complete it:', ...todo.map((a) => `  ${sanitize(a.todo!)}`)] : []),
    'Verify it:',
    `  ${f.report?.verifyCommand ? sanitize(f.report.verifyCommand) : `breakglass verify ${p}`}`,
    `Run folder (journal): ${sanitize(f.runDir)}`,
  ];
}

/** The first line: green only for a complete pass with nothing to look at. */
export function endHeadline(f: Finished): { text: string; color: 'green' | 'yellow' | 'red' } {
  const r = f.report;
  if (f.status === 'aborted') return { text: '■ Run aborted', color: 'yellow' };
  if (!r) return { text: '✓ Run completed', color: f.reportPath ? 'green' : 'yellow' };
  if (r.complete && !r.attention.length) return { text: `✓ Run completed · ${r.result}`, color: 'green' };
  const bad = r.attention.some((a) => a.level === 'FAIL' || a.level === 'ERROR');
  return {
    text: `${bad ? '✗' : '!'} Run completed · ${r.result} · ${r.attention.length} item${r.attention.length === 1 ? '' : 's'} need${r.attention.length === 1 ? 's' : ''} attention`,
    color: bad ? 'red' : 'yellow',
  };
}

export function ReportScreen({
  finished,
  practice,
  pathsBelow,
}: {
  finished: Finished;
  practice?: boolean;
  pathsBelow?: boolean;
}): React.ReactElement {
  const head = endHeadline(finished);
  const items = finished.report?.attention ?? [];
  return (
    <Box flexDirection="column">
      <Text bold color={head.color}>
        {head.text}
        {practice ? ' (PRACTICE — not a live drill)' : ''}
      </Text>
      {finished.reason ? <Text>Reason: {sanitize(finished.reason)}</Text> : null}
      {finished.status === 'aborted' && finished.report ? <Text>Report result: {finished.report.result}</Text> : null}
      {items.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Needs attention:</Text>
          {items.map((a, i) => (
            <Box key={i} flexDirection="column">
              <Text wrap="wrap">
                <Text bold color={a.level === 'FAIL' || a.level === 'ERROR' ? 'red' : 'yellow'}>
                  {a.level}
                </Text>{' '}
                {sanitize(a.text)}
              </Text>
              {a.todo && !pathsBelow ? (
                <Text wrap="wrap">
                  {'  '}→ {sanitize(a.todo)}
                </Text>
              ) : null}
            </Box>
          ))}
          {pathsBelow && items.some((a) => a.todo && a.level === 'NOT SIGNED') ? (
            <Text dimColor>The commands that complete the report are printed below.</Text>
          ) : null}
        </Box>
      ) : null}
      {finished.reportPath ? (
        <>
          {finished.fingerprint ? (
            <>
              <Text>Fingerprint (sha256 of the report file):</Text>
              <Text>
                {'  '}
                {sanitize(finished.fingerprint)}
              </Text>
            </>
          ) : null}
          {pathsBelow ? (
            <Text dimColor>The report's path and how to verify it are printed below.</Text>
          ) : (
            <>
              <Text>
                {reportNoun(finished.report)}: {sanitize(finished.reportPath)}
              </Text>
              <Text>
                Verify it:{' '}
                {finished.report?.verifyCommand
                  ? sanitize(finished.report.verifyCommand)
                  : `breakglass verify ${sanitize(finished.reportPath)}`}
              </Text>
              <Text dimColor>Run folder (journal): {sanitize(finished.runDir)}</Text>
            </>
          )}
        </>
      ) : (
        <>
          <Text color="yellow">No report was written.</Text>
          <Text dimColor>Run folder (journal): {sanitize(finished.runDir)}</Text>
        </>
      )}
    </Box>
  );
}
