/**
 * The home screen's first frame, drawn before Ink loads: cell for cell the frame Ink then draws,
 * whatever the list holds and whatever the terminal's size; and Ink, drawing over it, leaves
 * exactly its own screen, with nothing of the early frame left over.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeTerminals, lendConsoleConstructor } from '../../test/fake-terminal.js';
import { type, waitFor } from '../../test/tui-helpers.js';
import { buildHomeModel, type HomeModel, type LibraryEntry } from './home-model.js';
import { drawHomeFirstFrame } from './home-first-frame.js';
import { runHome } from './home-app.js';

vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
  process.env['CI'] = 'false';
});

let giveBack = () => {};
beforeAll(() => (giveBack = lendConsoleConstructor()));
afterAll(() => giveBack());
const sized = fakeTerminals();
const terminal = (columns: number, rows: number) => sized({ columns, rows });

const now = new Date('2026-06-01T00:00:00Z');
const entry = (id: string, title: string, opts: Partial<LibraryEntry> & { errors?: number } = {}): LibraryEntry => ({
  id,
  title,
  version: '1.0.0',
  path: `/rb/${id}.md`,
  source: 'shipped',
  summary: '',
  diagnostics: Array.from({ length: opts.errors ?? 0 }, () => ({
    severity: 'error' as const,
    message: 'unknown step kind',
    line: 12,
    col: 1,
  })),
  runbook: opts.errors ? undefined : { source: { sha256: id.padEnd(64, '0') } },
  ...opts,
});

const library = [
  entry('quarterly', 'Quarterly break-glass validation', { cadence: 'P90D' }),
  entry('alert', 'Alert verification drill: does a break-glass sign-in page a human in time', { cadence: 'P30D' }),
  entry('setup', 'Break-glass setup with Conditional Access and monitoring'),
  entry('mine', '緊急アクセス 🔑 our own drill, with a title too long for any terminal row', {
    source: 'user',
    cadence: 'P7D',
  }),
  entry('broken', 'Broken one', { errors: 1 }),
  ...Array.from({ length: 14 }, (_, i) => entry(`extra-${i}`, `Extra runbook number ${i + 1}`)),
];
const unfinished = [
  {
    runId: '20260531-120000-alert-1a2b',
    runbookTitle: 'Alert verification drill',
    tenantLabel: 'PRACTICE · healthy',
    practice: true,
    startedAt: '2026-05-31T12:00:00Z',
    lastActivity: '2026-05-31T12:05:00Z',
    currentStep: 'wait-for-alert',
  },
  {
    runId: '20260530-120000-quarterly-9f9f',
    runbookTitle: 'Quarterly break-glass validation',
    tenantLabel: 'contoso.onmicrosoft.com',
    practice: false,
    startedAt: '2026-05-30T12:00:00Z',
    lastActivity: '2026-05-30T12:05:00Z',
    problem: 'journal line 4 does not verify',
  },
];
const last = [
  {
    runbookId: 'quarterly',
    at: '2026-01-10T10:00:00Z',
    result: 'passed' as const,
    signed: true,
    nextDue: '2026-04-10T10:00:00Z',
    dueState: 'scheduled' as const,
    practice: false,
  },
];

const LIVE = { label: 'contoso.onmicrosoft.com', practice: false };
const MODELS: Record<string, HomeModel> = {
  'live, with unfinished runs': buildHomeModel(
    library,
    last,
    unfinished,
    { label: 'contoso.onmicrosoft.com', practice: false },
    now,
  ),
  'practice, no set-up found': buildHomeModel(
    library.slice(0, 5),
    [],
    [],
    { label: 'PRACTICE · healthy', practice: true },
    now,
    {
      needsSetup: true,
    },
  ),
  'no runbooks': buildHomeModel([], [], [], { label: 'PRACTICE · healthy', practice: true }, now),
};

type Terminal = ReturnType<typeof terminal>;

/** The home screen in Ink on `t`, with `model` read, or (none) still being read; resolves with the choice. */
function startInk(t: Terminal, model: HomeModel | undefined, listWaitMs?: number) {
  return runHome({
    model: model ? Promise.resolve(model) : new Promise<never>(() => {}),
    tenant: model?.tenant ?? LIVE,
    describe: vi.fn(),
    ...t.streams,
    version: '0.1.0',
    ...(listWaitMs !== undefined ? { listWaitMs } : {}),
  });
}

/** Ink's first frame: the list, or (no model yet) the screen saying the library is being read. */
async function inkFirstFrame(model: HomeModel | undefined, columns: number, rows: number): Promise<string[]> {
  const t = terminal(columns, rows);
  const choice = startInk(t, model);
  await waitFor(t.stdout.screen, (s) => s.includes('q quit'));
  const screen = await t.stdout.styled();
  await type(t.stdin, 'q');
  await choice;
  return screen;
}

/** Ink started on a terminal holding an early frame, as home.ts starts it: the screen once Ink has drawn over it. */
async function inkOverEarly(t: Terminal, model: HomeModel | undefined) {
  const choice = startInk(t, model, 0);
  await waitFor(t.stdout.screen, () => t.stdout.out.includes('\x1b[2K'));
  return { screen: await t.stdout.styled(), choice };
}

describe('the home screen drawn before Ink', () => {
  for (const [name, model] of Object.entries(MODELS))
    for (const [columns, rows] of [
      [80, 24],
      [100, 30],
      [60, 15],
    ] as const)
      it(`is Ink's first frame, ${name}, at ${columns}×${rows}`, async () => {
        const ink = await inkFirstFrame(model, columns, rows);
        expect(ink.join('\n')).toContain('q quit');

        const early = terminal(columns, rows);
        expect(await drawHomeFirstFrame(model, { ...early.streams, tenant: model.tenant, version: '0.1.0' })).toBe(
          true,
        );
        expect(await early.stdout.styled()).toEqual(ink);

        // Ink draws over it: its own screen, nothing of the early frame left, and the keys work.
        const { screen, choice } = await inkOverEarly(early, model);
        expect(screen).toEqual(ink);
        await type(early.stdin, 'q');
        await expect(choice).resolves.toEqual({ action: 'quit' });
        expect(await early.stdout.settled()).toBe('');
      });

  it('leaves the drawing to Ink when the frame would fill the screen (Ink clears the screen for one)', async () => {
    const t = terminal(80, 4);
    expect(await drawHomeFirstFrame(MODELS['live, with unfinished runs'], { ...t.streams, tenant: LIVE })).toBe(false);
    expect(t.stdout.out).toBe('');
  });

  it('says the library is being read when it is not read in time, and Ink draws the list over that', async () => {
    const model = MODELS['live, with unfinished runs']!;
    const reading = await inkFirstFrame(undefined, 80, 24);
    expect(reading.join('\n')).toContain('Reading runbooks and past runs…');
    const list = await inkFirstFrame(model, 80, 24);

    const early = terminal(80, 24);
    expect(await drawHomeFirstFrame(undefined, { ...early.streams, tenant: LIVE, version: '0.1.0' })).toBe(true);
    expect(await early.stdout.styled()).toEqual(reading);
    // The library arrived while Ink loaded: Ink's first frame is the list, taller than what it replaces.
    const { screen, choice } = await inkOverEarly(early, model);
    expect(screen).toEqual(list);
    await type(early.stdin, 'q');
    await expect(choice).resolves.toEqual({ action: 'quit' });
  });

  it('draws a shorter screen over a taller one with nothing of it left', async () => {
    const model = MODELS['live, with unfinished runs']!;
    const reading = await inkFirstFrame(undefined, 80, 24);
    const early = terminal(80, 24);
    expect(await drawHomeFirstFrame(model, { ...early.streams, tenant: LIVE, version: '0.1.0' })).toBe(true);
    // Made up for the hand-over (the list is drawn early only once it is read): Ink's first frame,
    // the reading screen, is shorter than the early one.
    const { screen, choice } = await inkOverEarly(early, undefined);
    expect(screen).toEqual(reading);
    await type(early.stdin, 'q');
    await expect(choice).resolves.toEqual({ action: 'quit' });
  });
});
