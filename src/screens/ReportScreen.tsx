/** End of a run: where the signed report is, its fingerprint, and how an auditor verifies it. */
import React from 'react';
import { Box, Text } from 'ink';
import { sanitize } from '../util/sanitize.js';
import type { Finished } from './run-store.js';

export function ReportScreen({ finished, practice }: { finished: Finished; practice?: boolean }): React.ReactElement {
  const ok = finished.status === 'completed';
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold color={ok ? 'green' : 'yellow'}>
        {ok ? '✓ Run completed' : '■ Run aborted'}
        {practice ? ' (PRACTICE — not a live drill)' : ''}
      </Text>
      {finished.reason ? <Text>Reason: {sanitize(finished.reason)}</Text> : null}
      {finished.reportPath ? (
        <>
          <Text>
            Signed report: <Text bold>{sanitize(finished.reportPath)}</Text>
          </Text>
          {finished.fingerprint ? <Text>Fingerprint: {sanitize(finished.fingerprint)}</Text> : null}
          <Text>
            Verify it: <Text bold>breakglass verify {sanitize(finished.reportPath)}</Text>
          </Text>
        </>
      ) : (
        <Text color="yellow">No report was written.</Text>
      )}
      <Text dimColor>Run folder (journal): {sanitize(finished.runDir)}</Text>
    </Box>
  );
}
