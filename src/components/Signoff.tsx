/**
 * Witnessed sign-off: for each required role a name, optionally a signing
 * key file and its passphrase (masked — only bullets are rendered).
 */
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Answer, Prompt } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { editText } from './TextInput.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';
import { useSyncState } from './use-sync-state.js';

type P = Extract<Prompt, { type: 'signoff' }>;
type Signer = Answer<P>['signers'][number];

export const SIGNOFF_KEYS: KeyHelp = [
  ['Enter', 'next field (an empty key file skips the passphrase)'],
  ['Esc', 'back to the previous field'],
];

type Field = 'name' | 'keyPath' | 'passphrase';

export function Signoff({ prompt, active, onAnswer, setTyping }: WidgetProps<P>): React.ReactElement {
  const [signers, setSigners, signersRef] = useSyncState<Signer[]>(() =>
    prompt.roles.map((role) => ({ role, name: '' })),
  );
  const [at, setAt, atRef] = useSyncState<{ i: number; field: Field }>({ i: 0, field: 'name' });
  const [value, setValue, valueRef] = useSyncState('');
  const [error, setError] = React.useState('');

  React.useLayoutEffect(() => {
    setTyping(active);
    return () => setTyping(false);
  }, [active, setTyping]);

  const fieldValue = (s: Signer, f: Field) =>
    f === 'name' ? s.name : f === 'keyPath' ? (s.keyPath ?? '') : (s.passphrase ?? '');

  const goTo = (i: number, field: Field, list: Signer[]) => {
    setAt({ i, field });
    setValue(list[i] ? fieldValue(list[i], field) : '');
    setError('');
  };

  const submit = (v: string) => {
    const at = atRef.current;
    const signers = signersRef.current;
    const cur = signers[at.i]!;
    let next: Signer = cur;
    if (at.field === 'name') {
      if (!v.trim()) {
        setError(`Enter the name of the ${sanitize(cur.role)}.`);
        return;
      }
      next = { ...cur, name: v.trim() };
    } else if (at.field === 'keyPath') {
      next = v.trim() ? { ...cur, keyPath: v.trim() } : { role: cur.role, name: cur.name };
    } else {
      next = { ...cur, passphrase: v };
    }
    const list = signers.map((s, j) => (j === at.i ? next : s));
    setSigners(list);
    if (at.field === 'name') return goTo(at.i, 'keyPath', list);
    if (at.field === 'keyPath' && next.keyPath) return goTo(at.i, 'passphrase', list);
    if (at.i + 1 < list.length) return goTo(at.i + 1, 'name', list);
    onAnswer({ signers: list });
  };

  // One handler for every field (state through refs): fast keys never reach a field that has moved on.
  useKeys(
    (input, key) => {
      if (!key.escape) {
        const next = editText(valueRef.current, input, key);
        if (next === 'submit') submit(valueRef.current);
        else if (next !== undefined) {
          setValue(next);
          setError('');
        }
        return;
      }
      const at = atRef.current;
      const signers = signersRef.current;
      if (at.field === 'passphrase') goTo(at.i, 'keyPath', signers);
      else if (at.field === 'keyPath') goTo(at.i, 'name', signers);
      else if (at.i > 0) goTo(at.i - 1, signers[at.i - 1]!.keyPath ? 'passphrase' : 'keyPath', signers);
    },
    { isActive: active },
  );

  const label: Record<Field, string> = {
    name: 'Name',
    keyPath: 'Signing key file (Enter to skip)',
    passphrase: 'Key passphrase',
  };
  return (
    <Box flexDirection="column">
      <Text bold>
        Sign-off — {signers.length} role(s): {prompt.roles.map((r) => sanitize(r)).join(', ')}
      </Text>
      {signers.map((s, i) => (
        <Box key={s.role} flexDirection="column">
          <Text bold={i === at.i}>
            {i < at.i ? '✓ ' : i === at.i ? '▸ ' : '  '}
            {sanitize(s.role)}
            {i < at.i ? `: ${sanitize(s.name)}${s.keyPath ? ` · key ${sanitize(s.keyPath)}` : ' · no key'}` : ''}
          </Text>
          {i === at.i ? (
            <Box marginLeft={4}>
              <Text>{label[at.field]}: </Text>
              <Text>{at.field === 'passphrase' ? '•'.repeat([...value].length) : sanitize(value)}</Text>
              {active ? <Text inverse> </Text> : null}
            </Box>
          ) : null}
        </Box>
      ))}
      {error ? <Text color="red">✗ {error}</Text> : null}
    </Box>
  );
}
