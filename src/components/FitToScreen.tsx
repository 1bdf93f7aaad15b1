/**
 * Keeps the live region shorter than the terminal, always. When an Ink frame
 * is as tall as the screen, Ink clears the whole terminal — scrollback
 * included — and redraws everything on every update: flicker, and the
 * transcript of finished steps is wiped. Ink has no maxHeight style, so the
 * limit is set on the yoga node itself (it persists across renders, so every
 * frame is clamped by layout, not one frame late), with overflow hidden and
 * content aligned to the bottom: what gets clipped is the TOP (prose), never
 * the prompt and its keys.
 */
import React from 'react';
import { Box, type DOMElement } from 'ink';

export function FitToScreen({ maxRows, children }: { maxRows: number; children: React.ReactNode }): React.ReactElement {
  const outer = React.useRef<DOMElement | null>(null);
  const limit = React.useRef(maxRows);
  limit.current = maxRows;
  const attach = React.useCallback((node: DOMElement | null) => {
    outer.current = node;
    node?.yogaNode?.setMaxHeight(limit.current);
  }, []);
  React.useLayoutEffect(() => {
    outer.current?.yogaNode?.setMaxHeight(maxRows);
  }, [maxRows]);
  return (
    <Box ref={attach} overflowY="hidden" flexDirection="column" justifyContent="flex-end" flexShrink={0}>
      <Box flexDirection="column" flexShrink={0}>
        {children}
      </Box>
    </Box>
  );
}
