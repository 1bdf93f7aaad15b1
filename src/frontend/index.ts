/**
 * Front-end selection: the ONE place that decides between the Ink TUI and
 * the plain line-by-line mode, and that refuses to run interactively without
 * a terminal. Ink, React and inquirer are imported dynamically from here only,
 * so commands that never prompt (`--help`, `check`, `verify`) stay fast.
 */
import type { OperatorPort } from '../engine/events.js';
import type { OverviewModel } from '../screens/overview-model.js';

/** What the tenant connection reports for device-code sign-in. */
export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  expiresAt: string | Date;
  message: string;
}

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
}

/** Interactive command without a terminal. The command maps it to exit 67 (EXIT.NO_TTY). */
export class NoTerminalError extends Error {
  constructor(what = 'this command') {
    super(
      `${what} needs an interactive terminal, but stdin/stdout is not a TTY. Use --plain for line-by-line prompts, or \`breakglass check\` in pipelines.`,
    );
    this.name = 'NoTerminalError';
  }
}

/** Why plain mode was chosen, or undefined for the TUI. */
export function plainReason(opts: { plain?: boolean; env?: NodeJS.ProcessEnv }): string | undefined {
  const env = opts.env ?? process.env;
  if (opts.plain) return '--plain';
  if (env.INK_SCREEN_READER === 'true') return 'INK_SCREEN_READER=true';
  if (env.BREAKGLASS_SCREEN_READER && env.BREAKGLASS_SCREEN_READER !== '0' && env.BREAKGLASS_SCREEN_READER !== 'false') return 'BREAKGLASS_SCREEN_READER';
  if (env.BREAKGLASS_PLAIN && env.BREAKGLASS_PLAIN !== '0' && env.BREAKGLASS_PLAIN !== 'false') return 'BREAKGLASS_PLAIN';
  if (env.TERM === 'dumb') return 'TERM=dumb';
  return undefined;
}

/** NO_COLOR (https://no-color.org) — chalk only reads FORCE_COLOR, so translate before Ink loads. */
export function applyNoColor(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '' && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '0';
}

export async function createFrontEnd(opts: FrontEndOptions = {}): Promise<FrontEnd> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const env = opts.env ?? process.env;
  if (plainReason({ plain: opts.plain, env })) {
    const { createPlainFrontEnd } = await import('../plain/plain-frontend.js');
    const fe = createPlainFrontEnd({ stdin, stdout, env, tenant: opts.tenant, resumeCommand: opts.resumeCommand });
    return Object.assign(fe, { mode: 'plain' as const });
  }
  if (!stdin.isTTY || !stdout.isTTY) throw new NoTerminalError();
  // chalk (inside Ink) reads process.env when it loads.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '' && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '0';
  const { createInkFrontEnd } = await import('../screens/ink-frontend.js');
  const fe = createInkFrontEnd({ stdin, stdout, tenant: opts.tenant, resumeCommand: opts.resumeCommand });
  return Object.assign(fe, { mode: 'ink' as const });
}
