/**
 * Parsed runbook prose (a markdown tree, mdast) → terminal lines. We lay out the text ourselves
 * (word wrap, list indents, code blocks) instead of leaving it to Ink so the
 * step screen knows exactly how many rows the prose takes and can page it at
 * 80×24 without ever overflowing the terminal (which would make Ink clear the
 * screen and flicker). Every text node is sanitized: runbooks may come from
 * strangers.
 *
 * No markdown parser here (./markdown-lines.ts parses): the overview lays out a summary parsed
 * when its model was made, so the first frame of `run` does not load the parser.
 */
import type { Nodes, Parent, PhrasingContent, RootContent } from 'mdast';
import { sanitize } from '../util/sanitize.js';

export interface SegStyle {
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  dim?: boolean;
  underline?: boolean;
  heading?: number;
  link?: boolean;
}
export interface Segment {
  text: string;
  style: SegStyle;
}
export type Line = Segment[];

function inline(nodes: PhrasingContent[] | Nodes[], style: SegStyle, out: Segment[]): void {
  for (const n of nodes as Nodes[]) {
    switch (n.type) {
      case 'text':
        out.push({ text: sanitize(n.value), style });
        break;
      case 'emphasis':
        inline(n.children, { ...style, italic: true }, out);
        break;
      case 'strong':
        inline(n.children, { ...style, bold: true }, out);
        break;
      case 'delete':
        inline(n.children, { ...style, dim: true }, out);
        break;
      case 'inlineCode':
        out.push({ text: sanitize(n.value), style: { ...style, code: true } });
        break;
      case 'break':
        out.push({ text: '\n', style });
        break;
      case 'link': {
        const before = out.length;
        inline(n.children, { ...style, link: true, underline: true }, out);
        const label = out
          .slice(before)
          .map((s) => s.text)
          .join('');
        const url = sanitize(n.url);
        if (url && label !== url) out.push({ text: ` (${url})`, style: { ...style, dim: true } });
        break;
      }
      case 'image':
        out.push({ text: `[image: ${sanitize(n.alt ?? '')}] (${sanitize(n.url)})`, style: { ...style, dim: true } });
        break;
      case 'html':
        out.push({ text: sanitize(n.value), style: { ...style, dim: true } });
        break;
      default:
        if ('children' in n) inline((n as Parent).children, style, out);
        else if ('value' in n && typeof (n as { value: unknown }).value === 'string')
          out.push({ text: sanitize((n as { value: string }).value), style });
    }
  }
}

/** Word-wrap inline segments to width; first line gets `first` prefix, others `rest`. */
export function wrap(segs: Segment[], width: number, first: Segment[] = [], rest: Segment[] = []): Line[] {
  const lines: Line[] = [];
  const prefixLen = (p: Segment[]) => p.reduce((n, s) => n + [...s.text].length, 0);
  let line: Line = [...first];
  let col = prefixLen(first);
  let lineHasWord = false;
  const newline = () => {
    lines.push(line);
    line = [...rest];
    col = prefixLen(rest);
    lineHasWord = false;
  };
  const push = (text: string, style: SegStyle) => {
    const last = line[line.length - 1];
    if (last && last.style === style) last.text += text;
    else line.push({ text, style });
    col += [...text].length;
  };
  for (const seg of segs) {
    const parts = seg.text.split(/(\n| +)/);
    for (const part of parts) {
      if (part === '') continue;
      if (part === '\n') {
        newline();
        continue;
      }
      if (/^ +$/.test(part)) {
        if (lineHasWord && col < width) push(' ', seg.style);
        continue;
      }
      let word = [...part];
      if (lineHasWord && col + word.length > width) {
        // drop a trailing space before breaking
        const last = line[line.length - 1];
        if (last && last.text.endsWith(' ')) last.text = last.text.slice(0, -1);
        newline();
      }
      // A word longer than the line is hard-broken.
      while (word.length > width - col && width - col > 0 && word.length > width - prefixLen(rest)) {
        const take = width - col;
        push(word.slice(0, take).join(''), seg.style);
        word = word.slice(take);
        newline();
      }
      push(word.join(''), seg.style);
      lineHasWord = true;
    }
  }
  if (line.length > 0 && (lineHasWord || lines.length === 0)) lines.push(line);
  return lines;
}

function blocks(nodes: RootContent[], width: number, indent: string, out: Line[]): void {
  const pre: Segment[] = indent ? [{ text: indent, style: {} }] : [];
  const gap = () => {
    if (out.length > 0 && out[out.length - 1]!.some((s) => s.text.trim() !== '')) out.push([]);
  };
  for (const n of nodes) {
    switch (n.type) {
      case 'heading': {
        gap();
        const segs: Segment[] = [];
        inline(n.children, { bold: true, heading: n.depth }, segs);
        out.push(...wrap(segs, width, pre, pre));
        break;
      }
      case 'paragraph': {
        gap();
        const segs: Segment[] = [];
        inline(n.children, {}, segs);
        out.push(...wrap(segs, width, pre, pre));
        break;
      }
      case 'list': {
        gap();
        let num = n.start ?? 1;
        for (const item of n.children) {
          const bullet = n.ordered
            ? `${num++}. `
            : item.checked === true
              ? '[x] '
              : item.checked === false
                ? '[ ] '
                : '• ';
          const sub: Line[] = [];
          const inner = ' '.repeat(bullet.length);
          // First paragraph of the item shares the bullet's line.
          const [head, ...tail] = item.children;
          if (head && head.type === 'paragraph') {
            const segs: Segment[] = [];
            inline(head.children, {}, segs);
            sub.push(
              ...wrap(
                segs,
                width,
                [...pre, { text: bullet, style: { bold: true } }],
                [...pre, { text: inner, style: {} }],
              ),
            );
          } else {
            sub.push([...pre, { text: bullet, style: { bold: true } }]);
            if (head) blocks([head], width, indent + inner, sub);
          }
          if (tail.length > 0) {
            const nested: Line[] = [];
            blocks(tail, width, indent + inner, nested);
            sub.push(...nested.filter((l, i) => !(i === 0 && l.length === 0)));
          }
          out.push(...sub);
        }
        break;
      }
      case 'code': {
        gap();
        const label = n.lang ? `${indent}  ┌ ${sanitize(n.lang)}` : '';
        if (label) out.push([{ text: label, style: { dim: true } }]);
        for (const raw of sanitize(n.value, { multiline: true }).split('\n')) {
          const chars = [...raw];
          const room = Math.max(10, width - indent.length - 4);
          for (let i = 0; i === 0 || i < chars.length; i += room) {
            out.push([
              { text: `${indent}  │ `, style: { dim: true } },
              { text: chars.slice(i, i + room).join(''), style: { code: true } },
            ]);
          }
        }
        break;
      }
      case 'blockquote': {
        gap();
        const inner: Line[] = [];
        blocks(n.children, width - 2, '', inner);
        for (const l of inner)
          out.push([
            ...pre,
            { text: '▌ ', style: { dim: true } },
            ...l.map((s) => ({ ...s, style: { ...s.style, italic: true } })),
          ]);
        break;
      }
      case 'thematicBreak':
        gap();
        out.push([
          { text: indent + '─'.repeat(Math.max(3, Math.min(40, width - indent.length))), style: { dim: true } },
        ]);
        break;
      case 'html': {
        gap();
        out.push(...wrap([{ text: sanitize(n.value), style: { dim: true } }], width, pre, pre));
        break;
      }
      default:
        if ('children' in n) blocks((n as Parent).children, width, indent, out);
        else if ('value' in n && typeof (n as { value: unknown }).value === 'string')
          out.push(...wrap([{ text: sanitize((n as { value: string }).value), style: {} }], width, pre, pre));
    }
  }
}

/** Lay out parsed markdown (the root's children) for a terminal `width` columns wide. */
export function layoutMarkdown(nodes: readonly RootContent[], width: number): Line[] {
  const w = Math.max(20, width);
  const out: Line[] = [];
  blocks(nodes as RootContent[], w, '', out);
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/** Plain text of a line (tests, plain mode). */
export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}
