import React from 'react';

/**
 * useState whose latest value is readable at once through a ref. Keys can
 * arrive faster than React re-renders (fast typing, a paste, keys over a slow
 * SSH link arriving together): a handler that read the value from its render
 * closure would see a stale one and drop keystrokes. Handlers read `ref`.
 */
export function useSyncState<T>(
  initial: T | (() => T),
): [T, (next: T | ((prev: T) => T)) => void, React.MutableRefObject<T>] {
  const [state, setState] = React.useState<T>(initial);
  const ref = React.useRef<T>(state);
  const set = React.useCallback((next: T | ((prev: T) => T)) => {
    const value = typeof next === 'function' ? (next as (p: T) => T)(ref.current) : next;
    ref.current = value;
    setState(value);
  }, []);
  return [state, set, ref];
}
