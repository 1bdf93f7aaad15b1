/**
 * A step failed or could not run. Say why in one sentence a person
 * understands (what / cause / what to do / request-id), show the failing
 * checks, and offer the ways on: retry, override with a typed justification
 * (recorded in the report), or abort — and, when the runbook takes inputs,
 * correct one (filled in with its value now) and retry from this step, so a
 * mistyped account never costs the incident record. Procedures never block.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { ChecksTable } from './ChecksTable.js';
import { STATUS } from './theme.js';
import { TextInput } from './TextInput.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';
import { useSyncState } from './use-sync-state.js';
import { FormView } from './Form.js';

type P = Extract<Prompt, { type: 'failure' }>;

export const FAILURE_KEYS: KeyHelp = [
  ['r', 'retry the step'],
  ['c', 'correct an input (e.g. the account) and retry from this step'],
  ['o', 'override: go on anyway, with a typed justification (recorded in the report)'],
  ['a', 'abort the run (a report of what happened is still written)'],
  ['↑/↓ Enter', 'select and expand a check result'],
  ['Esc', 'while typing a justification or correcting an input: back'],
];

const MIN_JUSTIFICATION = 10;

export function Failure({ prompt, active, onAnswer, setTyping, width, rows }: WidgetProps<P>): React.ReactElement {
  const r = prompt.result;
  const [mode, setMode, modeRef] = useSyncState<'choose' | 'justify' | 'confirm-abort' | 'correct'>('choose');
  const canCorrect = prompt.canRetry && (prompt.inputs?.length ?? 0) > 0;
  const [text, setText] = React.useState('');
  const [tooShort, setTooShort] = React.useState(false);

  React.useLayoutEffect(() => {
    setTyping(active && (mode === 'justify' || mode === 'correct'));
    return () => setTyping(false);
  }, [active, mode, setTyping]);

  useKeys(
    (input, key) => {
      const mode = modeRef.current;
      if (mode === 'justify' || mode === 'correct') {
        if (key.escape) setMode('choose');
        return;
      }
      if (mode === 'confirm-abort') {
        if (input === 'y' || input === 'Y') onAnswer({ choice: 'abort' });
        else if (input === 'n' || input === 'N' || key.escape) setMode('choose');
        return;
      }
      if (input === 'r' && prompt.canRetry) onAnswer({ choice: 'retry' });
      else if (input === 'c' && canCorrect) setMode('correct');
      else if (input === 'o') setMode('justify');
      else if (input === 'a') setMode('confirm-abort');
    },
    { isActive: active },
  );

  const st = STATUS[r.status];
  const checks = r.checks?.filter((c) => c.verdict !== 'pass' && c.verdict !== 'not-applicable') ?? [];
  return (
    <Box flexDirection="column">
      {/* One line: the details are in the explanation and the table below. */}
      <Text color={st.color} bold wrap="truncate-end">
        {st.symbol} {st.word}: {sanitize(r.summary)}
      </Text>
      {r.error ? (
        <Box flexDirection="column" marginLeft={2}>
          <Text>
            <Text bold>What: </Text>
            {sanitize(r.error.what)}
          </Text>
          <Text>
            <Text bold>Why: </Text>
            {sanitize(r.error.cause)}
          </Text>
          <Text>
            <Text bold>To do: </Text>
            {sanitize(r.error.todo)}
          </Text>
          {r.error.requestId ? (
            <Text dimColor>request-id {sanitize(r.error.requestId)} (quote it to Microsoft support)</Text>
          ) : null}
        </Box>
      ) : null}
      {checks.length > 0 ? (
        <ChecksTable
          checks={checks}
          width={width}
          rows={Math.max(3, rows - (2 + (r.error ? 3 + (r.error.requestId ? 1 : 0) : 0)))}
          active={active && mode === 'choose'}
        />
      ) : null}
      {mode === 'choose' ? (
        <Text>
          {prompt.canRetry ? (
            <>
              <Text bold>r</Text> retry ·{' '}
            </>
          ) : null}
          {canCorrect ? (
            <>
              <Text bold>c</Text> correct an input and retry ·{' '}
            </>
          ) : null}
          <Text bold>o</Text> override with justification · <Text bold>a</Text> abort
        </Text>
      ) : mode === 'confirm-abort' ? (
        <Text>
          Abort the run? A report of what happened is still written. <Text bold>y</Text> abort · <Text bold>n</Text>{' '}
          back
        </Text>
      ) : mode === 'correct' ? (
        <Box flexDirection="column">
          <FormView
            title="Correct an input, then retry from this step (Esc back)"
            fields={prompt.inputs ?? []}
            active={active}
            setTyping={setTyping}
            onSubmit={(values) => onAnswer({ choice: 'correct', inputs: values })}
          />
        </Box>
      ) : (
        <Box flexDirection="column">
          <Text>Why is it safe to go on? (recorded in the report; Enter to submit, Esc back)</Text>
          <Box>
            <Text>{'> '}</Text>
            <TextInput
              value={text}
              focus={active}
              onChange={(v) => {
                setText(v);
                setTooShort(false);
              }}
              onSubmit={(v) => {
                if (v.trim().length < MIN_JUSTIFICATION) setTooShort(true);
                else onAnswer({ choice: 'override', justification: v.trim() });
              }}
            />
          </Box>
          {tooShort ? (
            <Text color="red">✗ Write at least {MIN_JUSTIFICATION} characters: an auditor will read this.</Text>
          ) : null}
        </Box>
      )}
    </Box>
  );
}
