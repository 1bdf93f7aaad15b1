/**
 * A check's page (docs/checks/<id>.md, shipped in the package: package.json
 * "files" holds docs/), read from the package and rendered as plain terminal
 * text for `breakglass check --explain`.
 *
 * The renderer knows the markdown the pages use — headings, paragraphs,
 * lists, pipe tables, links, `code` and **bold** — and nothing more: the
 * pages are ours, and test/check-pages.test.ts keeps them to that.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import { pagePath } from './page-ref.js';

export { pagePath, explainCommand } from './page-ref.js';

/** The page's markdown, or undefined when the package has none for this id. */
export function readCheckPage(id: string): string | undefined {
  if (!/^BG-\d{3}$/.test(id)) return undefined;
  const file = join(packageRoot(), pagePath(id));
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export interface PageOptions {
  color: boolean;
  /** Wrap width (default 80). */
  width?: number;
}

const BOLD = (on: boolean, s: string): string => (on ? `\x1b[1m${s}\x1b[0m` : s);

/** Inline markdown → text: links become "text (target)", code and emphasis marks go, escapes resolve. */
function inline(s: string): string {
  return s
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) => {
      // A page's relative link is a file of the package: name it from the package root.
      const target = /^[a-z]+:/i.test(url) ? url : posix.join('docs/checks', url);
      return text === url ? target : `${text} (${target})`;
    })
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\\([*_|`[\]\\])/g, '$1');
}

function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** The page as terminal text: headings stand out (bold where colour is allowed), tables become lists. */
export function renderPage(md: string, opts: PageOptions): string {
  const width = Math.max(40, opts.width ?? 80);
  const out: string[] = [];
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  let para: string[] = [];
  let item: { bullet: string; text: string[] } | undefined;
  const flush = (): void => {
    if (para.length) out.push(...wrap(inline(para.join(' ')), width), '');
    para = [];
    if (item) {
      const indent = ' '.repeat(item.bullet.length);
      wrap(inline(item.text.join(' ')), width - indent.length).forEach((l, i) =>
        out.push(`${i ? indent : item!.bullet}${l}`),
      );
      item = undefined;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      if (out.length && out[out.length - 1] !== '') out.push('');
      const text = inline(heading[2]!);
      out.push(BOLD(opts.color, heading[1]!.length === 1 ? text : text.toUpperCase()), '');
      continue;
    }
    if (/^\s*\|/.test(line) && /^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1] ?? '')) {
      // A pipe table: the header names the columns; each row becomes one bullet, "first — rest".
      flush();
      const head = cells(line);
      out.push(`  ${head.map(inline).join(' → ')}:`);
      i++;
      while (i + 1 < lines.length && /^\s*\|/.test(lines[i + 1]!)) {
        const row = cells(lines[++i]!);
        const [first, ...rest] = row.map(inline);
        const text = rest.length ? `${first} → ${rest.join(' — ')}` : (first ?? '');
        wrap(text, width - 4).forEach((l, n) => out.push(`${n ? '    ' : '  • '}${l}`));
      }
      out.push('');
      continue;
    }
    const bullet = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (bullet) {
      flush();
      para = [];
      item = { bullet: `${bullet[1]}${bullet[2] === '*' ? '-' : bullet[2]} `, text: [bullet[3]!] };
      continue;
    }
    if (line.trim() === '') {
      flush();
      if (out.length && out[out.length - 1] !== '') out.push('');
      continue;
    }
    if (item) item.text.push(line.trim());
    else para.push(line.trim());
  }
  flush();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}
