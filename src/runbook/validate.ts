/**
 * Everything checkable without a tenant, all at once: step-kind schemas,
 * duplicate ids, references (inputs, earlier steps, their outputs, loop
 * variables), unknown checks/actions/queries (a kind's describe() throws
 * StepConfigError), undeclared permissions, mutations in a read-only
 * runbook, undeclared identities, input specs and their defaults.
 *
 * Input: the parser's draft (model + positions). Output: diagnostics.
 */
import { COVERED_ONLY_BY } from '../core/permission-rules.js';
import { suggestionPermissions } from '../config/suggestion-permissions.js';
import {
  ExprError,
  isSingleReference,
  parseCondition,
  parseTemplate,
  scanExpressions,
  type ExprReference,
} from '../expr/index.js';
import type { AnyStepKind, Catalog } from '../core/catalog.js';
import { StepConfigError } from '../core/step-config-error.js';
import { describeStep } from './describe.js';
import type { StepDescription } from '../core/step.js';
import { MAX_DIAGNOSTICS } from './limits.js';
import type { PermissionSet, RunbookDiagnostic, SourcePos } from '../core/runbook.js';
import { makeDiagnostic, type DraftStep, type RunbookDraft } from './draft.js';
import { COMMON_STEP_KEYS, NAME_RE } from './schema.js';
import { checkInputValue } from './input-values.js';
import { compilePattern } from './pattern.js';
import { didYouMean } from './suggest.js';
import { formatKeyPath, zodIssuesToMessages } from './zod-diagnostics.js';
import { checkWithArgs } from './with-args.js';
import type { KeyPath } from './yaml-section.js';

const API_LABEL: Record<keyof PermissionSet, string> = {
  graph: 'Microsoft Graph',
  arm: 'Azure RBAC',
  logs: 'Log Analytics',
};

/** Words that tell a person what is on screen is a secret. */
const SAYS_SECRET =
  /\b(secret|passphrase|password|passcode|pass|pin|share|key|credential|code|temporary access pass|tap)s?\b/i;

/** The error a kind's describe() throws for e.g. an unknown check id. */
function asStepConfigError(e: unknown): StepConfigError | undefined {
  return e instanceof StepConfigError ? e : undefined;
}

/** Graph convention: X.ReadWrite.Y includes X.Read.Y. */
function permissionSatisfied(declared: readonly string[], need: string): boolean {
  const lower = declared.map((d) => d.toLowerCase());
  // A need may name alternatives: "Security Reader (Entra role) or Monitoring Reader".
  return need.split(/\s+or\s+/i).some((alt) => {
    const n = alt
      .replace(/\([^)]*\)/g, '')
      .trim()
      .toLowerCase();
    const only = COVERED_ONLY_BY[n];
    const covered = only
      ? only.some((x) => lower.includes(x))
      : n.includes('.read.') && lower.includes(n.replace('.read.', '.readwrite.'));
    return lower.includes(n) || lower.includes(alt.trim().toLowerCase()) || covered;
  });
}

class Validator {
  readonly out: RunbookDiagnostic[] = [];
  private readonly descriptions = new Map<DraftStep, StepDescription>();
  private readonly byId = new Map<string, DraftStep>();

  constructor(
    readonly draft: RunbookDraft,
    private readonly catalog: Catalog,
  ) {}

  error(pos: SourcePos, message: string, hint?: string): void {
    this.out.push(makeDiagnostic(this.draft.path, pos, message, hint));
  }
  warn(pos: SourcePos, message: string, hint?: string): void {
    this.out.push(makeDiagnostic(this.draft.path, pos, message, hint, 'warning'));
  }

  /** Position of a key path inside a step block; the heading when there is no block. */
  stepPos(ds: DraftStep, path: KeyPath = [], key = false): SourcePos {
    if (!ds.block) return ds.step.pos.heading;
    return path.length ? ds.block.pos(path, { key }) : (ds.step.pos.block ?? ds.step.pos.heading);
  }

  run(): RunbookDiagnostic[] {
    if (this.draft.frontMatter && this.draft.frontMatterOk) this.frontMatter();
    for (const ds of this.draft.steps) this.kind(ds);
    this.duplicates();
    for (const ds of this.draft.steps) if (ds.usable) this.references(ds);
    this.permissions();
    return this.out;
  }

  private fmPos(path: KeyPath, key = false): SourcePos {
    return this.draft.frontMatter!.pos(path, { key });
  }

  private frontMatter(): void {
    const rb = this.draft.runbook;
    for (const [name, spec] of Object.entries(rb.inputs)) {
      if (!NAME_RE.test(name)) {
        this.error(
          this.fmPos(['inputs', name], true),
          `input name \`${name}\` cannot be used in expressions`,
          "start with a letter; use only letters, digits, '-' and '_'",
        );
      }
      this.inputSpec(spec, (p, key) => this.fmPos(['inputs', name, ...p], key), `input \`${name}\``);
    }
    for (const name of Object.keys(rb.identities)) {
      if (!NAME_RE.test(name))
        this.error(
          this.fmPos(['identities', name], true),
          `identity name \`${name}\` is not a valid name`,
          "use letters, digits, '-' and '_'",
        );
    }
  }

  /** Shared by front-matter inputs and the fields of `input` steps. */
  private inputSpec(
    spec: { type: string; pattern?: string; choices?: string[]; min?: number; max?: number; default?: unknown },
    pos: (p: KeyPath, key?: boolean) => SourcePos,
    label: string,
  ): void {
    let patternOk = true;
    if (spec.pattern !== undefined) {
      const re = compilePattern(spec.pattern);
      if (typeof re === 'string') {
        patternOk = false;
        this.error(
          pos(['pattern']),
          `${label}: ${re}`,
          'patterns use RE2 syntax (no lookaround or backreferences) and must match the whole value',
        );
      }
    }
    if (spec.type === 'choice' && !spec.choices?.length) {
      this.error(pos([]), `${label} has type \`choice\` but no \`choices:\``, 'add `choices: [a, b]`');
    }
    if (spec.choices && spec.type !== 'choice') {
      this.warn(pos(['choices'], true), `${label}: \`choices\` is only used by type \`choice\``);
    }
    if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
      this.error(pos(['min']), `${label}: min (${spec.min}) is greater than max (${spec.max})`);
    }
    if (spec.default !== undefined && patternOk && (spec.type !== 'choice' || spec.choices?.length)) {
      // A default that is an expression is resolved at run time; check only literal ones.
      const isExpr = JSON.stringify(spec.default)?.includes('${') ?? false;
      const msg = isExpr ? undefined : checkInputValue(spec as Parameters<typeof checkInputValue>[0], spec.default);
      if (msg)
        this.error(
          pos(['default']),
          `${label}: default does not fit its own type \`${spec.type}\`: ${msg}`,
          'fix the default, or change the type',
        );
    }
  }

  private kind(ds: DraftStep): void {
    if (!ds.usable) return;
    const step = ds.step;
    if (ds.group) {
      this.identity(ds);
      return;
    }
    const d = describeStep(step, this.catalog, { parse: ds.implicit ? 'none' : 'strict' });
    if (!d.ok && d.problem === 'unknown-kind') {
      this.error(
        this.stepPos(ds, [step.kind], true),
        `step kind \`${step.kind}\` is not available in this version of breakglass`,
      );
      return;
    }
    if (!d.ok && d.problem === 'config') {
      ds.usable = false;
      for (const m of zodIssuesToMessages(
        d.issues,
        step.config,
        ds.block!,
        d.schema,
        `step \`${step.id}\``,
        [],
        COMMON_STEP_KEYS,
      )) {
        this.error(m.pos, m.message, m.hint);
      }
      return;
    }
    if (d.ok) {
      this.descriptions.set(ds, d.description);
      this.withArgs(ds, d.kind);
    } else {
      const e = d.error;
      const sce = asStepConfigError(e);
      if (ds.implicit) return;
      if (sce) {
        this.error(this.stepPos(ds, sce.path), sce.message, sce.hint);
      } else {
        this.error(this.stepPos(ds, [step.kind], true), `step \`${step.id}\`: ${(e as Error)?.message ?? String(e)}`);
      }
      ds.usable = false;
      return;
    }
    if (step.kind === 'input') this.inputStepFields(ds);
    this.identity(ds);
    this.secretTitle(ds);
    if (this.draft.runbook.readOnly && this.descriptions.get(ds)?.mutating) {
      this.error(
        this.stepPos(ds, [step.kind], true),
        `step \`${step.id}\` changes the tenant (${step.kind}: ${JSON.stringify(step.config[step.kind])}), but the runbook is declared \`readOnly: true\``,
        'remove the step, or remove `readOnly: true` from the front matter',
      );
    }
  }

  /**
   * A step that shows a secret says so in the title the person sees: a secret on a screen titled
   * "Verify the exclusion group membership" is read aloud, photographed or left on a shared screen by
   * someone who was not told what it is.
   */
  private secretTitle(ds: DraftStep): void {
    if (this.descriptions.get(ds)?.secret !== 'shows') return;
    const step = ds.step;
    const own = step.with['title'];
    const title = typeof own === 'string' && !own.includes('${') ? own : step.title;
    if (!SAYS_SECRET.test(title))
      this.error(
        this.stepPos(ds, typeof own === 'string' ? ['with', 'title'] : [step.kind], true),
        `step \`${step.id}\` shows a secret under the title "${title}", which does not say it is one`,
        'name what is shown in the title (for example "Temporary Access Pass for …", "Passphrase for …")',
      );
  }

  /** Literal `with:` arguments against the schema of what the step calls (an action, query or check). */
  private withArgs(ds: DraftStep, kind: AnyStepKind): void {
    const step = ds.step;
    const own = step.config[step.kind];
    const schema = kind.withArgs?.(this.catalog).find((v) => v.when === undefined || v.when === own)?.args;
    const what = `${step.kind} \`${String(step.config[step.kind])}\``;
    if (!schema) {
      if (Object.keys(step.with).length) {
        this.error(
          this.stepPos(ds, ['with'], true),
          `a \`${step.kind}\` step takes no \`with:\` arguments`,
          'remove `with:`',
        );
      }
      return;
    }
    for (const p of checkWithArgs(step.with, schema, what)) {
      this.error(
        this.stepPos(ds, p.path.length ? ['with', ...p.path] : ['with'], p.key || !p.path.length),
        p.message,
        p.hint,
      );
    }
  }

  private identity(ds: DraftStep): void {
    const id = ds.step.identity;
    if (id === undefined || Object.prototype.hasOwnProperty.call(this.draft.runbook.identities, id)) return;
    const known = Object.keys(this.draft.runbook.identities);
    this.error(
      this.stepPos(ds, ['identity']),
      `unknown identity \`${id}\`${didYouMean(id, known)}`,
      known.length ? `declared identities: ${known.join(', ')}` : 'declare it under `identities:` in the front matter',
    );
  }

  /** Fields an `input` step asks for, as declared under its `input:` key. */
  private inputFields(ds: DraftStep): Record<string, Record<string, unknown>> {
    const v = ds.step.config.input;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Record<string, unknown>>) : {};
  }

  private inputStepFields(ds: DraftStep): void {
    for (const [name, spec] of Object.entries(this.inputFields(ds))) {
      if (spec && typeof spec === 'object' && typeof spec.type === 'string') {
        this.inputSpec(
          spec as { type: string },
          (p, key) => this.stepPos(ds, ['input', name, ...p], key),
          `input \`${name}\``,
        );
      }
    }
  }

  private duplicates(): void {
    for (const ds of this.draft.steps) {
      const prev = this.byId.get(ds.step.id);
      if (prev) {
        const pos =
          ds.block && 'id' in ((ds.block.value as object) ?? {}) ? this.stepPos(ds, ['id']) : ds.step.pos.heading;
        this.error(
          pos,
          `duplicate step id \`${ds.step.id}\` (first used on line ${prev.step.pos.heading.line})`,
          'give one of the steps a different heading or an explicit `id:` in its step block',
        );
      } else {
        this.byId.set(ds.step.id, ds);
      }
    }
  }

  private references(ds: DraftStep): void {
    const step = ds.step;
    const check = (refs: ExprReference[], base: KeyPath) => {
      for (const ref of refs) this.reference(ds, ref, this.stepPos(ds, [...base, ...ref.at]));
    };
    const scanInto = (value: unknown, base: KeyPath) => {
      const { refs, problems } = scanExpressions(value);
      for (const p of problems)
        this.error(
          this.stepPos(ds, [...base, ...p.at]),
          `bad expression: ${p.message}`,
          'expressions look like `${inputs.name}` or `${steps.step-id.output}`',
        );
      check(refs, base);
    };
    scanInto(step.config, []);
    scanInto(step.with, ['with']);
    if (step.when !== undefined) {
      try {
        parseCondition(step.when);
        scanInto(step.when, ['when']);
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        this.error(this.stepPos(ds, ['when']), `bad condition: ${e.message}`);
      }
    }
    if (step.foreach) {
      try {
        const parts = parseTemplate(step.foreach.expr);
        if (!isSingleReference(parts)) {
          this.error(
            this.stepPos(ds, ['foreach']),
            '`foreach` must be a single `${…}` that yields a list',
            'for example `foreach: ${inputs.accounts}`',
          );
        } else {
          scanInto(step.foreach.expr, ['foreach']);
        }
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        this.error(this.stepPos(ds, ['foreach']), `bad expression: ${e.message}`);
      }
    }
  }

  private reference(ds: DraftStep, ref: ExprReference, pos: SourcePos): void {
    const loopVar = ds.parent?.step.foreach?.as;
    switch (ref.root) {
      case 'run':
        return;
      case 'inputs':
        return this.inputRef(ds, ref, pos);
      case 'steps':
        return this.stepRef(ds, ref, pos);
      default: {
        if (loopVar !== undefined && (ref.root === loopVar || ref.root === 'loop')) return;
        const roots = ['inputs', 'steps', 'run', ...(loopVar ? [loopVar, 'loop'] : [])];
        this.error(
          pos,
          `unknown name \`${ref.root}\` in \`${ref.raw}\`${didYouMean(ref.root, roots)}`,
          `expressions start with ${roots.map((r) => `\`${r}\``).join(', ')}${ds.step.foreach ? '; the loop variable is only available in the `###` child steps' : ''}`,
        );
      }
    }
  }

  private inputRef(ds: DraftStep, ref: ExprReference, pos: SourcePos): void {
    const name = ref.path[0];
    if (name === undefined) {
      this.error(pos, '`${inputs}` needs an input name', 'for example `${inputs.accounts}`');
      return;
    }
    const rb = this.draft.runbook;
    if (Object.prototype.hasOwnProperty.call(rb.inputs, name)) return;
    // Fields asked by `input` steps are that step's outputs, not run inputs.
    const asker = this.draft.steps.find(
      (s) => s.step.kind === 'input' && Object.prototype.hasOwnProperty.call(this.inputFields(s), name),
    );
    if (asker) {
      const local = asker.parent ? asker.step.id.slice(asker.parent.step.id.length + 1) : asker.step.id;
      this.error(
        pos,
        `\`${ref.raw}\`: \`${name}\` is asked by the input step \`${asker.step.id}\`, so it is that step's output`,
        `write \`\${steps.${local}.${name}}\``,
      );
      return;
    }
    if (
      !this.draft.frontMatter ||
      this.draft.frontMatter.value === undefined ||
      this.draft.frontMatterBroken.has('inputs')
    )
      return; // inputs unknown: already reported
    const known = Object.keys(rb.inputs);
    this.error(
      pos,
      `\`${ref.raw}\`: unknown input \`${name}\`${didYouMean(name, known)}`,
      known.length
        ? `declared inputs: ${known.join(', ')}; or declare it under \`inputs:\` in the front matter`
        : 'declare it under `inputs:` in the front matter',
    );
  }

  /**
   * Mirrors the engine's scope (src/engine/run.ts): top-level steps are
   * `steps.<id>`; inside a group's item, earlier siblings are `steps.<local-id>`;
   * outside, a group's outputs are a list per item: `steps.<group>[n].<local-id>.<output>`.
   */
  private stepRef(ds: DraftStep, ref: ExprReference, pos: SourcePos): void {
    const [first, ...rest] = ref.path;
    if (first === undefined) {
      this.error(pos, '`${steps}` needs a step id and an output', 'for example `${steps.create-tap.tapId}`');
      return;
    }
    const group = ds.parent;
    const sibling = group ? this.byId.get(`${group.step.id}.${first}`) : undefined;
    const target = sibling && sibling.parent === group ? sibling : this.byId.get(first);
    if (!target || (target.parent && target !== sibling)) {
      const dotted = this.byId.get(ref.path.slice(0, 2).join('.'));
      if (dotted?.parent) {
        const local = ref.path[1]!;
        const inside = dotted.parent === group;
        this.error(
          pos,
          `\`${ref.raw}\`: child steps of group \`${dotted.parent.step.id}\` have outputs per item`,
          inside
            ? `inside the group write \`\${steps.${local}.<output>}\``
            : `write \`\${steps.${dotted.parent.step.id}[0].${local}.<output>}\` for the first item`,
        );
        return;
      }
      const visible = [...this.byId.values()]
        .filter((t) => !t.parent || t.parent === group)
        .map((t) => (t.parent ? t.step.id.slice(t.parent.step.id.length + 1) : t.step.id));
      this.error(
        pos,
        `\`${ref.raw}\`: unknown step \`${first}\`${didYouMean(first, visible)}`,
        'refer to an earlier step by its id (the heading slug, or its `id:`)',
      );
      return;
    }
    const id = target.step.id;
    if (target === ds) {
      this.error(
        pos,
        `\`${ref.raw}\`: step \`${id}\` refers to its own output`,
        'a step can only use outputs of earlier steps',
      );
      return;
    }
    if (target === group) {
      const sib = rest[0] !== undefined && this.byId.get(`${id}.${rest[0]}`);
      this.error(
        pos,
        `\`${ref.raw}\`: inside group \`${id}\`, refer to a sibling step by its own id`,
        sib
          ? `write \`\${steps.${[rest[0], ...rest.slice(1)].join('.')}}\``
          : 'use the loop variable, or an earlier sibling `${steps.<child>.<output>}`',
      );
      return;
    }
    if (target.order > ds.order) {
      this.error(
        pos,
        `\`${ref.raw}\`: step \`${id}\` runs later (line ${target.step.pos.heading.line})`,
        'a step can only use outputs of steps before it; reorder the steps',
      );
      return;
    }
    let outPath = rest;
    let outTarget = target;
    if (target.step.children.length > 0) {
      // A finished group: steps.<group>[n].<local>.<output>
      const [index, local, ...more] = rest;
      if (index === undefined || !/^\d+$/.test(index)) {
        this.error(
          pos,
          `\`${ref.raw}\`: the outputs of group \`${id}\` are a list, one entry per item`,
          `write \`\${steps.${id}[0].<child-step>.<output>}\``,
        );
        return;
      }
      const child = local === undefined ? undefined : this.byId.get(`${id}.${local}`);
      if (!child) {
        const locals = target.step.children.map((c) => c.id.slice(id.length + 1));
        this.error(
          pos,
          `\`${ref.raw}\`: group \`${id}\` has no child step \`${local ?? ''}\`${local ? didYouMean(local, locals) : ''}`,
          `its child steps: ${locals.join(', ')}`,
        );
        return;
      }
      outTarget = child;
      outPath = more;
    }
    const output = outPath[0];
    const desc = this.descriptions.get(outTarget);
    const oid = outTarget.step.id;
    if (output === undefined) {
      this.error(
        pos,
        `\`${ref.raw}\` names a step but no output`,
        desc?.outputs.length
          ? `outputs of \`${oid}\`: ${desc.outputs.join(', ')}`
          : 'write `${steps.<step-id>.<output>}`',
      );
      return;
    }
    if (!desc || !outTarget.usable) return; // the target already has its own errors
    if (!desc.outputs.includes(output)) {
      this.error(
        pos,
        `\`${ref.raw}\`: step \`${oid}\` has no output \`${output}\`${didYouMean(output, desc.outputs)}`,
        desc.outputs.length
          ? `outputs of \`${oid}\`: ${desc.outputs.join(', ')}`
          : `step \`${oid}\` (${outTarget.step.kind}) has no outputs`,
      );
    }
  }

  private permissions(): void {
    if (
      !this.draft.frontMatter ||
      this.draft.frontMatter.value === undefined ||
      this.draft.frontMatterBroken.has('permissions')
    )
      return;
    const declared = this.draft.runbook.permissions;
    const used: Record<keyof PermissionSet, Set<string>> = { graph: new Set(), arm: new Set(), logs: new Set() };
    /** Records what `needs` uses; returns those the front matter does not declare. */
    const need = (api: keyof PermissionSet, needs: readonly string[]): string[] => {
      for (const n of needs)
        for (const alt of n.split(/\s+or\s+/i))
          used[api].add(
            alt
              .replace(/\([^)]*\)/g, '')
              .trim()
              .toLowerCase(),
          );
      return needs.filter((n) => !permissionSatisfied(declared[api], n));
    };
    const names = (missing: string[]): string =>
      `permission${missing.length > 1 ? 's' : ''} ${missing.map((m) => `\`${m}\``).join(', ')}`;
    for (const ds of this.draft.steps) {
      const d = this.descriptions.get(ds);
      if (!d) continue;
      for (const api of ['graph', 'arm', 'logs'] as const) {
        const missing = need(api, d.permissions[api] ?? []);
        if (missing.length) {
          this.error(
            this.stepPos(ds, ds.implicit ? [] : [ds.step.kind], true),
            `step \`${ds.step.id}\` needs ${API_LABEL[api]} ${names(missing)}, which the front matter does not declare`,
            `add ${missing.join(', ')} to permissions.${api} in the front matter`,
          );
        }
      }
    }
    // An input's `suggest:` reads the tenant with the run's default identity before any step:
    // its reads need permissions like a step's (config/suggestion-permissions.ts).
    if (!this.draft.frontMatterBroken.has('inputs')) {
      for (const [name, spec] of Object.entries(this.draft.runbook.inputs)) {
        const needs = spec.suggest === undefined ? undefined : suggestionPermissions(spec.suggest);
        if (!needs) continue;
        for (const api of ['graph', 'arm', 'logs'] as const) {
          const missing = need(api, needs[api] ?? []);
          if (missing.length) {
            this.error(
              this.fmPos(['inputs', name, 'suggest']),
              `input \`${name}\` suggests from \`${spec.suggest}\`, which reads with ${API_LABEL[api]} ${names(missing)}; the front matter does not declare ${missing.length > 1 ? 'them' : 'it'}`,
              `add ${missing.join(', ')} to permissions.${api} in the front matter, or remove \`suggest:\``,
            );
          }
        }
      }
    }
    // Least privilege: say when something is requested that no step needs
    // (only when every step could be described; otherwise we do not know).
    if (this.draft.steps.some((ds) => !ds.group && !this.descriptions.has(ds))) return;
    for (const api of ['graph', 'arm', 'logs'] as const) {
      declared[api].forEach((p, i) => {
        // "Security Administrator (Microsoft Entra role)": compared without the note, as `used` is.
        const l = p
          .replace(/\([^)]*\)/g, '')
          .trim()
          .toLowerCase();
        const needed =
          used[api].has(l) || (l.includes('.readwrite.') && used[api].has(l.replace('.readwrite.', '.read.')));
        if (!needed) {
          this.warn(
            this.fmPos(['permissions', api, i]),
            `permission \`${p}\` is declared but no step or input suggestion needs it`,
            'request only what the runbook uses (least privilege)',
          );
        }
      });
    }
  }
}

/** Every problem of a parsed draft; step kinds, actions, checks and queries are those of `catalog`. */
export function validateDraft(draft: RunbookDraft, catalog: Catalog): RunbookDiagnostic[] {
  return new Validator(draft, catalog).run();
}

/** Sort by position, drop exact duplicates, cap the count. */
export function finishDiagnostics(diags: RunbookDiagnostic[], path: string): RunbookDiagnostic[] {
  const seen = new Set<string>();
  const unique = diags.filter((d) => {
    const k = `${d.line}:${d.col}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort((a, b) => a.line - b.line || a.col - b.col);
  if (unique.length <= MAX_DIAGNOSTICS) return unique;
  const rest = unique.length - MAX_DIAGNOSTICS;
  const errors = unique.slice(MAX_DIAGNOSTICS).some((d) => d.severity === 'error');
  return [
    ...unique.slice(0, MAX_DIAGNOSTICS),
    makeDiagnostic(
      path,
      unique[MAX_DIAGNOSTICS]!,
      `…and ${rest} more problem${rest > 1 ? 's' : ''}`,
      'fix the ones above first',
      errors ? 'error' : 'warning',
    ),
  ];
}

export { formatKeyPath };
