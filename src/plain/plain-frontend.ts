/**
 * Plain mode: the same OperatorPort, line by line with @inquirer prompts —
 * no boxes, no full-screen redraws, for screen readers and dumb terminals.
 * Ctrl+C at a prompt becomes OperatorQuit (the run stays resumable).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import password from '@inquirer/password';
import select from '@inquirer/select';
import type { Answer, EngineEvent, OperatorPort, Prompt } from '../core/events.js';
import { OperatorQuit } from '../core/events.js';
import type { InputSpec } from '../core/runbook.js';
import { defaultText, fieldHint, suggestionText, validateField } from '../components/input-validate.js';
import { sanitize } from '../util/sanitize.js';
import { secretMarker } from '../state/secret-marker.js';
import { sameText, typedConfirmations } from '../steps/confirmations.js';
import type { OverviewModel } from '../screens/overview-model.js';
import { overviewLines } from './overview-lines.js';
import { askSignoff } from './signoff-prompt.js';
import {
  actionLines,
  eventLines,
  resultLines,
  SCROLLBACK_WARNING,
  secretLines,
  secretRefusedLines,
  tenantWords,
} from './format.js';

export interface PlainOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  tenant?: { label: string; practice: boolean };
  resumeCommand?(runId: string): string;
  /** The state folder, for the secret-on-screen marker (state/secret-marker.ts). */
  stateDir?: string;
}

export interface PlainFrontEnd extends OperatorPort {
  close(): Promise<void>;
  overview(model: OverviewModel): Promise<boolean>;
  showDeviceCode(info: {
    userCode: string;
    verificationUri: string;
    expiresAt: string | Date;
    message?: string;
    practiceApproval?: { at: Date; as: string };
  }): void;
}

const MIN_JUSTIFICATION = 10;

function isQuit(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'CancelPromptError');
}

export function createPlainFrontEnd(opts: PlainOptions): PlainFrontEnd {
  const out = opts.stdout;
  const env = opts.env ?? process.env;
  const width = Math.max(40, Math.min(100, (out.columns || 80) - 1));
  const ctx = (signal?: AbortSignal) => ({ input: opts.stdin, output: out, signal, clearPromptOnDone: false });
  let runId: string | undefined;
  let lastProgress = '';
  let quitting = false;
  const marker = opts.stateDir ? secretMarker(opts.stateDir) : undefined;
  const say = (lines: string[]) => {
    if (lines.length) out.write(lines.join('\n') + '\n');
  };
  const resumeHint = () =>
    runId ? (opts.resumeCommand ?? ((id: string) => `breakglass resume ${id}`))(runId) : 'breakglass resume';

  if (opts.tenant) say([`Tenant: ${tenantWords(opts.tenant)}.`]);

  async function field(spec: InputSpec, signal?: AbortSignal): Promise<unknown> {
    const label = sanitize(spec.label || spec.name);
    if (spec.type === 'choice' && spec.choices?.length) {
      return select(
        {
          message: label,
          choices: spec.choices.map((c) => ({ name: sanitize(c), value: c })),
          default: spec.default as string | undefined,
        },
        ctx(signal),
      );
    }
    if (spec.type === 'bool') {
      return confirm(
        { message: label, default: typeof spec.default === 'boolean' ? spec.default : undefined },
        ctx(signal),
      );
    }
    if (spec.secret) {
      // A passphrase or client secret: masked, no default echoed, never kept beyond this answer.
      const typed = await password(
        {
          message: `${label}${spec.required ? '' : ' (optional)'}`,
          mask: true,
          validate: (v: string) => (v || !spec.required ? true : `Enter the ${label}.`),
        },
        ctx(signal),
      );
      return typed === '' ? undefined : typed;
    }
    const hint = fieldHint(spec);
    // What the tenant suggests, numbered: a number picks one, anything else is typed as usual.
    const suggested = (spec.suggestions ?? []).map(suggestionText);
    if (suggested.length)
      say([
        `Suggested by the tenant for ${label} (type its number to pick it, or type your own):`,
        ...(spec.suggestions ?? []).map((s, i) => `  ${i + 1}. ${sanitize(s.label)}`),
      ]);
    else if (spec.suggestNote) say([`${label}: ${sanitize(spec.suggestNote)}`]);
    const pick = (v: string) => {
      const n = spec.type !== 'int' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : 0;
      return n >= 1 && n <= suggested.length ? suggested[n - 1]! : v;
    };
    const raw = await input(
      {
        message: `${label}${hint ? ` (${hint})` : ''}${spec.required ? '' : ' (optional)'}`,
        default: defaultText(spec) || undefined,
        validate: (v: string) => {
          const r = validateField(spec, pick(v));
          return r.ok ? true : r.error;
        },
      },
      ctx(signal),
    );
    const r = validateField(spec, pick(raw));
    return r.ok ? r.value : undefined;
  }

  async function answer(p: Prompt, signal?: AbortSignal): Promise<unknown> {
    switch (p.type) {
      case 'confirm':
        return confirm({ message: sanitize(p.message), default: p.defaultYes ?? true }, ctx(signal));
      case 'choice':
        return select(
          {
            message: sanitize(p.message),
            choices: p.choices.map((c) => ({
              name: sanitize(c.label),
              value: c.value,
              description: c.hint ? sanitize(c.hint) : undefined,
            })),
          },
          ctx(signal),
        );
      case 'form': {
        say([sanitize(p.title)]);
        const values: Record<string, unknown> = {};
        for (const f of p.fields) {
          const v = await field(f, signal);
          if (v !== undefined) values[f.name] = v;
        }
        // One person's hidden entry (a custodian's share): even its length goes before the next person comes.
        if (p.fields.length > 0 && p.fields.every((f) => f.secret) && out.isTTY && env.TERM !== 'dumb')
          out.write('\x1b[2J\x1b[3J\x1b[H');
        return values;
      }
      case 'action': {
        say(actionLines(p.preview));
        if (p.preview.alreadyDone) {
          await input({ message: 'Nothing will be sent. Press Enter to continue' }, ctx(signal));
          return { approved: true };
        }
        const typings = typedConfirmations(p.preview);
        if (typings.length) {
          // Privilege and destructive changes: type each name; a bare y never approves them.
          const typed: string[] = [];
          for (const c of typings) {
            const want = sanitize(c.want);
            const v = await input(
              {
                message: `${sanitize(c.prompt)}, or leave empty to decline`,
                validate: (v: string) =>
                  v.trim() === '' || sameText(want, v)
                    ? true
                    : `That does not match "${want}". Type it exactly, or leave empty to decline.`,
              },
              ctx(signal),
            );
            if (!sameText(want, v)) return { approved: false };
            typed.push(v.trim());
          }
          return { approved: true, typed };
        }
        return { approved: await confirm({ message: 'Make this change?', default: false }, ctx(signal)) };
      }
      case 'secret': {
        if (!out.isTTY) {
          // A pipe or a file (`| tee log`) keeps whatever is written to it: the secret is never written there.
          // Quitting keeps the run resumable; the unseen secret is void and is made again on resume.
          quitting = true;
          say(['', ...secretRefusedLines(p.secret.title, resumeHint())]);
          throw new OperatorQuit();
        }
        say(['', SCROLLBACK_WARNING]);
        await input({ message: 'Press Enter when nobody else can see your screen' }, ctx(signal));
        marker?.set('main');
        say(['', ...secretLines(p.secret), '']);
        await input({ message: 'Press Enter to clear the secret from the screen' }, ctx(signal));
        clearScreen();
        marker?.clear();
        return { acknowledged: true };
      }
      case 'show': {
        say([
          sanitize(p.title),
          ...p.lines.map((l) => `  ${sanitize(l)}`),
          ...(p.qr ? [`Link: ${sanitize(p.qr)}`] : []),
        ]);
        await input({ message: 'Press Enter to continue' }, ctx(signal));
        return { acknowledged: true };
      }
      case 'failure': {
        say(['The step did not succeed.', ...resultLines(p.result)]);
        const choices = [
          ...(p.canRetry ? [{ name: 'Retry the step', value: 'retry' as const }] : []),
          // A mistyped input (the account) is corrected here and the step retried: nothing before it is redone.
          ...(p.canRetry && p.inputs?.length
            ? [{ name: 'Correct an input, then retry the step', value: 'correct' as const }]
            : []),
          {
            name: 'Override: go on anyway with a written justification (recorded in the report)',
            value: 'override' as const,
          },
          { name: 'Abort the run (a report of what happened is still written)', value: 'abort' as const },
        ];
        const choice = await select({ message: 'What now?', choices }, ctx(signal));
        if (choice === 'correct') {
          say(['Each input shows its value now: press Enter to keep it, or type the right one.']);
          const inputs: Record<string, unknown> = {};
          for (const f of p.inputs ?? []) {
            const v = await field(f, signal);
            if (v !== undefined) inputs[f.name] = v;
          }
          return { choice, inputs };
        }
        if (choice !== 'override') return { choice };
        const justification = await input(
          {
            message: 'Why is it safe to go on?',
            validate: (v: string) =>
              v.trim().length >= MIN_JUSTIFICATION
                ? true
                : `Write at least ${MIN_JUSTIFICATION} characters: an auditor will read this.`,
          },
          ctx(signal),
        );
        return { choice, justification: justification.trim() };
      }
      case 'signoff':
        return askSignoff(p, ctx(signal), say);
    }
  }

  function clearScreen(): void {
    // Clear screen AND scrollback (ESC[3J) where the terminal understands it; on a dumb terminal we can only say so.
    if (out.isTTY && env.TERM !== 'dumb') {
      out.write('\x1b[2J\x1b[3J\x1b[H');
      say(['The secret was cleared from the screen. If your terminal keeps its own log, clear that too.']);
    } else {
      say(['', 'This terminal cannot be cleared by breakglass. Clear its scrollback and any log now.']);
    }
  }

  return {
    emit(event: EngineEvent) {
      if (event.type === 'run-started') runId = event.run.runId;
      if (event.type === 'step-progress') {
        // Line by line: only announce a progress change worth reading.
        const key = `${event.message}|${event.fraction === undefined ? '' : Math.floor(event.fraction * 10)}`;
        if (key === lastProgress) return;
        lastProgress = key;
      }
      say(eventLines(event, width));
      if (event.type === 'run-finished' && event.reportPath) {
        try {
          say([
            `Report fingerprint: sha256:${createHash('sha256').update(readFileSync(event.reportPath)).digest('hex')}`,
          ]);
        } catch {
          /* the report path is printed above; the fingerprint is a convenience */
        }
      }
    },
    async ask<P extends Prompt>(prompt: P, signal?: AbortSignal): Promise<Answer<P>> {
      if (quitting) throw new OperatorQuit();
      try {
        return (await answer(prompt, signal)) as Answer<P>;
      } catch (e) {
        if (isQuit(e)) {
          quitting = true;
          say(['', `Stopped. The run is saved. Continue later with: ${resumeHint()}`]);
          throw new OperatorQuit();
        }
        throw e;
      }
    },
    showDeviceCode(info) {
      const practice = info.practiceApproval;
      say([
        '',
        `Sign in: open ${sanitize(info.verificationUri)} and enter the code ${sanitize(info.userCode)}.`,
        `The code expires at ${new Date(info.expiresAt).toLocaleTimeString()}.`,
        ...(practice
          ? [
              `Practice: the practice tenant approves this code as ${sanitize(practice.as)} in ${Math.max(0, Math.round((new Date(practice.at).getTime() - Date.now()) / 1000))} seconds; in a live run you enter it yourself.`,
            ]
          : []),
      ]);
    },
    async overview(model) {
      say(['', `${sanitize(model.title)} version ${sanitize(model.version)}`, ...overviewLines(model, width), '']);
      try {
        return await confirm({ message: 'Start this runbook?', default: true }, ctx());
      } catch (e) {
        if (isQuit(e)) return false;
        throw e;
      }
    },
    async close() {
      /* nothing to restore: plain mode never takes over the terminal */
    },
  };
}
