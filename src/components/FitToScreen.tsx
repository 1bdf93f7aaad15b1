/**
 * Keeps the live region shorter than the terminal, always. When an Ink frame
 * is as tall as the screen, Ink clears the whole terminal — scrollback
 * included — and redraws everything on every update: flicker, and the
 * transcript of finished steps is wiped. Ink has no maxHeight style, so the
 * limit is set on the yoga node itself (it persists across renders), with
 * overflow hidden and content aligned to the bottom: what gets clipped is the
 * TOP (prose), never the prompt and its keys.
 *
 * Ink lays out and paints a frame in its commit hook, BEFORE React attaches
 * refs or runs layout effects; a limit set there reaches the screen one frame
 * late. So a new limit is set while rendering (ahead of the commit that
 * paints it), and on mount, when there is no node yet, the children wait one
 * synchronous re-render until the node carries its limit.
 */
import React from 'react';
import { Box, type DOMElement } from 'ink';

export function FitToScreen({ maxRows, children }: { maxRows: number; children: React.ReactNode }): React.ReactElement {
  const outer = React.useRef<DOMElement | null>(null);
  const limit = React.useRef(maxRows);
  limit.current = maxRows;
  outer.current?.yogaNode?.setMaxHeight(maxRows);
  const [attached, setAttached] = React.useState(false);
  const attach = React.useCallback((node: DOMElement | null) => {
    outer.current = node;
    node?.yogaNode?.setMaxHeight(limit.current);
  }, []);
  React.useLayoutEffect(() => setAttached(true), []);
  return (
    <Box ref={attach} overflowY="hidden" flexDirection="column" justifyContent="flex-end" flexShrink={0}>
      <Box flexDirection="column" flexShrink={0}>
        {attached ? children : null}
      </Box>
    </Box>
  );
}
