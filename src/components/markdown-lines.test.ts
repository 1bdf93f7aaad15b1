import { describe, expect, it } from 'vitest';
import { lineText, markdownToLines } from './markdown-lines.js';

const text = (md: string, w = 40) => markdownToLines(md, w).map(lineText);

describe('markdownToLines', () => {
  it('renders headings, paragraphs, and a blank line between blocks', () => {
    expect(text('# Title\n\nSome *words* here.')).toEqual(['Title', '', 'Some words here.']);
  });

  it('word-wraps to the width and never exceeds it', () => {
    const lines = text('one two three four five six seven eight nine ten eleven twelve', 20);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(20);
    expect(lines.join(' ')).toBe('one two three four five six seven eight nine ten eleven twelve');
  });

  it('renders bullet and numbered lists with hanging indents', () => {
    const lines = text('- first item that is long enough to wrap around\n- second\n\n3. three\n4. four', 24);
    expect(lines[0]).toBe('• first item that is');
    expect(lines[1]!.startsWith('  ')).toBe(true);
    expect(lines).toContain('• second');
    expect(lines).toContain('3. three');
    expect(lines).toContain('4. four');
  });

  it('renders fenced code with a gutter and the language', () => {
    const lines = text('```powershell\nGet-MgUser -All\n```');
    expect(lines[0]).toContain('powershell');
    expect(lines[1]).toBe('  │ Get-MgUser -All');
  });

  it('shows link targets so a keyboard-only operator can type them', () => {
    expect(text('Open [My Security Info](https://aka.ms/mysecurityinfo).', 80)).toEqual([
      'Open My Security Info (https://aka.ms/mysecurityinfo).',
    ]);
    expect(text('<https://aka.ms/mfasetup>', 80)[0]).toBe('https://aka.ms/mfasetup');
  });

  it('marks code and bold segments with styles', () => {
    const [line] = markdownToLines('Run `breakglass check` **now**', 80);
    expect(line!.find((s) => s.text === 'breakglass check')?.style.code).toBe(true);
    expect(line!.find((s) => s.text === 'now')?.style.bold).toBe(true);
  });

  it('strips escape sequences hidden in prose', () => {
    const lines = text('Hello \x1b]0;pwned\x07world \x1b[2Jthere');
    expect(lines.join('')).toBe('Hello world there');
  });

  it('hard-breaks a word longer than the line', () => {
    const lines = text('x'.repeat(50), 20);
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(lines.join('')).toBe('x'.repeat(50));
  });
});
