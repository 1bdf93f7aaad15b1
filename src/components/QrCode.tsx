/**
 * QR code for a URL (never for a secret: a photo of the screen would carry
 * it). Uses qrcode-terminal's small mode: half-height blocks, ~15 rows.
 */
import React from 'react';
import { Box, Text } from 'ink';
import qrcode from 'qrcode-terminal';
import { sanitize } from '../util/sanitize.js';

export function isQrUrl(s: string | undefined): s is string {
  return typeof s === 'string' && /^https?:\/\/[^\s]+$/.test(s) && s.length <= 300;
}

export function qrText(url: string): string {
  let out = '';
  qrcode.generate(url, { small: true }, (q) => {
    out = q;
  });
  return out.replace(/\n+$/, '');
}

export function QrCode({ url, label }: { url: string; label?: string }): React.ReactElement | null {
  const text = React.useMemo(() => (isQrUrl(url) ? qrText(url) : ''), [url]);
  if (!text) return null;
  return (
    <Box flexDirection="column">
      {label ? <Text dimColor>{label}</Text> : null}
      <Text>{text}</Text>
      <Text dimColor>{sanitize(url)}</Text>
    </Box>
  );
}
