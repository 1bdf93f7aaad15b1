import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareText } from './collate.js';

const sign = (n: number) => Math.sign(n);

describe('compareText', () => {
  it('orders as localeCompare does, pair by pair, over generated text', () => {
    // Letters in both cases, digits, space and punctuation, short enough that prefixes and case-only
    // differences come up often; a seeded generator, so a failure reproduces.
    const alphabet = 'aAbBzZ09 -_.,:;()/&+~\'"émŒ';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = () =>
      Array.from({ length: Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const wrong: [string, string][] = [];
    for (let i = 0; i < 40_000; i++) {
      const a = text();
      const b = next() < 0.3 ? a.slice(0, Math.floor(next() * (a.length + 1))) + text() : text();
      if (sign(compareText(a, b)) !== sign(a.localeCompare(b))) wrong.push([a, b]);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('sorts the shipped runbooks’ titles as localeCompare does', () => {
    const dir = join(import.meta.dirname, '..', '..', 'runbooks');
    const titles = readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => /^title:\s*(.+)$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? f);
    expect(titles.length).toBeGreaterThan(5);
    const extra = [
      'Break-glass setup',
      'Breakglass',
      'break glass',
      'Break Glass',
      'B2B',
      'b 2',
      'Zeta',
      'zeta',
      'Émile',
    ];
    const all = [...titles, ...extra];
    expect([...all].sort(compareText)).toEqual([...all].sort((a, b) => a.localeCompare(b)));
  });
});
