/**
 * Renders runbook prose with a fixed row budget: shows `height` lines from
 * `offset`, and says how much more there is (PgUp/PgDn scroll) so nothing
 * silently disappears on a small terminal.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { markdownToLines, type Line } from './markdown-lines.js';

export function MarkdownLines({ lines }: { lines: Line[] }): React.ReactElement {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.length === 0
            ? ' '
            : line.map((s, j) => (
                <Text
                  key={j}
                  bold={s.style.bold}
                  italic={s.style.italic}
                  underline={s.style.underline}
                  dimColor={s.style.dim}
                  color={s.style.code ? 'cyan' : s.style.heading ? 'blue' : undefined}
                >
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}

export interface MarkdownProps {
  source: string;
  width: number;
  /** Maximum rows; undefined = all. */
  height?: number;
  offset?: number;
}

export function Markdown({ source, width, height, offset = 0 }: MarkdownProps): React.ReactElement {
  const all = React.useMemo(() => markdownToLines(source, width), [source, width]);
  if (height === undefined || all.length <= height) return <MarkdownLines lines={all} />;
  const rows = Math.max(1, height - 1);
  const start = Math.max(0, Math.min(offset, all.length - rows));
  const end = start + rows;
  const more = all.length - end;
  return (
    <Box flexDirection="column">
      <MarkdownLines lines={all.slice(start, end)} />
      <Text dimColor>
        {start > 0 ? `↑ ${start} line(s) above · ` : ''}
        {more > 0 ? `↓ ${more} more line(s)` : 'end'} — PgUp/PgDn to scroll
      </Text>
    </Box>
  );
}
