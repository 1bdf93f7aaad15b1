/** Wait/poll progress: a bar (with the percentage as text) and a countdown to the deadline. */
import React from 'react';
import { Box, Text } from 'ink';
import { sanitize } from '../util/sanitize.js';
import { formatDuration } from './theme.js';

export function useNow(intervalMs = 1000, enabled = true): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!enabled) return;
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, enabled]);
  return now;
}

export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

export function Progress({
  message,
  fraction,
  deadline,
  width,
}: {
  message: string;
  fraction?: number;
  deadline?: string;
  width: number;
}): React.ReactElement {
  const dl = deadline ? Date.parse(deadline) : NaN;
  const now = useNow(1000, !Number.isNaN(dl));
  const left = Number.isNaN(dl) ? undefined : dl - now;
  const barWidth = Math.max(10, Math.min(40, width - 30));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">⏳ {sanitize(message)}</Text>
      {fraction !== undefined || left !== undefined ? (
        <Text>
          {fraction !== undefined
            ? `${bar(fraction, barWidth)} ${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`
            : ''}
          {left !== undefined ? (left > 0 ? `  ${formatDuration(left)} left` : '  deadline passed') : ''}
        </Text>
      ) : null}
    </Box>
  );
}
