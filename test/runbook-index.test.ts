/**
 * The runbook library's front-matter index: the home screen and `run <id>`
 * list and find runbooks from a cache in the state folder, re-read a file
 * when it changes, ignore a cache they cannot trust, keep one hostile
 * runbook from affecting another, and `run <id>` parses only that runbook.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Spy on the full parser: `run <id>` must parse only the runbook it runs.
vi.mock('../src/runbook/parse.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/runbook/parse.js')>();
  return { ...orig, loadRunbook: vi.fn(orig.loadRunbook) };
});

const { indexRunbooks, resolveRunbook } = await import('../src/runbook/library.js');
const { loadRunbook } = await import('../src/runbook/parse.js');
const { builtInCatalog } = await import('../src/steps/catalog.js');

const runbook = (id: string, title: string, body = '## Do it\n\nBy hand.\n') =>
  `---\nid: ${id}\ntitle: ${title}\nversion: 1.0.0\nsummary: A test runbook.\ncadence: P90D\n---\n\n${body}`;

let dir: string;
let indexFile: string;
const prevDir = process.env.BREAKGLASS_RUNBOOKS_DIR;

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'bg-index-'));
  dir = join(root, 'runbooks');
  mkdirSync(dir);
  indexFile = join(root, 'state', 'runbook-index.json');
  process.env.BREAKGLASS_RUNBOOKS_DIR = dir;
  vi.mocked(loadRunbook).mockClear();
});
afterEach(() => {
  if (prevDir === undefined) delete process.env.BREAKGLASS_RUNBOOKS_DIR;
  else process.env.BREAKGLASS_RUNBOOKS_DIR = prevDir;
});

const mine = async (file = indexFile) => (await indexRunbooks(file)).filter((e) => e.source === 'user');

/** Changes a cached title in place: a listing that shows it came from the cache, not the file. */
function tamperCachedTitle(path: string, title: string): void {
  const c = JSON.parse(readFileSync(indexFile, 'utf8')) as { entries: Record<string, { title: string }> };
  c.entries[path]!.title = title;
  writeFileSync(indexFile, JSON.stringify(c));
}

describe('runbook front-matter index', () => {
  it('lists from the cache (owner-only) and re-reads a runbook after an edit', async () => {
    const file = join(dir, 'drill.md');
    writeFileSync(file, runbook('my-drill', 'My drill'));
    const first = await mine();
    expect(first.map((e) => [e.id, e.title, e.cadence])).toEqual([['my-drill', 'My drill', 'P90D']]);
    expect(statSync(indexFile).mode & 0o777).toBe(0o600);
    // The shipped runbooks are listed too, from their front matter.
    expect((await indexRunbooks(indexFile)).find((e) => e.id === 'emergency-sign-in')?.source).toBe('shipped');

    tamperCachedTitle(file, 'Title from the cache');
    expect((await mine())[0]!.title).toBe('Title from the cache');

    writeFileSync(file, runbook('my-drill', 'My drill, edited'));
    expect((await mine())[0]!.title).toBe('My drill, edited');
  });

  it('re-reads an edit that keeps the size and the mtime', async () => {
    const file = join(dir, 'drill.md');
    writeFileSync(file, runbook('my-drill', 'Title AAAA'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    await mine();
    writeFileSync(file, runbook('my-drill', 'Title BBBB'));
    utimesSync(file, old, old);
    expect((await mine())[0]!.title).toBe('Title BBBB');
  });

  it('ignores a corrupt cache or one others can write, and rebuilds it', async () => {
    const file = join(dir, 'drill.md');
    writeFileSync(file, runbook('my-drill', 'My drill'));
    await mine();
    writeFileSync(indexFile, '{"version":1,"entries":{"x":');
    expect((await mine())[0]!.title).toBe('My drill');
    expect(JSON.parse(readFileSync(indexFile, 'utf8')).version).toBe(2);

    tamperCachedTitle(file, 'Planted title');
    chmodSync(indexFile, 0o666);
    expect((await mine())[0]!.title).toBe('My drill');
    expect(statSync(indexFile).mode & 0o777).toBe(0o600);
  });

  it('one hostile or broken runbook does not affect the others', async () => {
    // An alias bomb in the front matter, where the index reads.
    const lol = Array.from({ length: 9 }, (_, i) =>
      i === 0
        ? 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'
        : `a${i}: &a${i} [${`*a${i - 1}, `.repeat(8)}*a${i - 1}]`,
    );
    writeFileSync(join(dir, 'a-bomb.md'), `---\nid: bomb\n${lol.join('\n')}\n---\n\n## Step\n`);
    writeFileSync(join(dir, 'b-binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff]));
    writeFileSync(join(dir, 'c-good.md'), runbook('good-one', 'Good one'));
    writeFileSync(join(dir, 'd-unclosed.md'), '---\nid: x\n');
    const list = await mine();
    expect(list.map((e) => e.id)).toEqual(['a-bomb', 'b-binary', 'good-one', 'd-unclosed']);
    expect(list.find((e) => e.id === 'good-one')!.diagnostics).toEqual([]);
    for (const bad of list.filter((e) => e.id !== 'good-one')) {
      expect(bad.diagnostics[0]).toMatchObject({ severity: 'error', path: bad.path });
      expect(bad.diagnostics[0]!.line).toBeGreaterThan(0);
    }
    expect(list.find((e) => e.id === 'd-unclosed')!.diagnostics[0]!.message).toBe('front matter is not closed');
  });

  it('run <id> parses and validates only that runbook', async () => {
    writeFileSync(join(dir, 'a.md'), runbook('first-drill', 'First'));
    writeFileSync(join(dir, 'b.md'), runbook('second-drill', 'Second', '## Broken\n\n```step\nkind: nope\n```\n'));
    const catalog = builtInCatalog();
    const r = await resolveRunbook('first-drill', catalog, { indexFile });
    expect(r.runbook?.title).toBe('First');
    expect(vi.mocked(loadRunbook).mock.calls.map((c) => c[0])).toEqual([join(dir, 'a.md')]);

    // A broken one is found by its front-matter id and gives its file:line:col errors.
    const b = await resolveRunbook('second-drill', catalog, { indexFile });
    expect(b.runbook).toBeUndefined();
    expect(b.diagnostics[0]).toMatchObject({ path: join(dir, 'b.md'), line: 12, col: 1, severity: 'error' });
  });
});
