/**
 * Internal syntax never reaches a person: every shipped runbook's overview (the rows the TUI and
 * plain mode both show), and a practice run's transcript and reports (Markdown and HTML), are
 * swept for `${…}`, `==`, regular expressions, ISO-8601 durations and `[n].` paths. The run takes
 * a branch that skips steps, so the skip reasons are swept too.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRunbook } from '../../src/screens/overview-model.js';
import { overviewLines } from '../../src/plain/overview-lines.js';
import type { PracticeServer } from '../../src/practice/server.js';
import {
  emergencyByKeyAnswers,
  loadShipped,
  runOnPractice,
  signers,
  startServer,
  RUNBOOKS,
} from '../runbooks/harness.js';
import { builtInCatalog } from '../../src/steps/catalog.js';
import { findInternalSyntax, formatHits } from './internal-syntax.js';

const CATALOG = builtInCatalog();
const BG = 'bg-admin-01@contosopractice.onmicrosoft.com';

/** The text a browser shows for an HTML report: tags dropped, entities decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, '')
    .replace(/<br\s*\/?>|<\/(?:p|div|tr|li|h\d|pre|table|section)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

describe('the detector', () => {
  it('catches each kind of internal syntax, with where it is', () => {
    const planted = [
      'Register the keys (for each account in ${steps.names.accounts})',
      "Skipped: way-in.method == 'Sealed passphrase' is false",
      'Expected: ^[A-Za-z0-9-]{3,40}$',
      'every P90D',
      'accounts[1].global-admin failed',
    ].join('\n');
    const hits = findInternalSyntax('planted.md', planted);
    expect(formatHits(hits)).toEqual([
      'planted.md:1: a ${…} reference: Register the keys (for each account in ${steps.names.accounts})',
      "planted.md:2: an == or != comparison: Skipped: way-in.method == 'Sealed passphrase' is false",
      'planted.md:3: a regular expression: Expected: ^[A-Za-z0-9-]{3,40}$',
      'planted.md:4: an ISO-8601 duration: every P90D',
      'planted.md:5: an [n]. index path: accounts[1].global-admin failed',
    ]);
  });

  it('passes the sentences a person would say', () => {
    const said = [
      'Register the keys (for each account in “Break-glass accounts”)',
      'Skipped: runs only when “How will you sign in?” is “Sealed passphrase” (it was “FIDO2 key”).',
      'Expected: 3 to 40 letters, digits or hyphens',
      'every 90 days · Longest acceptable time: 15 minutes',
      'Account 2 — make it Global Administrator',
      "GET https://graph.microsoft.com/v1.0/groups?$filter=displayName eq 'x'&$top=999",
    ].join('\n');
    expect(formatHits(findInternalSyntax('said', said))).toEqual([]);
  });
});

describe('no internal syntax on any shipped runbook’s overview', () => {
  const files = readdirSync(RUNBOOKS).filter((f) => f.endsWith('.md'));
  it.each(files)('%s', async (f) => {
    const runbook = await loadShipped(f);
    const text = overviewLines(describeRunbook(runbook, CATALOG), 100).join('\n');
    expect(formatHits(findInternalSyntax(`overview of ${f}`, text))).toEqual([]);
  });
});

describe('no internal syntax in a practice run’s transcript and reports (a branch skipped)', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('healthy');
  });
  afterAll(async () => server?.close());

  it('emergency-sign-in by security key: the passphrase branch is skipped, and said in words', async () => {
    const runbook = await loadShipped('emergency-sign-in.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const run = await runOnPractice({
      server,
      runbook,
      inputs: { account: BG },
      signers: keys,
      answers: emergencyByKeyAnswers(keys),
    });
    expect(run.outcome.status, run.transcript.join('\n')).toBe('completed');
    const md = readFileSync(join(run.runDir, 'report.md'), 'utf8');
    const html = htmlText(readFileSync(join(run.runDir, 'report.html'), 'utf8'));
    // The sweep looks at a run that did skip something.
    expect(md).toMatch(/Skipped: runs only when/);
    const hits = [
      ...findInternalSyntax('transcript', run.transcript.join('\n')),
      ...findInternalSyntax('report.md', md),
      ...findInternalSyntax('report.html', html),
    ];
    expect(formatHits(hits)).toEqual([]);
  });

  it('enrol-security-keys: a loop over the accounts, each round named in words', async () => {
    const runbook = await loadShipped('enrol-security-keys.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const accounts = ['bg-admin-01@contosopractice.onmicrosoft.com', 'bg-admin-02@contosopractice.onmicrosoft.com'];
    const group = 'SG-BreakGlass-Exclude';
    const run = await runOnPractice({
      server,
      runbook,
      inputs: { accounts, group },
      signers: keys,
      answers: {
        answers: {
          'allow-fido2': { grant: [group] },
          'tap-group-only': { grant: [group] },
          'enrol.tap': { grant: accounts },
          'enrol.tap2': { grant: accounts },
          'enrol.label': { form: { keyLabels: 'BG-KEY', keyLocations: 'Safe A', pinEnvelopes: 'PIN-1, PIN-2' } },
          'sign-off': { signoff: { signers: keys } },
        },
      },
    });
    expect(run.outcome.status, run.transcript.join('\n')).toBe('completed');
    const md = readFileSync(join(run.runDir, 'report.md'), 'utf8');
    const html = htmlText(readFileSync(join(run.runDir, 'report.html'), 'utf8'));
    // The sweep looks at a run that did loop.
    expect(md).toContain('`enrol.tap` (round 2 of enrol)');
    // One step count with a loop too: 8 numbered steps on the overview, in progress and in the report.
    const n = runbook.steps.length;
    expect(overviewLines(describeRunbook(runbook, CATALOG), 100)).toContainEqual(
      expect.stringMatching(`^Steps \\(${n}\\)`),
    );
    expect([...new Set(run.transcript.flatMap((l) => /^\[\d+\/(\d+)\]/.exec(l)?.[1] ?? []))]).toEqual([String(n)]);
    expect(md).toContain(`| Steps | ${n} steps: `);
    const hits = [
      ...findInternalSyntax('transcript', run.transcript.join('\n')),
      ...findInternalSyntax('report.md', md),
      ...findInternalSyntax('report.html', html),
    ];
    expect(formatHits(hits)).toEqual([]);
  });
});
