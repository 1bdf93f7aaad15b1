/**
 * The exact change, before it is made: a diff, and for destructive changes
 * the target's name typed back (the GitHub "type the repository name"
 * pattern) so a slip of the Enter key cannot delete an account.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { TextInput } from './TextInput.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';

type P = Extract<Prompt, { type: 'action' }>;

export const ACTION_KEYS: KeyHelp = [
  ['y', 'make this change'],
  ['n', 'do not make it (the step fails; you can retry or override)'],
  ['Enter', 'continue when nothing needs to change'],
  ['type + Enter', 'destructive change: type the target name exactly to confirm'],
  ['Esc', 'destructive change: decline'],
];

export function DiffView({
  before,
  after,
  maxLines,
}: {
  before: string[];
  after: string[];
  maxLines: number;
}): React.ReactElement {
  const lines: { sign: '-' | '+'; text: string }[] = [
    ...before.map((t) => ({ sign: '-' as const, text: t })),
    ...after.map((t) => ({ sign: '+' as const, text: t })),
  ];
  const shown = lines.slice(0, Math.max(2, maxLines));
  return (
    <Box flexDirection="column" marginLeft={2}>
      {shown.map((l, i) => (
        <Text key={i} color={l.sign === '-' ? 'red' : 'green'} wrap="truncate-end">
          {l.sign === '-' ? '- before: ' : '+ after:  '}
          {sanitize(l.text)}
        </Text>
      ))}
      {lines.length > shown.length ? <Text dimColor>… {lines.length - shown.length} more line(s)</Text> : null}
    </Box>
  );
}

export function ActionPreview({ prompt, active, onAnswer, setTyping, rows }: WidgetProps<P>): React.ReactElement {
  const p = prompt.preview;
  const mustType = p.destructive && !p.alreadyDone;
  const confirmText = sanitize(p.confirmText ?? p.target.name);
  const [typed, setTyped] = React.useState('');
  const [wrong, setWrong] = React.useState(false);

  React.useLayoutEffect(() => {
    setTyping(active && mustType);
    return () => setTyping(false);
  }, [active, mustType, setTyping]);

  useKeys(
    (input, key) => {
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
      <Text bold>
        {p.alreadyDone ? '✓ Already in place: ' : p.destructive ? '⚠ DESTRUCTIVE change: ' : '✎ Change: '}
        {sanitize(p.summary)}
      </Text>
      <Text>
        Target: {sanitize(p.target.type)} <Text bold>{sanitize(p.target.name)}</Text>
        {p.target.id ? <Text dimColor> ({sanitize(p.target.id)})</Text> : null}
      </Text>
      {p.diff ? <DiffView before={p.diff.before} after={p.diff.after} maxLines={Math.max(2, rows - 5)} /> : null}
      {p.alreadyDone ? (
        <Text>Nothing will be sent. Press Enter to continue.</Text>
      ) : mustType ? (
        <Box flexDirection="column">
          <Text>
            Type <Text bold>{confirmText}</Text> to make this change, or Esc to decline:
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
                if (v === confirmText) onAnswer({ approved: true, typed: v });
                else setWrong(true);
              }}
            />
          </Box>
          {wrong ? (
            <Text color="red">✗ That does not match “{confirmText}”. Type it exactly, or Esc to decline.</Text>
          ) : null}
        </Box>
      ) : (
        <Text>
          Make this change? <Text bold>y</Text> yes · <Text bold>n</Text> no
        </Text>
      )}
    </Box>
  );
}
