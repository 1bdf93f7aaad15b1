/**
 * paintLines() against Ink: the same styled lines drawn by <Lines> in Ink and painted without it
 * must leave the same characters, in the same colours and weights, in every cell of a terminal.
 */
import React from 'react';
import { Box, render } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { fakeTerminals } from '../../test/fake-terminal.js';
import { Lines } from './Lines.js';
import { paintLines } from './paint-lines.js';
import { line, type StyledLine } from './styled-lines.js';

// Colours on, as in a terminal (chalk decides when it loads), and Ink drawing frames as in one.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
  process.env['CI'] = 'false';
});

const sized = fakeTerminals();
const terminal = (columns: number, rows: number) => sized({ columns, rows });

async function drawnByInk(lines: StyledLine[], columns: number, rows: number): Promise<string[]> {
  const t = terminal(columns, rows);
  const app = render(
    <Box flexDirection="column">
      <Lines lines={lines} width={columns} />
    </Box>,
    { stdin: t.streams.stdin, stdout: t.streams.stdout, exitOnCtrlC: false, patchConsole: false },
  );
  const screen = await t.stdout.styled();
  app.unmount();
  return screen;
}

async function painted(lines: StyledLine[], columns: number, rows: number): Promise<string[]> {
  const t = terminal(columns, rows);
  t.stdout.write(`${(await paintLines(lines, columns)).join('\n')}\n`);
  return t.stdout.styled();
}

const LONG =
  'Practice tenant: nothing here touches a real directory. Use --tenant <id> for live, and read the runbook first.';
const SCREEN: StyledLine[] = [
  {
    wrap: 'truncate-end',
    spans: [
      { text: ' PRACTICE ', backgroundColor: 'yellow', color: 'black', bold: true },
      { text: ' healthy' },
      { text: ' · breakglass 0.1.0', bold: true },
    ],
  },
  line(LONG, { dim: true }),
  line('Runbooks:', { bold: true }),
  {
    inverse: true,
    wrap: 'truncate-end',
    spans: [
      { text: '▸ ' },
      { text: 'Alert verification drill: does a break-glass sign-in page a human', bold: true },
      { text: ' (yours) · ' },
      { text: 'DUE — never done live', color: 'red', bold: true },
      { text: ' · never run', dim: true },
    ],
  },
  {
    wrap: 'truncate-end',
    spans: [{ text: '  ' }, { text: 'Quarterly validation', bold: true }, { text: ' · on demand' }],
  },
  line(''),
  line('緊急アクセス用アカウントの検証 🔑 — 四半期ごとの訓練と署名', { wrap: 'truncate-end', color: 'yellow' }),
  line('緊急アクセス用アカウントの検証 🔑 — 四半期ごとの訓練と署名、そして監査人による確認', { color: 'cyan' }),
  line('Emergency sign-in cannot be opened:\nrunbooks/x.md:3:7: error: unknown step kind', { color: 'red' }),
  line('x'.repeat(60)),
  line('y'.repeat(61), { wrap: 'truncate-end' }),
  line('    1.2 Grant the role — PRIVILEGE', { color: 'red' }),
  line('↑/↓ select · Enter open · ? keys · q quit', { dim: true }),
];

describe('paintLines', () => {
  for (const [columns, rows] of [
    [80, 24],
    [60, 30],
    [23, 40],
  ] as const)
    it(`leaves the cells Ink leaves, at ${columns}×${rows}`, async () => {
      const ink = await drawnByInk(SCREEN, columns, rows);
      // The comparison is about styles too: there are some to compare.
      expect(ink.join('\n')).toMatch(/\{fg:\d+ bg:\d+ bold\} PRACTICE/);
      expect(ink.join('\n')).toContain('inverse');
      expect(await painted(SCREEN, columns, rows)).toEqual(ink);
    });

  it('cuts a line with "…" or wraps it onto more rows, as asked', async () => {
    const rows = await paintLines([line('a '.repeat(30), { wrap: 'truncate-end' }), line('b '.repeat(30))], 20);
    expect(rows).toHaveLength(1 + 3);
    expect(rows[0]).toMatch(/…/);
  });
});
