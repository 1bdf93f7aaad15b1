/**
 * Front-end selection: the ONE place that decides between the Ink TUI and
 * the plain line-by-line mode, and that refuses to run interactively without
 * a terminal. Ink, React and inquirer are imported dynamically from here only,
 * so commands that never prompt (`--help`, `check`, `verify`) stay fast.
 */
import type { OperatorPort } from '../core/events.js';
import type { DeviceCodeInfo } from '../core/tenant.js';
import type { OverviewModel } from '../screens/overview-model.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export type FrontEnd = OperatorPort & {
  /** Tear down (restore the terminal). The last frame stays on screen. */
  close(): Promise<void>;
  showDeviceCode?(info: DeviceCodeInfo): void;
  /** The runbook overview before anything starts; true = start. Use confirmOverview() from src/screens/overview-flow.ts. */
  overview?(model: OverviewModel): Promise<boolean>;
  readonly mode: 'ink' | 'plain';
};

export interface FrontEndOptions {
  plain?: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** Shown in the header before the run starts. */
  tenant?: { label: string; practice: boolean };
  /** How to continue this run later (default `breakglass resume <run-id>`). */
  resumeCommand?(runId: string): string;
  /** The state folder, for the secret-on-screen marker (state/secret-marker.ts). */
  stateDir?: string;
  /**
   * The runbook overview, already known: the TUI's first frame shows it. Answer
   * it with overview(this same model) (confirmOverviewModel in overview-flow.ts).
   * Plain mode prints it when overview() is called.
   */
  overview?: OverviewModel;
}

/** Interactive command without a terminal. The command maps it to exit 67 (EXIT.NO_TTY). */
export class NoTerminalError extends BreakglassError {
  constructor(what = 'this command') {
    super(
      `${what} needs an interactive terminal, but stdin/stdout is not a TTY. Use --plain for line-by-line prompts, or \`breakglass check\` in pipelines.`,
      { exitCode: EXIT.NO_TTY },
    );
  }
}

/** Why plain mode was chosen, or undefined for the TUI. */
export function plainReason(opts: { plain?: boolean; env?: NodeJS.ProcessEnv }): string | undefined {
  const env = opts.env ?? process.env;
  if (opts.plain) return '--plain';
  if (env.INK_SCREEN_READER === 'true') return 'INK_SCREEN_READER=true';
  if (env.BREAKGLASS_SCREEN_READER && env.BREAKGLASS_SCREEN_READER !== '0' && env.BREAKGLASS_SCREEN_READER !== 'false')
    return 'BREAKGLASS_SCREEN_READER';
  if (env.BREAKGLASS_PLAIN && env.BREAKGLASS_PLAIN !== '0' && env.BREAKGLASS_PLAIN !== 'false')
    return 'BREAKGLASS_PLAIN';
  if (env.TERM === 'dumb') return 'TERM=dumb';
  return undefined;
}

/**
 * Environment for Ink, set before it loads: NO_COLOR → FORCE_COLOR=0 (chalk
 * reads only FORCE_COLOR, at import). React's production build is chosen when
 * the bundle is built (scripts/build.mjs defines NODE_ENV), not here.
 */
export function prepareInkEnv(
  env: NodeJS.ProcessEnv = process.env,
  tty = Boolean(process.stdin.isTTY && process.stdout.isTTY),
): void {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '' && process.env.FORCE_COLOR === undefined)
    process.env.FORCE_COLOR = '0';
  // Ink renders nothing but a last frame when it believes it runs in CI (is-in-ci reads CI /
  // CONTINUOUS_INTEGRATION once, at import). A real terminal on both ends is an operator,
  // whatever the environment says — an SSH session from a build agent sets CI too.
  if (tty) {
    if (process.env.CI !== undefined) process.env.CI = 'false';
    if (process.env.CONTINUOUS_INTEGRATION !== undefined) process.env.CONTINUOUS_INTEGRATION = 'false';
  }
}

let inkModule: Promise<typeof import('../screens/ink-frontend.js')> | undefined;

/**
 * Start loading Ink + React now, while the caller parses runbooks: call it
 * first thing in an interactive command. createFrontEnd() then finds the
 * module loaded. A no-op for plain mode.
 */
export function preloadFrontEnd(opts: { plain?: boolean; env?: NodeJS.ProcessEnv } = {}): void {
  const env = opts.env ?? process.env;
  if (plainReason({ plain: opts.plain, env })) return;
  prepareInkEnv(env);
  inkModule ??= import('../screens/ink-frontend.js');
  inkModule.catch(() => undefined); // reported by createFrontEnd, not as an unhandled rejection
}

export async function createFrontEnd(opts: FrontEndOptions = {}): Promise<FrontEnd> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const env = opts.env ?? process.env;
  if (plainReason({ plain: opts.plain, env })) {
    const { createPlainFrontEnd } = await import('../plain/plain-frontend.js');
    const fe = createPlainFrontEnd({
      stdin,
      stdout,
      env,
      tenant: opts.tenant,
      resumeCommand: opts.resumeCommand,
      ...(opts.stateDir ? { stateDir: opts.stateDir } : {}),
    });
    return Object.assign(fe, { mode: 'plain' as const });
  }
  if (!stdin.isTTY || !stdout.isTTY) throw new NoTerminalError();
  prepareInkEnv(env, true);
  inkModule ??= import('../screens/ink-frontend.js');
  const { createInkFrontEnd, loadRunner } = await inkModule;
  // An overview given is drawn first, without the step runner; anything else is drawn by it.
  if (!opts.overview) await loadRunner();
  const fe = createInkFrontEnd({
    stdin,
    stdout,
    tenant: opts.tenant,
    resumeCommand: opts.resumeCommand,
    ...(opts.stateDir ? { stateDir: opts.stateDir } : {}),
    ...(opts.overview ? { overview: opts.overview } : {}),
  });
  return Object.assign(fe, { mode: 'ink' as const });
}
