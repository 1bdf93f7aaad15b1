/**
 * Guard: every shipped runbook cites the Microsoft Learn pages its procedure
 * relies on, so an operator can check the tool against Microsoft's own words.
 * A runbook without a https://learn.microsoft.com link fails here. Links are
 * written locale-free (learn.microsoft.com/entra/…, not …/en-us/…) so Learn
 * serves each reader their own language, and as plain https URLs so the
 * terminal and the report both make them clickable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RUNBOOKS = join(__dirname, '..', 'runbooks');
const shipped = readdirSync(RUNBOOKS)
  .filter((f) => f.endsWith('.md'))
  .sort();
const LEARN = /https:\/\/learn\.microsoft\.com\/[^\s)>`'"]+/g;
const LOCALE = /^https:\/\/learn\.microsoft\.com\/[a-z]{2}-[a-z]{2}\//i;

/** The markdown body, without the front matter (a link only in `summary:` is not shown beside a step). */
function body(text: string): string {
  const m = /^---\n[\s\S]*?\n---\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

describe('shipped runbooks cite Microsoft Learn', () => {
  it('there are shipped runbooks to check', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of shipped) {
    const links = body(readFileSync(join(RUNBOOKS, file), 'utf8')).match(LEARN) ?? [];

    it(`${file} links at least one Microsoft Learn page`, () => {
      expect(links, `${file} cites no https://learn.microsoft.com page`).not.toEqual([]);
    });

    it(`${file} writes its Learn links locale-free`, () => {
      expect(links.filter((l) => LOCALE.test(l))).toEqual([]);
    });
  }
});
