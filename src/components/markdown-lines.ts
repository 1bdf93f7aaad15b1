/**
 * Runbook prose (markdown) → terminal lines: parsed here, laid out by ./markdown-layout.ts.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, RootContent } from 'mdast';
import { layoutMarkdown, type Line } from './markdown-layout.js';

export { layoutMarkdown, lineText, wrap, type Line, type Segment, type SegStyle } from './markdown-layout.js';

/** Lay out markdown for a terminal `width` columns wide. */
export function markdownToLines(markdown: string, width: number): Line[] {
  return layoutMarkdown(fromMarkdown(markdown).children, width);
}

/**
 * The markdown parsed, as plain data (no source positions): what layoutMarkdown() takes. Kept in an
 * overview's model so the screens lay out its summary without loading the parser.
 */
export function markdownTree(markdown: string): RootContent[] {
  const strip = (n: Nodes): Nodes => {
    const { position: _position, ...rest } = n;
    return 'children' in rest ? ({ ...rest, children: rest.children.map(strip) } as Nodes) : rest;
  };
  return fromMarkdown(markdown).children.map((c) => strip(c) as RootContent);
}
