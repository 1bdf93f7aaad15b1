/**
 * An input form: every field validated as it is typed (UPNs, GUIDs, ISO
 * durations…), so mistakes are fixed here rather than discovered by Graph.
 */
import React from 'react';
import { Box, Text, useInput } from 'ink';
import type { InputSpec } from '../runbook/model.js';
import type { Prompt } from '../engine/events.js';
import { sanitize } from '../util/sanitize.js';
import { defaultText, fieldHint, validateField } from './input-validate.js';
import { TextInput } from './TextInput.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';

type P = Extract<Prompt, { type: 'form' }>;

export const FORM_KEYS: KeyHelp = [
  ['Tab / ↓', 'next field'],
  ['Shift+Tab / ↑', 'previous field'],
  ['←/→', 'cycle the options of a yes/no or choice field'],
  ['Enter', 'next field; on the last field, submit (when every field is valid)'],
  ['Ctrl+U', 'clear the field'],
];

export interface FormViewProps {
  title: string;
  fields: InputSpec[];
  active: boolean;
  onSubmit(values: Record<string, unknown>): void;
  setTyping(typing: boolean): void;
  /** Pre-filled raw text per field (e.g. from --input flags). */
  initial?: Record<string, string>;
}

export function FormView({ title, fields, active, onSubmit, setTyping, initial }: FormViewProps): React.ReactElement {
  const [raw, setRaw] = React.useState<string[]>(() => fields.map((f) => initial?.[f.name] ?? defaultText(f)));
  const [focus, setFocus] = React.useState(0);
  const [touched, setTouched] = React.useState<boolean[]>(() => fields.map(() => false));
  const results = fields.map((f, i) => validateField(f, raw[i] ?? ''));

  React.useEffect(() => {
    setTyping(active);
    return () => setTyping(false);
  }, [active, setTyping]);

  const move = (d: number) => {
    setTouched((t) => t.map((v, i) => (i === focus ? true : v)));
    setFocus((f) => Math.max(0, Math.min(fields.length - 1, f + d)));
  };
  const submit = () => {
    setTouched(fields.map(() => true));
    const bad = results.findIndex((r) => !r.ok);
    if (bad >= 0) {
      setFocus(bad);
      return;
    }
    const values: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      const r = results[i]!;
      if (r.ok && r.value !== undefined) values[f.name] = r.value;
    });
    onSubmit(values);
  };
  const cycle = (d: number) => {
    const f = fields[focus];
    if (!f) return;
    const opts = f.type === 'bool' ? ['yes', 'no'] : f.type === 'choice' ? (f.choices ?? []) : null;
    if (!opts || opts.length === 0) return;
    const cur = opts.indexOf(raw[focus] ?? '');
    const next = opts[(cur + d + opts.length) % opts.length]!;
    setRaw((r) => r.map((v, i) => (i === focus ? next : v)));
  };

  useInput(
    (_input, key) => {
      if (key.tab && key.shift) move(-1);
      else if (key.tab || key.downArrow) move(1);
      else if (key.upArrow) move(-1);
      else if (key.leftArrow) cycle(-1);
      else if (key.rightArrow) cycle(1);
    },
    { isActive: active },
  );

  return (
    <Box flexDirection="column">
      <Text bold>{sanitize(title)}</Text>
      {fields.map((f, i) => {
        const r = results[i]!;
        const showError = !r.ok && (touched[i] || (i === focus && (raw[i] ?? '') !== ''));
        return (
          <Box key={f.name} flexDirection="column">
            <Box>
              <Text>{i === focus ? '▸ ' : '  '}</Text>
              <Text bold={i === focus}>
                {sanitize(f.label || f.name)}
                {f.required ? '' : ' (optional)'}:{' '}
              </Text>
              <TextInput
                value={raw[i] ?? ''}
                focus={active && i === focus}
                placeholder={fieldHint(f)}
                onChange={(v) => setRaw((cur) => cur.map((x, j) => (j === i ? v : x)))}
                onSubmit={() => (i === fields.length - 1 ? submit() : move(1))}
              />
              {r.ok && (raw[i] ?? '') !== '' ? <Text color="green"> ✓ ok</Text> : null}
            </Box>
            {showError && !r.ok ? (
              <Text color="red">
                {'    '}✗ {r.error}
              </Text>
            ) : i === focus && f.description ? (
              <Text dimColor>
                {'    '}
                {sanitize(f.description)}
              </Text>
            ) : null}
          </Box>
        );
      })}
      <Text dimColor>Tab next field · Enter on the last field submits</Text>
    </Box>
  );
}

export function Form({ prompt, active, onAnswer, setTyping }: WidgetProps<P>): React.ReactElement {
  return <FormView title={prompt.title} fields={prompt.fields} active={active} onSubmit={onAnswer} setTyping={setTyping} />;
}
