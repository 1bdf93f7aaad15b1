/**
 * Keyboard routing. Inside the step runner every key goes through ONE
 * handler at the top: global keys (?, q, Ctrl+C, overlays) are decided
 * first, from refs, and only then is the key forwarded to the widgets. With a
 * handler per widget (Ink's useInput), a key arriving before the next render
 * could reach a widget an overlay has just covered — answering a prompt the
 * operator meant to quit. Outside a router (a widget tested alone), this
 * falls back to Ink's useInput.
 */
import React from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

/**
 * Ink hands over a read's worth of plain characters as ONE input, so "KEY-7"
 * followed quickly by Enter (or Tab) (a paste, a fast typist, a loaded machine or a
 * laggy SSH link) can arrive as "KEY-7\r" with key.return false — and the
 * Enter would be lost. Split such input into text and Enter presses.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  // A Tab in the same read as text ("bg1@contoso.com\t") is the operator moving to the next field,
  // not a character: split it out as a Tab press, like Enter.
  if (input.length <= 1 || !/[\r\n\t]/.test(input) || key.ctrl || key.meta) return [[input, key]];
  const out: [string, Key][] = [];
  for (const part of input.split(/(\r\n|\r|\n|\t)/)) {
    if (part === '') continue;
    if (part === '\t') out.push(['', { ...key, tab: true }]);
    else if (/^(\r\n|\r|\n)$/.test(part)) out.push(['', { ...key, return: true }]);
    else out.push([part, key]);
  }
  return out;
}

export interface KeyRouter {
  /** Adds a handler; returns its remover. */
  add(handler: KeyHandler): () => void;
}

export const KeyRouterContext = React.createContext<KeyRouter | null>(null);

export function useKeys(handler: KeyHandler, opts: { isActive?: boolean } = {}): void {
  const router = React.useContext(KeyRouterContext);
  const active = opts.isActive ?? true;
  const latest = React.useRef(handler);
  latest.current = handler;
  useInput(
    (i, k) => {
      for (const [input, key] of splitKeys(i, k)) latest.current(input, key);
    },
    { isActive: !router && active },
  );
  React.useLayoutEffect(() => {
    if (!router || !active) return;
    return router.add((i, k) => latest.current(i, k));
  }, [router, active]);
}

/** A router: handlers in the order they were added (parents before children is not guaranteed; widgets do not overlap keys). */
export function createKeyRouter(): KeyRouter & { dispatch: KeyHandler } {
  const handlers = new Set<KeyHandler>();
  return {
    add(h) {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    dispatch(input, key) {
      for (const h of [...handlers]) h(input, key);
    },
  };
}
