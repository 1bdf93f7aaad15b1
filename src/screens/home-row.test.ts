import { describe, expect, it } from 'vitest';
import { fitHomeRow, truncateWords } from './home-row.js';

const TITLE = 'Security Defaults: break-glass accounts with FIDO2 keys, enrolled through a Temporary Access Pass';

describe('truncateWords', () => {
  it('keeps whole words and ends with an ellipsis', () => {
    const t = truncateWords(TITLE, 40);
    expect([...t].length).toBeLessThanOrEqual(40);
    expect(t).toBe('Security Defaults: break-glass accounts…');
    // Every word shown is a whole word of the title.
    for (const w of t.replace('…', '').split(' ')) expect(TITLE.split(' ')).toContain(w);
  });

  it('cuts a single long word only with an ellipsis', () => {
    expect(truncateWords('Supercalifragilistic', 8)).toBe('Superca…');
  });

  it('leaves a title that fits alone', () => {
    expect(truncateWords('Quarterly validation', 40)).toBe('Quarterly validation');
  });
});

describe('fitHomeRow', () => {
  const row = { title: TITLE, tag: '', due: 'START HERE — not set up yet', last: 'never run' };

  it.each([78, 58])('at %i columns keeps the due words whole and the title cut at a word', (width) => {
    const f = fitHomeRow(row, width);
    const line = `${f.title}${f.tag} · ${f.due}${f.last ? ` · ${f.last}` : ''}`;
    expect([...line].length).toBeLessThanOrEqual(width);
    expect(f.due).toBe(row.due);
    expect(f.title.endsWith('…')).toBe(true);
    // A prefix of the title that ends where a word does.
    const kept = f.title.slice(0, -1);
    expect(TITLE.startsWith(kept)).toBe(true);
    expect(TITLE[kept.length]).toMatch(/[\s:,]/);
  });

  it('drops the last-run words before touching the title', () => {
    const r = { title: 'Quarterly break-glass validation', tag: '', due: 'DUE — never done live', last: 'never run' };
    expect(fitHomeRow(r, 60)).toEqual({ ...r, last: '' });
    expect(fitHomeRow(r, 80)).toEqual(r);
  });
});
