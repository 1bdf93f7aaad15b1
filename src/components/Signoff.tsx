/**
 * Witnessed sign-off: for each required role a name, optionally a signing
 * key file and its passphrase (masked — only bullets are rendered).
 *
 * Nothing is found wrong later than it can be: the key file is read when its
 * path is entered, and the key is unlocked when its passphrase is — a wrong
 * one is said at once ("wrong passphrase for <key file>") and the field is
 * asked again, before the next signer types anything. The key files in the
 * keys folder are offered (↑/↓), and a form asked again after a failure
 * comes back with every entry as it was (prompt.filled).
 */
import React from 'react';
import { basename } from 'node:path';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt, SignoffSigner as Signer } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { readSigningKey, unlockSigningKey } from '../steps/signing-key.js';
import { editText } from './TextInput.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';
import { useSyncState } from './use-sync-state.js';

type P = Extract<Prompt, { type: 'signoff' }>;

export const SIGNOFF_KEYS: KeyHelp = [
  ['Enter', 'next field (an empty key file skips the passphrase)'],
  ['↑/↓', 'pick a key file from the keys folder (or type its path)'],
  ['Esc', 'back to the previous field'],
];

type Field = 'name' | 'keyPath' | 'passphrase';

/** Key files listed at once; the rest are reached with ↑/↓. */
const KEYS_SHOWN = 5;

export function Signoff({ prompt, active, onAnswer, setTyping }: WidgetProps<P>): React.ReactElement {
  const [signers, setSigners, signersRef] = useSyncState<Signer[]>(() =>
    prompt.roles.map((role) => {
      const kept = prompt.filled?.find((s) => s.role === role);
      return kept ? { ...kept } : { role, name: '' };
    }),
  );
  const fieldValue = (s: Signer | undefined, f: Field) =>
    !s ? '' : f === 'name' ? s.name : f === 'keyPath' ? (s.keyPath ?? '') : (s.passphrase ?? '');
  const [at, setAt, atRef] = useSyncState<{ i: number; field: Field }>({ i: 0, field: 'name' });
  const [value, setValue, valueRef] = useSyncState(() => fieldValue(signersRef.current[0], 'name'));
  const [error, setError] = React.useState('');
  // While a key is read or unlocked (scrypt takes a moment) keys wait: nothing moves on unchecked.
  const [busy, setBusy, busyRef] = useSyncState('');
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const keys = prompt.keys ?? [];

  React.useLayoutEffect(() => {
    setTyping(active);
    return () => setTyping(false);
  }, [active, setTyping]);

  const goTo = (i: number, field: Field, list: Signer[]) => {
    setAt({ i, field });
    setValue(fieldValue(list[i], field));
    setError('');
  };

  const store = (next: Signer): Signer[] => {
    const i = atRef.current.i;
    const list = signersRef.current.map((s, j) => (j === i ? next : s));
    setSigners(list);
    return list;
  };

  /** After a signer's last field: the next signer, or the answer. */
  const nextSigner = (list: Signer[]) => {
    const i = atRef.current.i;
    if (i + 1 < list.length) return goTo(i + 1, 'name', list);
    onAnswer({ signers: list });
  };

  const check = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    try {
      await work();
    } finally {
      if (mounted.current) setBusy('');
    }
  };

  const submit = (v: string) => {
    const { i, field } = atRef.current;
    const cur = signersRef.current[i]!;
    if (field === 'name') {
      const name = v.trim();
      if (!name) return setError(`Enter the name of the ${sanitize(cur.role)}.`);
      const same = signersRef.current.find((s, j) => j < i && s.name.toLowerCase() === name.toLowerCase());
      if (same)
        return setError(
          `The ${sanitize(cur.role)} must be a different person from the ${sanitize(same.role)} (${sanitize(same.name)}).`,
        );
      return goTo(i, 'keyPath', store({ ...cur, name }));
    }
    if (field === 'keyPath') {
      const keyPath = v.trim();
      if (!keyPath) return nextSigner(store({ role: cur.role, name: cur.name }));
      void check(`Reading ${keyPath}…`, async () => {
        const read = await readSigningKey(keyPath);
        if (!mounted.current) return;
        if (!read.ok) return setError(read.problem);
        // A key that is not locked needs no passphrase; one that is goes to the passphrase now.
        const kept = cur.keyPath === keyPath ? cur.passphrase : undefined;
        const next: Signer = {
          role: cur.role,
          name: cur.name,
          keyPath,
          ...(kept !== undefined ? { passphrase: kept } : {}),
        };
        if (read.lock === 'none') return nextSigner(store({ role: cur.role, name: cur.name, keyPath }));
        goTo(i, 'passphrase', store(next));
      });
      return;
    }
    const keyPath = cur.keyPath!;
    void check(`Checking the passphrase for ${keyPath}…`, async () => {
      const opened = await unlockSigningKey(keyPath, v);
      if (!mounted.current) return;
      if (!opened.ok) {
        // The same field again, emptied: the person types the passphrase again, nothing else.
        setValue('');
        return setError(opened.problem);
      }
      nextSigner(store({ ...cur, passphrase: v }));
    });
  };

  /** ↑/↓ on the key file field: the keys folder's files, in turn. */
  const pickKey = (d: number) => {
    if (atRef.current.field !== 'keyPath' || keys.length === 0) return;
    const cur = keys.indexOf(valueRef.current.trim());
    const next = cur < 0 ? (d > 0 ? 0 : keys.length - 1) : (cur + d + keys.length) % keys.length;
    setValue(keys[next]!);
    setError('');
  };

  // One handler for every field (state through refs): fast keys never reach a field that has moved on.
  useKeys(
    (input, key) => {
      if (busyRef.current) return;
      if (key.upArrow) return pickKey(-1);
      if (key.downArrow) return pickKey(1);
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
    passphrase: `Passphrase for ${basename(signers[at.i]?.keyPath ?? '')}`,
  };
  const chosen = keys.indexOf(value.trim());
  const first = Math.max(0, Math.min(chosen - 2, keys.length - KEYS_SHOWN));
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
            {i < at.i
              ? `: ${sanitize(s.name)}${s.keyPath ? ` · key ${sanitize(s.keyPath)}${s.passphrase !== undefined ? ' (unlocked)' : ''}` : ' · no key'}`
              : ''}
          </Text>
          {i === at.i ? (
            <Box marginLeft={4}>
              {/* One paragraph: a long key path wraps as a whole line, under its label. */}
              <Text wrap="wrap">
                {label[at.field]}: {at.field === 'passphrase' ? '•'.repeat([...value].length) : sanitize(value)}
                {active && !busy ? <Text inverse> </Text> : null}
              </Text>
            </Box>
          ) : null}
          {i === at.i && at.field === 'keyPath' && keys.length ? (
            <Box marginLeft={4} flexDirection="column">
              <Text dimColor>Keys in the keys folder (↑/↓ to pick, or type a path):</Text>
              {keys.slice(first, first + KEYS_SHOWN).map((k, j) => (
                <Text key={k} color={first + j === chosen ? 'cyan' : undefined}>
                  {first + j === chosen ? '› ' : '  '}
                  {sanitize(basename(k))}
                </Text>
              ))}
              {keys.length > KEYS_SHOWN ? <Text dimColor>({keys.length} keys; ↑/↓ shows the rest)</Text> : null}
            </Box>
          ) : null}
        </Box>
      ))}
      {busy ? <Text dimColor>{sanitize(busy)}</Text> : null}
      {error ? <Text color="red">✗ {sanitize(error)}</Text> : null}
    </Box>
  );
}
