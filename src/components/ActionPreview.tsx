/**
 * The exact change, before it is made: a diff; for a privilege change who
 * gains what, each principal's name typed back; for destructive changes the
 * target's name typed back (the GitHub "type the repository name" pattern),
 * so a slip of the Enter key can neither delete an account nor make someone
 * Global Administrator.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { TextInput } from './TextInput.js';
import { grantsOf, sameText, typedConfirmations } from '../steps/confirmations.js';
import { headlineOf } from '../steps/preview-scope.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';

type P = Extract<Prompt, { type: 'action' }>;

export const ACTION_KEYS: KeyHelp = [
  ['y', 'make this change'],
  ['n', 'do not make it (the step fails; you can retry or override)'],
  ['Enter', 'continue when nothing needs to change'],
  ['type + Enter', 'privilege or destructive change: type each name shown exactly to confirm'],
  ['Esc', 'privilege or destructive change: decline'],
  ['Tab', 'show every change line in full (cut and hidden lines), Tab again to shorten'],
];

const PREFIX = 12; // margin + "- before: "

type DiffLine = { sign: '-' | '+'; text: string };

function diffLines(before: string[], after: string[]): DiffLine[] {
  return [
    ...before.map((t) => ({ sign: '-' as const, text: sanitize(t) })),
    ...after.map((t) => ({ sign: '+' as const, text: sanitize(t) })),
  ];
}

/**
 * A line cut into rows of at most `cols` characters, at a space where there is one: every
 * character is kept, so the expanded view shows the value exactly (Ink's own wrap drops spaces).
 */
export function wrapAt(text: string, cols: number): string[] {
  const chars = [...text];
  const rows: string[] = [];
  while (chars.length > cols) {
    const head = chars.slice(0, cols);
    const space = head.lastIndexOf(' ');
    const cut = space > cols / 2 ? space + 1 : cols;
    rows.push(chars.splice(0, cut).join(''));
  }
  rows.push(chars.join(''));
  return rows;
}

/** True when a line is cut at the right edge or lines are hidden below: Tab would show more. */
export function diffIsCut(before: string[], after: string[], maxLines: number, width: number): boolean {
  const lines = diffLines(before, after);
  return lines.length > Math.max(2, maxLines) || lines.some((l) => [...l.text].length + PREFIX > width);
}

export function DiffView({
  before,
  after,
  maxLines,
  expanded = false,
  width,
}: {
  before: string[];
  after: string[];
  maxLines: number;
  /** Every line, wrapped in full (Tab); otherwise one row per line, cut at the edge. */
  expanded?: boolean;
  /** Columns available; a wrapped line needs a width to wrap at. */
  width?: number;
}): React.ReactElement {
  const lines = diffLines(before, after);
  const shown = expanded ? lines : lines.slice(0, Math.max(2, maxLines));
  return (
    <Box flexDirection="column" marginLeft={2}>
      {shown.map((l, i) =>
        (expanded ? wrapAt(l.text, Math.max(20, (width ?? 80) - PREFIX)) : [l.text]).map((part, j) => (
          <Text key={`${i}.${j}`} color={l.sign === '-' ? 'red' : 'green'} wrap="truncate-end">
            {j > 0 ? '          ' : l.sign === '-' ? '- before: ' : '+ after:  '}
            {part}
          </Text>
        )),
      )}
      {lines.length > shown.length ? (
        <Text dimColor>… {lines.length - shown.length} more line(s) · Tab shows them</Text>
      ) : null}
    </Box>
  );
}

export function ActionPreview({
  prompt,
  active,
  onAnswer,
  setTyping,
  rows,
  width,
}: WidgetProps<P>): React.ReactElement {
  const p = prompt.preview;
  const [expanded, setExpanded] = React.useState(false);
  const diffRows = Math.max(2, rows - 5 - (p.risk === 'privilege' && !p.alreadyDone ? 2 * grantsOf(p).length : 0));
  const cut = p.diff ? diffIsCut(p.diff.before, p.diff.after, diffRows, width) : false;
  const tabHint = cut || expanded ? ` · Tab ${expanded ? 'shorten' : 'full lines'}` : '';
  const privilege = p.risk === 'privilege' && !p.alreadyDone;
  // Privilege and destructive changes are approved by typing names (one after another), never by y.
  const typings = React.useMemo(() => typedConfirmations(p), [p]);
  const mustType = typings.length > 0;
  const [done, setDone] = React.useState<string[]>([]);
  const [typed, setTyped] = React.useState('');
  const [wrong, setWrong] = React.useState(false);
  const current = typings[done.length];
  const want = current ? sanitize(current.want) : '';

  React.useLayoutEffect(() => {
    setTyping(active && mustType);
    return () => setTyping(false);
  }, [active, mustType, setTyping]);

  useKeys(
    (input, key) => {
      // Tab works in every state, also while a name is typed (the field ignores Tab).
      if (key.tab) {
        if (p.diff) setExpanded((e) => !e);
        return;
      }
      if (p.alreadyDone) {
        if (key.return) onAnswer({ approved: true });
        return;
      }
      if (mustType) {
        if (key.escape) onAnswer({ approved: false });
        return;
      }
      if (input === 'y' || input === 'Y') onAnswer({ approved: true });
      else if (input === 'n' || input === 'N') onAnswer({ approved: false });
    },
    { isActive: active },
  );

  return (
    <Box flexDirection="column">
      <Text bold color={privilege ? 'red' : undefined}>
        {p.alreadyDone
          ? '✓ Already in place: '
          : privilege
            ? '⚠ PRIVILEGE change: '
            : p.destructive
              ? '⚠ DESTRUCTIVE change: '
              : '✎ Change: '}
        {sanitize(headlineOf(p))}
      </Text>
      <Text>
        Target: {sanitize(p.target.type)} <Text bold>{sanitize(p.target.name)}</Text>
        {p.target.id ? <Text dimColor> ({sanitize(p.target.id)})</Text> : null}
      </Text>
      {privilege
        ? grantsOf(p).map((g, i) => (
            <Box key={i} flexDirection="column">
              <Text wrap="wrap">
                Gains privilege: {sanitize(g.principal.type)} <Text bold>{sanitize(g.principal.name)}</Text> gets{' '}
                {sanitize(g.gains)}
              </Text>
              {g.unresolved ? (
                <Text color="red" bold wrap="wrap">
                  ⚠ {sanitize(g.unresolved)}
                </Text>
              ) : null}
            </Box>
          ))
        : null}
      {p.diff ? (
        <DiffView before={p.diff.before} after={p.diff.after} maxLines={diffRows} expanded={expanded} width={width} />
      ) : null}
      {p.alreadyDone ? (
        <Text>Nothing will be sent. Press Enter to continue.{tabHint}</Text>
      ) : current ? (
        <Box flexDirection="column">
          <Text>
            {typings.length > 1 ? `(${done.length + 1} of ${typings.length}) ` : ''}
            {splitAround(sanitize(current.prompt), want)[0]}
            <Text bold>{want}</Text>
            {splitAround(sanitize(current.prompt), want)[1]}, or Esc to decline{tabHint}:
          </Text>
          <Box>
            <Text>{'> '}</Text>
            <TextInput
              value={typed}
              focus={active}
              onChange={(v) => {
                setTyped(v);
                setWrong(false);
              }}
              onSubmit={(v) => {
                if (!sameText(want, v)) {
                  setWrong(true);
                  return;
                }
                const next = [...done, v.trim()];
                setTyped('');
                if (next.length === typings.length)
                  onAnswer(
                    privilege || typings.length > 1
                      ? { approved: true, typed: next }
                      : { approved: true, typed: next[0]! },
                  );
                else setDone(next);
              }}
            />
          </Box>
          {wrong ? <Text color="red">✗ That does not match “{want}”. Type it exactly, or Esc to decline.</Text> : null}
        </Box>
      ) : (
        <Text>
          Make this change? <Text bold>y</Text> yes · <Text bold>n</Text> no
          {tabHint}
        </Text>
      )}
    </Box>
  );
}

/** The text before and after the first occurrence of `part` (the name to type is shown bold). */
function splitAround(text: string, part: string): [string, string] {
  const i = text.indexOf(part);
  return i < 0 ? [text + ' ', ''] : [text.slice(0, i), text.slice(i + part.length)];
}
