import type React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { isQrUrl, QrCode } from './QrCode.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';

type P = Extract<Prompt, { type: 'show' }>;

export const SHOW_KEYS: KeyHelp = [['Enter', 'continue']];

export function Show({ prompt, active, onAnswer, rows }: WidgetProps<P>): React.ReactElement {
  useKeys(
    (_i, key) => {
      if (key.return) onAnswer({ acknowledged: true });
    },
    { isActive: active },
  );
  // The QR code only when there is room for it (it needs ~16 rows).
  const qr = isQrUrl(prompt.qr) && rows >= 18 ? prompt.qr : undefined;
  return (
    <Box flexDirection="column">
      <Text bold>{sanitize(prompt.title)}</Text>
      {prompt.lines.map((l, i) => (
        <Text key={i}>
          {'  '}
          {sanitize(l)}
        </Text>
      ))}
      {qr ? (
        <QrCode url={qr} label="Scan to open on your phone:" />
      ) : prompt.qr ? (
        <Text dimColor>Link: {sanitize(prompt.qr)}</Text>
      ) : null}
      <Text dimColor>Press Enter to continue.</Text>
    </Box>
  );
}
