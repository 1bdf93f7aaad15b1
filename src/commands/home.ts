/**
 * `breakglass` with no command: the home screen. Unfinished runs first
 * (resume), then every runbook with its last run and next due date. The
 * choice is handed to the `resume` or `run` command (same process), after
 * the home screen has gone, so the run flow is exactly the one `run` has.
 */
// Everything the home screen needs before its first frame is imported statically: it loads in one
// wave with this chunk, without a facade module per dynamic import(). Ink (home-app) and the plain
// prompts stay dynamic: a session loads only the front end it shows.
import { EXIT } from '../core/exit-codes.js';
import { UsageError } from '../core/errors.js';
import { NoTerminalError, plainReason, prepareInkEnv } from '../frontend/index.js';
import { lastRuns } from '../report/history.js';
import { indexRunbooks } from '../runbook/library.js';
import { scenarioDeclaresBreakGlass } from '../practice/world/declares-break-glass.js';
import { buildHomeModel, hasBreakGlassSetup } from '../screens/home-model.js';
import { resolveStateDir, runbookIndexFile } from '../state/paths.js';
import { listUnfinishedRuns } from '../state/runs.js';
import { version } from '../util/version.js';
import { parseRunFlags, resolveRunTenant } from './run.js';
import { reportError } from './report-error.js';
import type { HomeChoice } from '../screens/Home.js';
import type { HomeModel } from '../screens/home-model.js';
import type { RunbookDiagnostic } from '../core/runbook.js';

function passThrough(args: string[]): string[] {
  // Flags that mean the same to run/resume (tenant, state dir, plain…).
  return args.filter((a) => a !== '--home');
}

type HomeTenant = { label: string; practice: boolean; scenario?: string };

/**
 * The library, history and unfinished runs. Started before the tenant is known (it only labels
 * the model and says whether a practice scenario declares a set-up), so the reading overlaps
 * resolving the tenant and loading Ink.
 */
async function loadModel(stateDir: string, tenantP: Promise<HomeTenant>): Promise<HomeModel> {
  // The practice scenario's set-up is read as soon as the tenant names it, beside the library.
  const declaresSetup = tenantP.then((t) => (t.scenario ? scenarioDeclaresBreakGlass(t.scenario) : undefined));
  declaresSetup.catch(() => undefined); // reported through the awaits below
  // Front matter only, from the index: a runbook is parsed and validated when it is opened.
  const [entries, last, tenant, scenarioDeclaresSetup] = await Promise.all([
    indexRunbooks(runbookIndexFile(stateDir)),
    lastRuns(stateDir).catch(() => []),
    tenantP,
    declaresSetup,
  ]);
  const needsSetup = !hasBreakGlassSetup(entries, last, { practice: tenant.practice, scenarioDeclaresSetup });
  const label = { label: tenant.label, practice: tenant.practice };
  return buildHomeModel(entries, last, listUnfinishedRuns(stateDir), label, new Date(), { needsSetup });
}

/** The first error as `file:line:col: error: message` (and its hint), and how to see the rest. */
async function firstErrorWords(diagnostics: RunbookDiagnostic[], path: string): Promise<string> {
  const { formatDiagnostic } = await import('../runbook/diagnostics.js');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (!first) return `${path}: the runbook does not validate`;
  const more = errors.length > 1 ? `\n(${errors.length - 1} more; breakglass validate ${path} shows them all)` : '';
  return formatDiagnostic(first) + more;
}

async function plainHome(model: HomeModel): Promise<HomeChoice> {
  const { default: select } = await import('@inquirer/select');
  const { dueWords, lastWords } = await import('../screens/home-model.js');
  const { sanitize } = await import('../util/sanitize.js');
  const { tenantWords } = await import('../plain/tenant-words.js');
  process.stdout.write(`Tenant: ${tenantWords(model.tenant)}.\n`);
  if (model.needsSetup)
    process.stdout.write('No break-glass set-up found for this tenant: start with a set-up runbook.\n');
  const choices: { name: string; value: HomeChoice; disabled?: string | boolean }[] = [
    ...model.unfinished.map((r) => ({
      name: `Resume unfinished run: ${sanitize(r.runbookTitle)}${r.currentStep ? `, at ${sanitize(r.currentStep)}` : ''} (${r.runId})`,
      value: { action: 'resume' as const, runId: r.runId },
      ...(r.problem ? { disabled: 'journal does not verify' } : {}),
    })),
    ...model.runbooks.map((r) => ({
      name: `${sanitize(r.title)}: ${r.problem ? `INVALID, ${r.problem}` : `${dueWords(r)}; ${lastWords(r)}`}`,
      value: { action: 'run' as const, path: r.path },
      ...(r.problem ? { disabled: 'has errors' } : {}),
    })),
    { name: 'Quit', value: { action: 'quit' as const } },
  ];
  try {
    return await select({ message: 'What do you want to do?', choices, pageSize: 15 });
  } catch {
    return { action: 'quit' };
  }
}

export async function run(args: string[]): Promise<number> {
  try {
    const flags = parseRunFlags(passThrough(args), 'home');
    if (flags.positional.length)
      throw new UsageError(`unknown command "${flags.positional[0]}". Run \`breakglass --help\` for the list.`);
    const stateDir = resolveStateDir(flags.stateDir);
    const plain = plainReason({ plain: flags.plain });
    const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    // No runbook chosen yet: the tenant label without a runbook's preferred scenario.
    const tenantP = resolveRunTenant(flags).then(({ info: t }) => ({
      label: t.label,
      practice: t.mode === 'practice',
      ...(t.mode === 'practice' ? { scenario: t.scenario } : {}),
    }));
    // The library is read while the rest loads. In a terminal, the list goes up as soon as it is
    // read, before Ink has loaded (home-first-frame.ts), and Ink loads after that frame: loaded
    // alongside, Ink's start-up would hold the frame back. Without a terminal nothing is shown
    // (NoTerminalError below, after a tenant error); plain mode never loads Ink.
    const model = plain || terminal ? loadModel(stateDir, tenantP) : undefined;
    model?.catch(() => undefined); // reported where it is awaited, after a tenant error
    let firstFrame: Promise<typeof import('../screens/home-first-frame.js')> | undefined;
    if (!plain && terminal) {
      prepareInkEnv();
      firstFrame = import('../screens/home-first-frame.js');
      firstFrame.catch(() => undefined); // a tenant error comes first; a load error is thrown below
    }
    const { label, practice } = await tenantP;
    const tenant = { label, practice };
    if (!model) throw new NoTerminalError('The home screen');
    let choice: HomeChoice;
    if (plain || !firstFrame) choice = await plainHome(await model);
    else {
      const { drawHomeFirstFrame, within, LIST_WAIT_MS } = await firstFrame;
      const io = { stdin: process.stdin, stdout: process.stdout, version: version() };
      // The list when it is read in time, else the screen saying it is being read. A library that
      // cannot be read is reported by the home screen, before any frame.
      const early = await within(model, LIST_WAIT_MS);
      if (!early || 'model' in early) await drawHomeFirstFrame(early?.model, { ...io, tenant });
      const { runHome } = await import('../screens/home-app.js');
      choice = await runHome({
        ...io,
        model,
        tenant,
        listWaitMs: 0,
        describe: async (path) => {
          // A shipped runbook as the build described it from these very bytes: nothing to parse first.
          const ready = await (await import('../screens/precompiled-overview.js')).precompiledOverviewAt(path);
          if (ready) return ready;
          const [{ loadRunbook }, { describeRunbook }] = await Promise.all([
            import('../runbook/parse.js'),
            import('../screens/overview-model.js'),
          ]);
          const catalog = (await import('../steps/catalog.js')).builtInCatalog();
          const r = await loadRunbook(path, catalog);
          if (!r.runbook) throw new Error(await firstErrorWords(r.diagnostics, path));
          return describeRunbook(r.runbook, catalog);
        },
      });
    }
    const rest = passThrough(args);
    if (choice.action === 'quit') return EXIT.OK;
    if (choice.action === 'resume') return (await import('./resume.js')).run([choice.runId, ...rest]);
    if (choice.sha256) (await import('../screens/overview-flow.js')).markOverviewAccepted(choice.sha256);
    return (await import('./run.js')).run([choice.path, ...rest]);
  } catch (e) {
    return reportError('home', e);
  }
}
