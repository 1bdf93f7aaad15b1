/**
 * An OperatorPort driven by an answers file (JSON or YAML), for headless
 * tests and `breakglass run --answers FILE`:
 *
 *   defaults:                       # per prompt type, used when no specific answer matches
 *     confirm: true
 *     failure: { choice: abort }
 *   answers:
 *     create-tap:                   # instance id …
 *       action: { approved: true }
 *     enroll.record-key:            # … or step id (matches every foreach iteration)
 *       form: { keyLabel: BG-KEY-1 }
 *     check-ca:                     # a list is answered in order, then defaults apply
 *       failure: [{ choice: retry }, { choice: override, justification: "Graph outage, ticket 4711" }]
 *     inputs:                       # missing run inputs
 *       form: { accounts: "bg1@contoso.onmicrosoft.com, bg2@contoso.onmicrosoft.com" }
 *
 * Built-in defaults are conservative: confirm yes, approve NON-destructive
 * actions, acknowledge secrets/shows, abort on failure, first choice. A
 * destructive action, a sign-off or a form without an answer is an error —
 * automation must say so explicitly. Secrets are never printed.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Answer, EngineEvent, OperatorPort, Prompt, SecretDisplay } from '../core/events.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

const promptTypes = ['confirm', 'form', 'choice', 'action', 'secret', 'show', 'failure', 'signoff'] as const;
type PromptType = (typeof promptTypes)[number];

const perPrompt = z.partialRecord(z.enum(promptTypes), z.unknown());
export const answersFileSchema = z.strictObject({
  defaults: perPrompt.optional(),
  answers: z.record(z.string(), perPrompt).optional(),
});
export type AnswersFile = z.infer<typeof answersFileSchema>;

export class ScriptedAnswerError extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.USAGE });
  }
}

export interface ScriptedOperatorOptions {
  /** One line per event, for a readable transcript (never secrets). */
  log?: (line: string) => void;
  /** Test hook: sees a secret display (lines included) when it is shown. */
  onSecret?: (instanceId: string, secret: SecretDisplay) => void;
}

/** Reads and validates an answers file; throws a message naming the file and the problem. */
export async function loadAnswersFile(path: string): Promise<AnswersFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScriptedAnswerError(
      `cannot read answers file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ScriptedAnswerError(`answers file ${path} is not valid JSON/YAML: ${(err as Error).message}`);
  }
  const parsed = answersFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ScriptedAnswerError(
      `answers file ${path}: ${i.path.join('.') || '(top level)'}: ${i.message} (expected keys: defaults, answers)`,
    );
  }
  return parsed.data;
}

export class ScriptedOperator implements OperatorPort {
  readonly events: EngineEvent[] = [];
  readonly prompts: Prompt[] = [];
  private readonly used = new Map<string, number>();

  constructor(
    private readonly file: AnswersFile,
    private readonly options: ScriptedOperatorOptions = {},
  ) {}

  emit(event: EngineEvent): void {
    this.events.push(event);
    const line = describeEvent(event);
    if (line && this.options.log) this.options.log(line);
  }

  async ask<P extends Prompt>(prompt: P): Promise<Answer<P>> {
    this.prompts.push(prompt);
    const given = this.lookup(prompt.instanceId, prompt.type);
    const answer = given === undefined ? this.fallback(prompt) : given;
    if (prompt.type === 'secret') {
      this.options.onSecret?.(prompt.instanceId, prompt.secret);
      this.options.log?.(
        `  secret shown to ${prompt.secret.audience ?? 'the operator'} — ${prompt.secret.fingerprint}`,
      );
    }
    return answer as Answer<P>;
  }

  /** instance id first, then the step id (instance id without foreach indices); lists are consumed in order. */
  private lookup(instanceId: string, type: PromptType): unknown {
    const stepId = instanceId.replace(/\[\d+\]/g, '');
    for (const key of [instanceId, stepId]) {
      const entry = this.file.answers?.[key]?.[type];
      if (entry === undefined) continue;
      if (!Array.isArray(entry) || type === 'form') return entry;
      const counter = `${key}\u0000${type}`;
      const n = this.used.get(counter) ?? 0;
      this.used.set(counter, n + 1);
      if (n < entry.length) return entry[n];
      break;
    }
    return this.file.defaults?.[type];
  }

  private fallback(prompt: Prompt): unknown {
    switch (prompt.type) {
      case 'confirm':
        return true;
      case 'secret':
      case 'show':
        return { acknowledged: true };
      case 'failure':
        return { choice: 'abort' };
      case 'choice':
        return prompt.choices[0]?.value;
      case 'action':
        if (prompt.preview.destructive) {
          throw new ScriptedAnswerError(
            `no answer for the destructive action at ${prompt.instanceId} (${prompt.preview.summary}); add answers.${prompt.instanceId}.action: { approved: true, typed: "${prompt.preview.confirmText ?? ''}" }`,
          );
        }
        return { approved: true };
      case 'form': {
        const values: Record<string, unknown> = {};
        const missing: string[] = [];
        for (const f of prompt.fields) {
          if (f.default !== undefined) values[f.name] = f.default;
          else if (f.required) missing.push(f.name);
        }
        if (missing.length)
          throw new ScriptedAnswerError(
            `no answer for ${missing.join(', ')} at ${prompt.instanceId}; add answers.${prompt.instanceId}.form`,
          );
        return values;
      }
      case 'signoff':
        throw new ScriptedAnswerError(
          `no sign-off answer at ${prompt.instanceId}; add answers.${prompt.instanceId}.signoff: { signers: [{ role, name, keyPath, passphrase }] }`,
        );
    }
  }
}

function describeEvent(e: EngineEvent): string | undefined {
  switch (e.type) {
    case 'run-started':
      return `${e.resumed ? 'Resuming' : 'Starting'} ${e.run.runbookTitle} (${e.run.runId}) on ${e.run.tenantLabel}${e.resumeAt ? ` at ${e.resumeAt}` : ''}`;
    case 'step-started':
      return `[${e.index}/${e.total}] ${e.instanceId}: ${e.title}`;
    case 'step-finished':
      return (
        `  → ${e.result.status.toUpperCase()}: ${e.result.summary}${e.result.override ? ` (override: ${e.result.override.justification})` : ''}` +
        // A headless log is all an automation owner sees: give the cause and the fix, not only what failed.
        (e.result.error
          ? `\n    why: ${e.result.error.cause}\n    do:  ${e.result.error.todo}${e.result.error.requestId ? `\n    request-id: ${e.result.error.requestId}` : ''}`
          : '')
      );
    case 'step-log':
      return `  ${e.level}: ${e.message}`;
    case 'notice':
      return `${e.level}: ${e.message}`;
    case 'run-finished':
      return `Run ${e.status}${e.reason ? `: ${e.reason}` : ''} — ${e.runDir}${e.reportPath ? `\nReport: ${e.reportPath}` : ''}`;
    case 'step-progress':
      return undefined;
  }
}
