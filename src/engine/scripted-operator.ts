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
 *     assign-ga:                    # a PRIVILEGE change: approved only here, by step,
 *       grant: [bg1@contoso.onmicrosoft.com]   # naming every principal that gains something
 *
 * Built-in defaults are conservative: confirm yes, approve ordinary (change)
 * actions, acknowledge secrets/shows, abort on failure, first choice. A
 * destructive action, a sign-off or a form without an answer is an error —
 * automation must say so explicitly. A privilege change (a role, a
 * membership that skips Conditional Access, a credential, a consent, a
 * Temporary Access Pass…) is never approved by `defaults` or by
 * `action: { approved: true }`: only by `grant:` under that step, listing
 * each principal by the name the preview shows (UPN or display name).
 * Secrets are never printed.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Answer, EngineEvent, OperatorPort, Prompt, SecretDisplay } from '../core/events.js';
import { grantsOf, isPrivilege, sameText, typedConfirmations } from '../steps/confirmations.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { instanceText } from '../runbook/step-numbers.js';

const promptTypes = ['confirm', 'form', 'choice', 'action', 'secret', 'show', 'failure', 'signoff'] as const;
type PromptType = (typeof promptTypes)[number];

const perPrompt = z.partialRecord(z.enum(promptTypes), z.unknown());
/** Under one step: its prompts' answers, and for a privilege change the principals it may grant to. */
const perStep = z.strictObject({
  confirm: z.unknown().optional(),
  form: z.unknown().optional(),
  choice: z.unknown().optional(),
  action: z.unknown().optional(),
  secret: z.unknown().optional(),
  show: z.unknown().optional(),
  failure: z.unknown().optional(),
  signoff: z.unknown().optional(),
  grant: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
});
export const answersFileSchema = z.strictObject({
  defaults: perPrompt.optional(),
  answers: z.record(z.string(), perStep).optional(),
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
  if (
    raw &&
    typeof raw === 'object' &&
    (raw as { defaults?: Record<string, unknown> }).defaults?.['grant'] !== undefined
  ) {
    throw new ScriptedAnswerError(
      `answers file ${path}: defaults.grant: a privilege change has no default; name each step and its principals under answers.<step-id>.grant`,
    );
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
    if (prompt.type === 'action' && isPrivilege(prompt.preview) && !prompt.preview.alreadyDone)
      return this.privilege(prompt) as Answer<P>;
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

  /**
   * A privilege change: approved only by `grant:` under this step (instance id or step id) naming
   * every principal; `defaults` and a bare `approved: true` never approve it. An explicit
   * `action: { approved: false }` declines.
   */
  private privilege(prompt: Extract<Prompt, { type: 'action' }>): Answer<typeof prompt> {
    const p = prompt.preview;
    const stepId = prompt.instanceId.replace(/\[\d+\]/g, '');
    const entry = this.file.answers?.[prompt.instanceId] ?? this.file.answers?.[stepId];
    const action = (this.file.answers?.[prompt.instanceId]?.action ?? this.file.answers?.[stepId]?.action) as
      { approved?: boolean; typed?: string | string[] } | undefined;
    if (action && !Array.isArray(action) && action.approved === false) return { approved: false };
    const grants = grantsOf(p);
    const what = grants.map((g) => `${g.principal.name} gains ${g.gains}`).join('; ');
    const rawNamed = this.file.answers?.[prompt.instanceId]?.grant ?? this.file.answers?.[stepId]?.grant;
    const named = rawNamed === undefined ? undefined : Array.isArray(rawNamed) ? rawNamed : [rawNamed];
    const example = `answers:\n  ${stepId}:\n    grant: [${grants.map((g) => g.principal.name).join(', ')}]`;
    if (!entry || !named) {
      throw new ScriptedAnswerError(
        `privilege change at ${prompt.instanceId} (${p.actionId}): ${what}. An answers file never approves a privilege change by default; name the step and every principal:\n${example}`,
      );
    }
    const missing = grants.filter((g) => !named.some((n) => sameText(g.principal.name, n)));
    if (missing.length) {
      throw new ScriptedAnswerError(
        `privilege change at ${prompt.instanceId} (${p.actionId}): the answers file's grant: [${named.join(', ')}] does not name ${missing.map((g) => g.principal.name).join(', ')} (${missing.map((g) => g.gains).join('; ')}). Not approved.`,
      );
    }
    const names = new Set(grants.map((g) => g.principal.name.toLowerCase()));
    const extra = action?.typed === undefined ? [] : Array.isArray(action.typed) ? action.typed : [action.typed];
    const typed = typedConfirmations(p).map((c) =>
      names.has(c.want.toLowerCase()) ? c.want : (extra.find((t) => sameText(c.want, t)) ?? ''),
    );
    this.options.log?.(`  privilege change approved by the answers file (grant:) — ${what}`);
    return { approved: true, typed };
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
      return `[${e.index}/${e.total}] ${instanceText(e.instanceId)}: ${e.title}`;
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
      return (
        `Run ${e.status}${e.reason ? `: ${e.reason}` : ''} — ${e.runDir}${e.reportPath ? `\nReport: ${e.reportPath}` : ''}` +
        (e.report
          ? `\nResult: ${e.report.result}` +
            e.report.attention.map((a) => `\n  ${a.level}: ${a.text}${a.todo ? `\n    do: ${a.todo}` : ''}`).join('')
          : '')
      );
    case 'step-progress':
      return undefined;
  }
}
