/**
 * A one-line text field: typed characters (and pastes) append, Backspace
 * deletes, Ctrl+U clears, Enter submits. The cursor stays at the end — simple
 * and predictable for a keyboard-only operator. `mask` hides what is typed
 * (passphrases): only bullets are ever rendered.
 */
import React from 'react';
import { Text, type Key } from 'ink';
import { useKeys } from './use-keys.js';
import { sanitize } from '../util/sanitize.js';

export interface TextInputProps {
  value: string;
  onChange(value: string): void;
  onSubmit?(value: string): void;
  mask?: boolean;
  placeholder?: string;
  focus?: boolean;
}

/** How a key edits a one-line value: the new value, 'submit', or undefined (not an editing key). */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- 'submit' names the sentinel for readers
export function editText(value: string, input: string, key: Key): string | 'submit' | undefined {
  if (key.return) return 'submit';
  if (key.backspace || key.delete) return [...value].slice(0, -1).join('');
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow)
    return undefined;
  if (key.pageUp || key.pageDown) return undefined;
  // Pasted text may contain newlines or escape remnants: keep it to one clean line.
  const clean = sanitize(input);
  return clean ? value + clean : undefined;
}

export function TextInput({
  value,
  onChange,
  onSubmit,
  mask,
  placeholder,
  focus = true,
}: TextInputProps): React.ReactElement {
  // The latest value, ahead of React: several keys can arrive before the next render.
  const latest = React.useRef(value);
  latest.current = value;
  useKeys(
    (input, key) => {
      const next = editText(latest.current, input, key);
      if (next === undefined) return;
      if (next === 'submit') {
        onSubmit?.(latest.current);
        return;
      }
      latest.current = next;
      onChange(next);
    },
    { isActive: focus },
  );
  const shown = mask ? '•'.repeat([...value].length) : value;
  if (!shown && placeholder) {
    return (
      <Text>
        <Text dimColor>{placeholder}</Text>
        {focus ? <Text inverse> </Text> : null}
      </Text>
    );
  }
  return (
    <Text>
      {shown}
      {focus ? <Text inverse> </Text> : null}
    </Text>
  );
}
