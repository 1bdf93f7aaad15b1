import type React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';

type P = Extract<Prompt, { type: 'confirm' }>;

export const CONFIRM_KEYS: KeyHelp = [
  ['y', 'yes'],
  ['n', 'no'],
  ['Enter', 'the default (capital letter)'],
];

export function Confirm({ prompt, active, onAnswer }: WidgetProps<P>): React.ReactElement {
  const def = prompt.defaultYes ?? true;
  useKeys(
    (input, key) => {
      if (input === 'y' || input === 'Y') onAnswer(true);
      else if (input === 'n' || input === 'N') onAnswer(false);
      else if (key.return) onAnswer(def);
    },
    { isActive: active },
  );
  return (
    <Box>
      <Text bold>{sanitize(prompt.message)} </Text>
      <Text dimColor>{def ? '[Y/n]' : '[y/N]'}</Text>
    </Box>
  );
}
