/** End of a run: where the signed report is, its fingerprint, and how an auditor verifies it. */
import type React from 'react';
import { Box, Text } from 'ink';
import { sanitize } from '../util/sanitize.js';
import type { Finished } from './run-store.js';

/**
 * The report's path and verify command as plain lines. The Ink front end
 * prints these AFTER unmounting: Ink hard-wraps long lines, which would put
 * a newline in the middle of a path someone wants to copy.
 */
export function reportPathLines(f: Finished): string[] {
  if (!f.reportPath) return [];
  const p = sanitize(f.reportPath);
  return [
    'Signed report:',
    `  ${p}`,
    'Verify it:',
    `  breakglass verify ${p}`,
    `Run folder (journal): ${sanitize(f.runDir)}`,
  ];
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
  const ok = finished.status === 'completed';
  return (
    <Box flexDirection="column">
      <Text bold color={ok ? 'green' : 'yellow'}>
        {ok ? '✓ Run completed' : '■ Run aborted'}
        {practice ? ' (PRACTICE — not a live drill)' : ''}
      </Text>
      {finished.reason ? <Text>Reason: {sanitize(finished.reason)}</Text> : null}
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
              <Text>Signed report: {sanitize(finished.reportPath)}</Text>
              <Text>Verify it: breakglass verify {sanitize(finished.reportPath)}</Text>
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
