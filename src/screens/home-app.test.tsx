import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRunbook } from '../runbook/parse.js';
import { builtInCatalog } from '../steps/catalog.js';
import { fakeTerminals, lendConsoleConstructor } from '../../test/fake-terminal.js';
import { KEY, type, waitFor } from '../../test/tui-helpers.js';
import { buildHomeModel, type HomeModel, type LibraryEntry } from './home-model.js';
import { describeRunbook, type OverviewModel } from './overview-model.js';
import { runHome } from './home-app.js';

// Ink draws only a final frame when it believes it runs in CI (is-in-ci reads CI once, when Ink
// is imported), and CI runners set CI. On a real terminal the product turns that off before Ink
// loads (frontend/index.ts prepareInkEnv); these tests are that terminal, so they do the same.
vi.hoisted(() => {
  process.env['CI'] = 'false';
});

const CATALOG = builtInCatalog();
let giveBack = () => {};
beforeAll(() => (giveBack = lendConsoleConstructor()));
afterAll(() => giveBack());

const terminal = fakeTerminals();

// Two of the shipped runbooks, as the library index lists them (front matter only).
const shipped = (id: string, title: string, cadence: string): LibraryEntry => ({
  id,
  title,
  version: '1.0.0',
  cadence,
  path: join(process.cwd(), 'runbooks', `${id}.md`),
  source: 'shipped',
  summary: '',
  diagnostics: [],
  runbook: { source: { sha256: 'f'.repeat(64) } },
});
const tenant = { label: 'contoso.onmicrosoft.com', practice: false };
const model: HomeModel = buildHomeModel(
  [
    shipped('quarterly-validation', 'Quarterly break-glass validation', 'P90D'),
    shipped('alert-verification-drill', 'Alert verification drill', 'P30D'),
  ],
  [],
  [],
  tenant,
  new Date('2026-06-01T00:00:00Z'),
);

/** What the home command hands runHome: the runbook parsed and validated in full when it is opened. */
async function describeShipped(path: string): Promise<OverviewModel> {
  const r = await loadRunbook(path, CATALOG);
  if (!r.runbook) throw new Error(`${path} does not load`);
  return describeRunbook(r.runbook, CATALOG);
}

describe('runHome', () => {
  it('lists the runbooks in its first frame when they are read in time', async () => {
    const term = terminal();
    const choice = runHome({ model: Promise.resolve(model), tenant, describe: vi.fn(), ...term.streams });
    const screen = await waitFor(term.stdout.screen, (s) => s.includes('Runbooks:'));
    expect(screen).toMatch(/▸ Alert verification drill · DUE — never done live/);
    // Never a "reading" frame first: everything written so far is the list's frame.
    expect(term.stdout.out).not.toContain('Reading runbooks');
    await type(term.stdin, 'q');
    await expect(choice).resolves.toEqual({ action: 'quit' });
  });

  it('is on screen while a slow library is read, fills it in, and q leaves with the screen cleared', async () => {
    const term = terminal();
    let loaded!: (m: HomeModel) => void;
    const choice = runHome({
      model: new Promise<HomeModel>((r) => (loaded = r)),
      tenant,
      describe: vi.fn(),
      ...term.streams,
      version: '0.1.0',
    });
    let screen = await waitFor(term.stdout.screen, (s) => s.includes('Reading runbooks and past runs…'));
    expect(screen.split('\n')[0]).toBe(' LIVE  contoso.onmicrosoft.com · breakglass 0.1.0');
    loaded(model);
    screen = await waitFor(term.stdout.screen, (s) => s.includes('Runbooks:'));
    expect(screen).not.toContain('Reading runbooks');
    expect(screen).toContain('LIVE tenant: runbooks here change a real directory.');
    // Both never run live: the monthly drill is listed first.
    expect(screen).toMatch(/▸ Alert verification drill · DUE — never done live/);
    expect(screen).toMatch(/\n {2}Quarterly break-glass validation · DUE — never done live/);
    await type(term.stdin, 'q');
    await expect(choice).resolves.toEqual({ action: 'quit' });
    // The command that follows (run, resume) starts on a clean screen.
    expect(await term.stdout.settled()).toBe('');
  });

  it('q works while the library is still being read', async () => {
    const term = terminal();
    const choice = runHome({ model: new Promise<never>(() => {}), tenant, describe: vi.fn(), ...term.streams });
    await waitFor(term.stdout.screen, (s) => s.includes('q quit'));
    await type(term.stdin, 'q');
    await expect(choice).resolves.toEqual({ action: 'quit' });
  });

  it('a library that cannot be read ends it with that error, and the screen is left clean for it', async () => {
    const term = terminal();
    const choice = runHome({
      model: Promise.reject(new Error('runbooks folder unreadable: EACCES')),
      tenant,
      describe: vi.fn(),
      ...term.streams,
    });
    await expect(choice).rejects.toThrow('runbooks folder unreadable: EACCES');
    expect(await term.stdout.settled()).toBe('');
  });

  it('a library that fails after the screen is up ends it with that error, and the screen is left clean', async () => {
    const term = terminal();
    let fail!: (e: Error) => void;
    const choice = runHome({
      model: new Promise<HomeModel>((_, reject) => (fail = reject)),
      tenant,
      describe: vi.fn(),
      ...term.streams,
    });
    await waitFor(term.stdout.screen, (s) => s.includes('Reading runbooks and past runs…'));
    fail(new Error('runbooks folder unreadable: EIO'));
    await expect(choice).rejects.toThrow('runbooks folder unreadable: EIO');
    expect(await term.stdout.settled()).toBe('');
  });

  it('↓ and Enter open the chosen runbook, read in full; Esc goes back; Enter in the overview starts it', async () => {
    const term = terminal();
    const describe = vi.fn(describeShipped);
    const choice = runHome({ model: Promise.resolve(model), tenant, describe, ...term.streams });
    await waitFor(term.stdout.screen, (s) => s.includes('Runbooks:'));
    await type(term.stdin, KEY.down);
    await waitFor(term.stdout.screen, (s) => /▸ Quarterly break-glass validation/.test(s));
    await type(term.stdin, KEY.enter);
    const quarterly = join(process.cwd(), 'runbooks', 'quarterly-validation.md');
    let screen = await waitFor(term.stdout.screen, (s) => s.includes('Enter start'), 10_000);
    expect(describe).toHaveBeenCalledWith(quarterly);
    const overview = await describeShipped(quarterly);
    expect(screen).toContain(overview.title);
    expect(screen).not.toContain('Runbooks:');
    await type(term.stdin, KEY.esc);
    screen = await waitFor(term.stdout.screen, (s) => s.includes('Runbooks:'));
    expect(screen).toMatch(/▸ Quarterly break-glass validation/);
    await type(term.stdin, KEY.enter);
    await waitFor(term.stdout.screen, (s) => s.includes('Enter start'), 10_000);
    await type(term.stdin, KEY.enter);
    await expect(choice).resolves.toEqual({ action: 'run', path: quarterly, sha256: overview.sha256 });
    expect(await term.stdout.settled()).toBe('');
  });
});
