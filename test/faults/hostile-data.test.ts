/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * Hostile tenant data: a practice world whose break-glass account display
 * names carry ANSI / OSC 8 hyperlink / OSC title escapes and right-to-left
 * overrides, and whose exclusion group is named like an OData injection
 * (`SG-O'Brien' or 1 eq 1`), next to decoy groups the injection would match.
 *  - the audit's group lookup reaches the tenant as an escaped literal: the
 *    $filter the practice tenant received, parsed and evaluated by its own
 *    OData engine against every group, matches exactly the one group;
 *  - the verdicts equal the clean healthy tenant's;
 *  - `breakglass check` output (text, markdown, junit) carries none of the
 *    escapes, hidden line breaks (U+2028), tag characters or soft hyphens:
 *    the names are rendered inert.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecksDetailed } from '../../src/checks/run.js';
import type { CheckConfig } from '../../src/core/check.js';
import { evaluateFilter, parseFilter } from '../../src/practice/odata/filter.js';
import { connectPractice } from '../../src/commands/practice-session.js';
import { cli, SCALE, scenarioObject, removeScratch, scratchDir } from './harness.js';
import { BUILT_IN_CHECKS } from '../../src/checks/index.js';

afterAll(removeScratch);

const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const EVIL_GROUP = "SG-O'Brien' or 1 eq 1";
const EVIL_NAMES = [
  'BREAK GLASS \u001b]8;;https://evil.example/\u0007click me\u001b]8;;\u0007 \u001b[2J\u001b[31mRED',
  'BREAK GLASS \u202eevil\u202c \u001b]0;pwned title\u0007 \u0000\u0008\u009b31m',
].map(
  // and a hidden line break, invisible ASCII (tag characters spelling "hi") and a soft hyphen inside a word
  (n) => `${n}\u2028second line \u{e0068}\u{e0069} ad\u00admin`,
);
const ESCAPES = /[\u001b\u0007\u0000\u0008\u009b\u202e\u202c\u2028\u2029\u00ad]|[\u{e0000}-\u{e007f}]/u;

/** healthy, with the exclusion group renamed to an injection and the accounts' names full of escapes. */
function hostileScenario(): Record<string, any> {
  const s = scenarioObject('healthy') as Record<string, any>;
  const rename = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replaceAll('SG-BreakGlass-Exclude', EVIL_GROUP)
      : Array.isArray(v)
        ? v.map(rename)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x)]))
          : v;
  const out = rename(s) as Record<string, any>;
  let i = 0;
  for (const u of out['users']) {
    if (!String(u.upn).startsWith('bg-admin-')) continue;
    const evil = EVIL_NAMES[i++ % EVIL_NAMES.length]!;
    u.displayName = evil;
    // key models and names are printed by BG-004: hostile text that must reach the output, inert
    for (const m of u.methods ?? []) if (m.type === 'fido2') Object.assign(m, { displayName: evil, model: evil });
  }
  // decoys: what `displayName eq 'SG-O' or 1 eq 1` (the unescaped injection) would also return
  out['groups'].push(
    { displayName: 'SG-O', mailNickname: 'sg-o' },
    { displayName: 'Decoy everyone', mailNickname: 'decoy' },
  );
  return out;
}

describe('hostile tenant data is inert', () => {
  it('the group filter is an escaped literal that matches only that group; verdicts as on the clean tenant', async () => {
    const run = async (sc: Record<string, any>, group: string) => {
      const conn = await connectPractice({
        scenario: sc,
        scopes: ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'],
      });
      try {
        const domain = sc['tenant'].initialDomain as string;
        const config: CheckConfig = {
          accounts: [`bg-admin-01@${domain}`, `bg-admin-02@${domain}`],
          group,
          workspace: WS,
          whatIf: true,
        };
        const r = await runChecksDetailed(BUILT_IN_CHECKS, conn.session, 'all', config);
        return { r, world: conn.server.world as unknown as { groups?: unknown } };
      } finally {
        await conn.close();
      }
    };
    const clean = await run(scenarioObject('healthy') as Record<string, any>, 'SG-BreakGlass-Exclude');
    const sc = hostileScenario();
    const hostile = await run(sc, EVIL_GROUP);
    expect(hostile.r.results.map((x) => `${x.id} ${x.verdict}`)).toEqual(
      clean.r.results.map((x) => `${x.id} ${x.verdict}`),
    );

    // Every group filter the tenant received: parse it with the tenant's own OData engine and count matches.
    const urls = hostile.r.results.flatMap((x) =>
      x.evidence.map((e) => (e as { url?: string; path?: string }).url ?? (e as { path?: string }).path ?? ''),
    );
    const groupFilters = [...new Set(urls.filter((u) => /\/groups\?/.test(u) && /filter=/i.test(u)))];
    expect(groupFilters.length, `group lookups in the evidence: ${urls.join('\n')}`).toBeGreaterThan(0);
    const groups = (sc['groups'] as { displayName: string }[]).map((g) => ({ displayName: g.displayName }));
    for (const u of groupFilters) {
      const filter = new URL(u, 'https://x').searchParams.get('$filter')!;
      expect(filter).toContain("'SG-O''Brien'' or 1 eq 1'");
      const matched = groups.filter((g) => evaluateFilter(parseFilter(filter), g));
      expect(matched.map((g) => g.displayName)).toEqual([EVIL_GROUP]);
    }
  });

  it('`breakglass check` output carries no escape sequence or direction override from tenant data', async () => {
    const dir = scratchDir('hostile');
    const file = join(dir, 'hostile.yaml');
    writeFileSync(file, stringify(hostileScenario()));
    const domain = 'contosopractice.onmicrosoft.com';
    for (const format of SCALE === 'full' ? ['text', 'markdown', 'junit', 'json'] : ['text', 'json']) {
      const r = await cli([
        'check',
        '--all',
        '--scenario',
        file,
        '--accounts',
        `bg-admin-01@${domain},bg-admin-02@${domain}`,
        '--group',
        EVIL_GROUP,
        '--workspace',
        WS,
        '--format',
        format,
        '--what-if',
      ]).done;
      expect([0, 1], `${format}: exit ${r.code}\n${r.stderr}`).toContain(r.code);
      expect(r.stdout.length).toBeGreaterThan(100);
      if (format === 'json')
        expect(r.stdout, 'the hostile names reach the output (JSON-escaped), not dropped').toMatch(
          /click me|pwned title/,
        );
      // Every format, JSON included (as \uXXXX escapes), keeps bidi overrides and C1 controls (U+009B) inert.
      const forbidden = new RegExp(ESCAPES.source, 'gu');
      const bad = [...r.stdout.matchAll(forbidden)].map((m) =>
        JSON.stringify(r.stdout.slice(Math.max(0, m.index - 30), m.index + 10)),
      );
      expect(bad.slice(0, 5), `${format} output`).toEqual([]);
      expect(ESCAPES.test(r.stderr)).toBe(false);
    }
  });
});
