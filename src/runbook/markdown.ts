/**
 * A linear, line-based scan of the markdown body for what the runbook format
 * needs: ATX headings and fenced code blocks (CommonMark rules for fences).
 *
 * WHY not a full markdown parser over the whole file: micromark's inline
 * parsing is super-linear on hostile input (40 KB of `*a*a*a…` takes ~4 s,
 * 200 KB over 30 s), and runbooks may come from strangers. Headings and
 * fences are line constructs, so a line scan finds them exactly and in
 * linear time; mdast-util-from-markdown is used only on each (bounded)
 * heading line to turn inline markup into plain title text.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { MAX_HEADING_CHARS } from './limits.js';

export interface MdHeading {
  type: 'heading';
  depth: number;
  /** Plain text of the heading (inline markup removed). */
  text: string;
  /** 0-based line index in the body; columns are 1-based. */
  line: number;
  col: number;
}

export interface MdFence {
  type: 'fence';
  /** First word of the info string (e.g. `step`). */
  lang: string;
  /** 0-based index of the opening fence line and of the closing one (or last line when unclosed). */
  line: number;
  endLine: number;
  col: number;
  /** Indentation of the opening fence (stripped from content lines, CommonMark). */
  indent: number;
  content: string;
  closed: boolean;
}

export type MdItem = MdHeading | MdFence;

function leadingSpaces(s: string): number {
  let n = 0;
  while (n < s.length && s[n] === ' ') n++;
  return n;
}

function countRun(s: string, from: number, ch: string): number {
  let n = 0;
  while (from + n < s.length && s[from + n] === ch) n++;
  return n;
}

interface PlainNode {
  type: string;
  value?: string;
  alt?: string | null;
  children?: PlainNode[];
}

function plain(node: PlainNode): string {
  if (typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  return (node.children ?? []).map(plain).join('');
}

/** Heading inline markup → text: `Create the **TAP** for \`bg1\`` → `Create the TAP for bg1`. */
export function headingPlainText(raw: string): string {
  const src = raw.length > MAX_HEADING_CHARS ? raw.slice(0, MAX_HEADING_CHARS) : raw;
  // Fast path: no inline markup characters, nothing to strip.
  if (!/[*_`[\]<>!\\&~]/.test(src)) return src.replace(/\s+/g, ' ').trim();
  try {
    return plain(fromMarkdown(src)).replace(/\s+/g, ' ').trim();
  } catch {
    return src.trim();
  }
}

/** Parse an ATX heading line, or undefined. */
function atxHeading(line: string): { depth: number; raw: string; col: number } | undefined {
  const indent = leadingSpaces(line);
  if (indent > 3 || line[indent] !== '#') return undefined;
  const depth = countRun(line, indent, '#');
  if (depth > 6) return undefined;
  const after = indent + depth;
  if (after < line.length && line[after] !== ' ' && line[after] !== '\t') return undefined;
  let rest = line.slice(after).trim();
  // Optional closing sequence: spaces then only '#'s.
  let end = rest.length;
  while (end > 0 && rest[end - 1] === '#') end--;
  if (end === 0) rest = '';
  else if (end < rest.length && (rest[end - 1] === ' ' || rest[end - 1] === '\t')) rest = rest.slice(0, end).trim();
  return { depth, raw: rest, col: indent + 1 };
}

function fenceOpen(line: string): { ch: string; len: number; indent: number; info: string } | undefined {
  const indent = leadingSpaces(line);
  if (indent > 3) return undefined;
  const ch = line[indent];
  if (ch !== '`' && ch !== '~') return undefined;
  const len = countRun(line, indent, ch);
  if (len < 3) return undefined;
  const info = line.slice(indent + len).trim();
  if (ch === '`' && info.includes('`')) return undefined;
  return { ch, len, indent, info };
}

function isFenceClose(line: string, ch: string, len: number): boolean {
  const indent = leadingSpaces(line);
  if (indent > 3 || line[indent] !== ch) return false;
  const n = countRun(line, indent, ch);
  return n >= len && line.slice(indent + n).trim() === '';
}

/** Strip up to `indent` leading spaces (CommonMark: fence content loses the fence's indentation). */
function dedent(line: string, indent: number): string {
  const n = Math.min(indent, leadingSpaces(line));
  return line.slice(n);
}

/** Scan body lines (front matter already blanked) into headings and fences, in order. */
export function scanMarkdown(lines: readonly string[]): MdItem[] {
  const items: MdItem[] = [];
  let i = 0;
  let inComment = false;
  while (i < lines.length) {
    const line = lines[i]!;
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      i++;
      continue;
    }
    const fence = fenceOpen(line);
    if (fence) {
      const start = i;
      const content: string[] = [];
      i++;
      let closed = false;
      while (i < lines.length) {
        if (isFenceClose(lines[i]!, fence.ch, fence.len)) {
          closed = true;
          break;
        }
        content.push(dedent(lines[i]!, fence.indent));
        i++;
      }
      items.push({
        type: 'fence',
        lang: fence.info.split(/[ \t]/, 1)[0] ?? '',
        line: start,
        endLine: closed ? i : lines.length - 1,
        col: fence.indent + 1,
        indent: fence.indent,
        content: content.join('\n'),
        closed,
      });
      i++;
      continue;
    }
    const h = atxHeading(line);
    if (h) {
      items.push({ type: 'heading', depth: h.depth, text: headingPlainText(h.raw), line: i, col: h.col });
    } else {
      const t = line.trimStart();
      if (leadingSpaces(line) <= 3 && t.startsWith('<!--') && !t.includes('-->', 4)) inComment = true;
    }
    i++;
  }
  return items;
}
