import type React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';
import { useSyncState } from './use-sync-state.js';

type P = Extract<Prompt, { type: 'choice' }>;

export const CHOICE_KEYS: KeyHelp = [
  ['↑/↓', 'move'],
  ['1-9', 'pick by number'],
  ['Enter', 'choose the highlighted option'],
];

export function Choice({ prompt, active, onAnswer }: WidgetProps<P>): React.ReactElement {
  const [sel, setSel, selRef] = useSyncState(0);
  const n = prompt.choices.length;
  useKeys(
    (input, key) => {
      if (key.upArrow) setSel((s) => (s - 1 + n) % n);
      else if (key.downArrow) setSel((s) => (s + 1) % n);
      else if (key.return) {
        const c = prompt.choices[selRef.current];
        if (c) onAnswer(c.value);
      } else if (/^[1-9]$/.test(input)) {
        const c = prompt.choices[Number(input) - 1];
        if (c) onAnswer(c.value);
      }
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column">
      <Text bold>{sanitize(prompt.message)}</Text>
      {prompt.choices.map((c, i) => (
        <Text key={c.value} inverse={i === sel}>
          {i === sel ? '▸ ' : '  '}
          {i + 1}. {sanitize(c.label)}
          {c.hint ? <Text dimColor> — {sanitize(c.hint)}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
