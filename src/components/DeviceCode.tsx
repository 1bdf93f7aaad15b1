/** Device-code sign-in: the code in big letters, the URL, a QR for the URL, and a countdown. */
import type React from 'react';
import { Box, Text } from 'ink';
import type { DeviceCodeInfo } from '../core/tenant.js';
import { sanitize } from '../util/sanitize.js';
import { useNow } from './Progress.js';
import { isQrUrl, QrCode } from './QrCode.js';
import { formatDuration } from './theme.js';

export function DeviceCode({ info, rows }: { info: DeviceCodeInfo; rows: number }): React.ReactElement {
  const now = useNow();
  const exp = new Date(info.expiresAt).getTime();
  const left = exp - now;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Sign in</Text>
      <Text>
        Open{' '}
        <Text bold underline>
          {sanitize(info.verificationUri)}
        </Text>{' '}
        and enter the code{' '}
        <Text bold inverse>
          {' '}
          {sanitize(info.userCode)}{' '}
        </Text>
      </Text>
      <Text dimColor>
        {Number.isNaN(left)
          ? ''
          : left > 0
            ? `Code expires in ${formatDuration(left)}`
            : 'Code expired — a new one will be requested'}
      </Text>
      {info.practiceApproval ? (
        <Text color="yellow">
          {`PRACTICE: the practice tenant approves this code as ${sanitize(info.practiceApproval.as)} in ${Math.max(0, Math.ceil((new Date(info.practiceApproval.at).getTime() - now) / 1000))} s. In a live run you open the address and enter the code yourself.`}
        </Text>
      ) : null}
      {/* The QR code (~17 rows) only where it fits beside the step; the URL and code are always there. */}
      {rows >= 36 && isQrUrl(info.verificationUri) ? <QrCode url={info.verificationUri} /> : null}
    </Box>
  );
}
