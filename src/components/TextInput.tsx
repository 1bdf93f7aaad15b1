/**
 * A one-line text field: typed characters (and pastes) append, Backspace
 * deletes, Ctrl+U clears, Enter submits. The cursor stays at the end — simple
 * and predictable for a keyboard-only operator. `mask` hides what is typed
 * (passphrases): only bullets are ever rendered.
 */
import React from 'react';
import { Text, useInput } from 'ink';
import { sanitize } from '../util/sanitize.js';

export interface TextInputProps {
  value: string;
  onChange(value: string): void;
  onSubmit?(value: string): void;
  mask?: boolean;
  placeholder?: string;
  focus?: boolean;
}

export function TextInput({ value, onChange, onSubmit, mask, placeholder, focus = true }: TextInputProps): React.ReactElement {
  useInput(
    (input, key) => {
      if (key.return) {
        onSubmit?.(value);
        return;
      }
      if (key.backspace || key.delete) {
        onChange([...value].slice(0, -1).join(''));
        return;
      }
      if (key.ctrl && input === 'u') {
        onChange('');
        return;
      }
      if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      if (key.pageUp || key.pageDown) return;
      // Pasted text may contain newlines or escape remnants: keep it to one clean line.
      const clean = sanitize(input);
      if (clean) onChange(value + clean);
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
