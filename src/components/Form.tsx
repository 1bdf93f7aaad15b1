/**
 * An input form: every field validated as it is typed (UPNs, GUIDs, ISO
 * durations…), so mistakes are fixed here rather than discovered by Graph.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { InputSpec } from '../core/runbook.js';
import type { Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { defaultText, fieldHint, suggestionText, validateField } from './input-validate.js';
import { editText } from './TextInput.js';
import { useSyncState } from './use-sync-state.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';

type P = Extract<Prompt, { type: 'form' }>;

export const FORM_KEYS: KeyHelp = [
  ['Tab / ↓', 'next field'],
  ['Shift+Tab / ↑', 'previous field'],
  ['←/→', 'cycle the options of a yes/no or choice field, or what the tenant suggests'],
  ['Enter', 'next field when this one is valid; on the last field, submit'],
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
  const [raw, setRaw, rawRef] = useSyncState<string[]>(() => fields.map((f) => initial?.[f.name] ?? defaultText(f)));
  const [focus, setFocus, focusRef] = useSyncState(0);
  const [touched, setTouched] = useSyncState<boolean[]>(() => fields.map(() => false));
  const results = fields.map((f, i) => validateField(f, raw[i] ?? ''));

  React.useLayoutEffect(() => {
    setTyping(active);
    return () => setTyping(false);
  }, [active, setTyping]);

  const move = (d: number) => {
    const at = focusRef.current;
    setTouched((t) => t.map((v, i) => (i === at ? true : v)));
    setFocus(Math.max(0, Math.min(fields.length - 1, at + d)));
  };
  const submit = () => {
    setTouched(fields.map(() => true));
    const now = fields.map((f, i) => validateField(f, rawRef.current[i] ?? ''));
    const bad = now.findIndex((r) => !r.ok);
    if (bad >= 0) {
      setFocus(bad);
      return;
    }
    const values: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      const r = now[i]!;
      if (r.ok && r.value !== undefined) values[f.name] = r.value;
    });
    onSubmit(values);
  };
  const cycle = (d: number) => {
    const at = focusRef.current;
    const f = fields[at];
    if (!f) return;
    const opts =
      f.type === 'bool'
        ? ['yes', 'no']
        : f.type === 'choice'
          ? (f.choices ?? [])
          : f.suggestions?.length
            ? f.suggestions.map(suggestionText)
            : null;
    if (!opts || opts.length === 0) return;
    const cur = opts.indexOf(rawRef.current[at] ?? '');
    const next = opts[(cur + d + opts.length) % opts.length]!;
    setRaw((r) => r.map((v, i) => (i === at ? next : v)));
  };

  // One handler for the whole form, reading state through refs: keys may come faster than renders.
  useKeys(
    (input, key) => {
      if (key.tab && key.shift) return move(-1);
      if (key.tab || key.downArrow) return move(1);
      if (key.upArrow) return move(-1);
      if (key.leftArrow) return cycle(-1);
      if (key.rightArrow) return cycle(1);
      const at = focusRef.current;
      const next = editText(rawRef.current[at] ?? '', input, key);
      if (next === undefined) return;
      if (next === 'submit') {
        if (at === fields.length - 1) return submit();
        // Enter on a field that is wrong stays there and says why; Tab still moves on.
        if (!validateField(fields[at]!, rawRef.current[at] ?? '').ok)
          return setTouched((t) => t.map((v, i) => (i === at ? true : v)));
        return move(1);
      }
      setRaw((r) => r.map((v, i) => (i === at ? next : v)));
    },
    { isActive: active },
  );

  return (
    <Box flexDirection="column">
      <Text bold>{sanitize(title)}</Text>
      {fields.map((f, i) => {
        const r = results[i]!;
        const value = raw[i] ?? '';
        const showError = !r.ok && (touched[i] || (i === focus && value !== ''));
        return (
          <Box key={f.name} flexDirection="column">
            {/* One paragraph per field: a long label or value wraps whole, never cut into columns. */}
            <Text wrap="wrap">
              <Text>{i === focus ? '▸ ' : '  '}</Text>
              <Text bold={i === focus}>
                {sanitize(f.label || f.name)}
                {f.required ? '' : ' (optional)'}:{' '}
              </Text>
              {/* A secret field shows one bullet per character, never the text. */}
              {value ? (
                <Text>{f.secret ? '•'.repeat(value.length) : value}</Text>
              ) : (
                <Text dimColor>{f.secret ? 'typed text is hidden' : fieldHint(f)}</Text>
              )}
              {active && i === focus ? <Text inverse> </Text> : null}
              {r.ok && value !== '' ? <Text color="green"> ✓ ok</Text> : null}
            </Text>
            {i === focus && f.suggestions?.length ? (
              <Box flexDirection="column" marginLeft={4}>
                <Text dimColor>Suggested by the tenant (←/→ to pick, or type your own):</Text>
                {f.suggestions.map((sg, j) => {
                  const on = suggestionText(sg) === value;
                  return (
                    <Text key={j} wrap="wrap" color={on ? 'cyan' : undefined}>
                      {on ? '› ' : '  '}
                      {j + 1}. {sanitize(sg.label)}
                    </Text>
                  );
                })}
              </Box>
            ) : i === focus && f.suggestNote ? (
              <Text dimColor wrap="wrap">
                {'    '}
                {sanitize(f.suggestNote)}
              </Text>
            ) : null}
            {showError && !r.ok ? (
              <Text color="red">
                {'    '}✗ {f.secret ? `${sanitize(f.label || f.name)} is not valid` : r.error}
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
  return (
    <FormView title={prompt.title} fields={prompt.fields} active={active} onSubmit={onAnswer} setTyping={setTyping} />
  );
}
