/**
 * Runbook parser: markdown + YAML → Runbook model, with every problem as a
 * `path:line:col` diagnostic. `parseRunbook` also runs the validator, so a
 * returned `runbook` is always one that validates (no error diagnostics).
 *
 * Structure (docs/runbook-format.md): YAML front matter between `---` lines;
 * each `##` heading is a step; a ```step fenced block under it holds YAML;
 * a `##` whose block has `foreach:` is a group whose `###` headings are its
 * child steps.
 */
import { createHash } from 'node:crypto';
import {
  STEP_KINDS,
  type IdentitySpec,
  type InputSpec,
  type Runbook,
  type RunbookDiagnostic,
  type RunbookStep,
  type SourcePos,
  type StepKindName,
} from '../core/runbook.js';
import { MAX_RUNBOOK_BYTES, MAX_STEPS } from './limits.js';
import { decodeRunbookBytes, normaliseRunbookText } from './text.js';
import { parseYamlSection, type YamlSection } from './yaml-section.js';
import { isPlainMap, splitFrontMatter } from './front-matter.js';
import { scanMarkdown, type MdFence, type MdHeading, type MdItem } from './markdown.js';
import { COMMON_STEP_KEYS, FrontMatterSchema, StepCommonSchema, type FrontMatter } from './schema.js';
import { zodIssuesToMessages } from './zod-diagnostics.js';
import { didYouMean, closest } from './suggest.js';
import { slugify } from './slug.js';
import { makeDiagnostic, type DraftStep, type RunbookDraft } from './draft.js';
import type { Catalog } from '../core/catalog.js';
import { finishDiagnostics, validateDraft } from './validate.js';
import { readRunbookFile } from './read-file.js';

export { readRunbookFile, type ReadResult } from './read-file.js';

export interface ParseResult {
  runbook?: Runbook;
  diagnostics: RunbookDiagnostic[];
  /** loadRunbook only: the file could not be opened or read (not found, permission, directory). */
  unreadable?: boolean;
}

const EMPTY_PERMISSIONS = () => ({ graph: [] as string[], arm: [] as string[], logs: [] as string[] });

function emptyRunbook(path: string, text: string, sha256: string): Runbook {
  return {
    id: '',
    title: '',
    version: '',
    summary: '',
    audience: [],
    readOnly: false,
    permissions: EMPTY_PERMISSIONS(),
    inputs: {},
    signoff: [],
    identities: {},
    steps: [],
    source: { path, sha256, text },
  };
}

/** Lines [from, to) minus the given fences, trimmed of blank edges. */
function proseOf(lines: readonly string[], from: number, to: number, skip: readonly MdFence[]): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    if (skip.some((f) => i >= f.line && i <= f.endLine)) continue;
    out.push(lines[i]!);
  }
  while (out.length && out[0]!.trim() === '') out.shift();
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  return out.join('\n');
}

class Parser {
  readonly diagnostics: RunbookDiagnostic[] = [];
  readonly steps: DraftStep[] = [];
  private lines: string[] = [];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  error(pos: SourcePos, message: string, hint?: string): void {
    this.diagnostics.push(makeDiagnostic(this.path, pos, message, hint));
  }

  parse(sha256: string): RunbookDraft {
    const runbook = emptyRunbook(this.path, this.text, sha256);
    const draft: RunbookDraft = {
      path: this.path,
      runbook,
      frontMatterOk: false,
      frontMatterBroken: new Set(),
      steps: this.steps,
      diagnostics: this.diagnostics,
    };
    if (this.text.trim() === '') {
      this.error(
        { line: 1, col: 1 },
        'empty file',
        'a runbook starts with YAML front matter between `---` lines, then `##` step headings',
      );
      return draft;
    }
    this.lines = this.text.split('\n');
    const bodyStart = this.frontMatter(draft);
    const body = this.lines.map((l, i) => (i < bodyStart ? '' : l));
    this.body(scanMarkdown(body), draft);
    return draft;
  }

  /** Returns the index of the first body line. */
  private frontMatter(draft: RunbookDraft): number {
    const fm = splitFrontMatter(this.lines);
    if (fm.section) draft.frontMatter = fm.section;
    for (const p of fm.problems) this.error(p.pos, p.message, p.hint);
    const value = fm.map;
    const section = fm.section;
    if (!value || !section) return fm.bodyStart;
    const parsed = FrontMatterSchema.safeParse(value);
    if (!parsed.success) {
      for (const m of zodIssuesToMessages(parsed.error.issues, value, section, FrontMatterSchema, 'front matter'))
        this.error(m.pos, m.message, m.hint);
      for (const i of parsed.error.issues) if (i.path.length > 0) draft.frontMatterBroken.add(String(i.path[0]));
    }
    // Fill the model from whatever is well-formed, so later checks still run.
    this.applyFrontMatter(draft, value, parsed.success ? parsed.data : undefined, section);
    draft.frontMatterOk = parsed.success;
    return fm.bodyStart;
  }

  private applyFrontMatter(
    draft: RunbookDraft,
    raw: Record<string, unknown>,
    fm: FrontMatter | undefined,
    section: YamlSection,
  ): void {
    const rb = draft.runbook;
    const src = (fm ?? raw) as Partial<FrontMatter> & Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    rb.id = str(src.id);
    rb.title = str(src.title);
    rb.version = str(src.version);
    rb.summary = str(src.summary);
    if (typeof src.cadence === 'string') rb.cadence = src.cadence;
    rb.audience = strs(src.audience);
    if (typeof src.purpose === 'string') rb.purpose = src.purpose;
    rb.readOnly = src.readOnly === true;
    const perms = isPlainMap(src.permissions) ? src.permissions : {};
    rb.permissions = { graph: strs(perms.graph), arm: strs(perms.arm), logs: strs(perms.logs) };
    rb.signoff = strs(src.signoff);
    if (isPlainMap(src.practice) && typeof src.practice.scenario === 'string')
      rb.practice = { scenario: src.practice.scenario };
    const inputs = Object.create(null) as Record<string, InputSpec>;
    if (isPlainMap(src.inputs)) {
      for (const [name, spec] of Object.entries(src.inputs)) {
        if (!isPlainMap(spec)) continue;
        inputs[name] = {
          name,
          type: spec.type,
          label: typeof spec.label === 'string' ? spec.label : name,
          ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
          ...('default' in spec ? { default: spec.default } : {}),
          required: typeof spec.required === 'boolean' ? spec.required : !('default' in spec),
          ...(typeof spec.pattern === 'string' ? { pattern: spec.pattern } : {}),
          ...(Array.isArray(spec.choices) ? { choices: strs(spec.choices) } : {}),
          ...(typeof spec.min === 'number' ? { min: spec.min } : {}),
          ...(typeof spec.max === 'number' ? { max: spec.max } : {}),
          ...(typeof spec.suggest === 'string' ? { suggest: spec.suggest } : {}),
          pos: section.pos(['inputs', name], { key: true }),
        };
      }
    }
    rb.inputs = { ...inputs };
    const identities: Record<string, IdentitySpec> = {};
    if (isPlainMap(src.identities)) {
      for (const [name, spec] of Object.entries(src.identities)) {
        if (!isPlainMap(spec)) continue;
        identities[name] = { name, ...(spec as Omit<IdentitySpec, 'name'>) };
      }
    }
    rb.identities = identities;
  }

  private body(items: MdItem[], draft: RunbookDraft): void {
    const lines = this.lines;
    const sections: { heading: MdHeading; items: MdItem[]; end: number }[] = [];
    let current: { heading: MdHeading; items: MdItem[]; end: number } | undefined;
    for (const item of items) {
      if (item.type === 'heading' && item.depth <= 2) {
        if (current) current.end = item.line;
        current = undefined;
        if (item.depth === 2) {
          current = { heading: item, items: [], end: lines.length };
          sections.push(current);
        }
        continue;
      }
      if (current) current.items.push(item);
      else if (item.type === 'fence' && item.lang === 'step') {
        this.error(
          { line: item.line + 1, col: item.col },
          'step block outside a step',
          'put the ```step block under the `##` heading of the step it belongs to',
        );
      }
    }
    if (sections.length === 0) {
      this.error(
        { line: Math.min(lines.length, 1), col: 1 },
        'no steps: a runbook needs at least one `##` heading',
        'each `##` heading is one step of the procedure',
      );
      return;
    }
    if (sections.length > MAX_STEPS) {
      this.error(
        { line: sections[MAX_STEPS]!.heading.line + 1, col: 1 },
        `more than ${MAX_STEPS} steps`,
        'split the procedure into several runbooks',
      );
      return;
    }
    let order = 0;
    for (const sec of sections) {
      const stepFences = sec.items.filter((i): i is MdFence => i.type === 'fence' && i.lang === 'step');
      const firstSub = sec.items.find((i): i is MdHeading => i.type === 'heading' && i.depth === 3);
      const lead = stepFences.find((f) => !firstSub || f.line < firstSub.line);
      const leadBlock = lead ? this.block(lead) : undefined;
      const isGroup = !!leadBlock && isPlainMap(leadBlock.value) && 'foreach' in leadBlock.value;
      if (!isGroup) {
        const fence = lead ?? stepFences[0];
        for (const extra of stepFences.filter((f) => f !== fence)) {
          this.error(
            { line: extra.line + 1, col: extra.col },
            'a step has at most one step block',
            'start a new `##` heading for the next step',
          );
        }
        const prose = proseOf(lines, sec.heading.line + 1, sec.end, fence ? [fence] : []);
        this.addStep(
          sec.heading,
          fence,
          fence === lead ? leadBlock : fence ? this.block(fence) : undefined,
          prose,
          undefined,
          order++,
        );
        continue;
      }
      const groupEndOfLead = firstSub ? firstSub.line : sec.end;
      for (const extra of stepFences.filter((f) => f !== lead && f.line < groupEndOfLead)) {
        this.error(
          { line: extra.line + 1, col: extra.col },
          'a step has at most one step block',
          'start a new `###` heading for each child step',
        );
      }
      const group = this.addStep(
        sec.heading,
        lead,
        leadBlock,
        proseOf(lines, sec.heading.line + 1, groupEndOfLead, [lead!]),
        undefined,
        order++,
        true,
      );
      const subs = sec.items.filter((i): i is MdHeading => i.type === 'heading' && i.depth === 3);
      if (subs.length === 0) {
        this.error(
          { line: sec.heading.line + 1, col: sec.heading.col },
          `group \`${group.step.id}\` has no child steps`,
          'a `foreach` group runs its `###` sub-headings once per item; add at least one `###` heading',
        );
      }
      subs.forEach((sub, idx) => {
        const end = subs[idx + 1]?.line ?? sec.end;
        const fences = stepFences.filter((f) => f.line > sub.line && f.line < end);
        for (const extra of fences.slice(1)) {
          this.error(
            { line: extra.line + 1, col: extra.col },
            'a step has at most one step block',
            'start a new `###` heading for the next child step',
          );
        }
        const fence = fences[0];
        const child = this.addStep(
          sub,
          fence,
          fence ? this.block(fence) : undefined,
          proseOf(lines, sub.line + 1, end, fence ? [fence] : []),
          group,
          order++,
        );
        group.step.children.push(child.step);
      });
    }
    draft.runbook.steps = this.steps.filter((s) => !s.parent).map((s) => s.step);
  }

  private block(fence: MdFence): YamlSection {
    const section = parseYamlSection(fence.content, { line: fence.line + 2, col: fence.indent + 1 }, fence.indent);
    if (!fence.closed) {
      section.problems.unshift({
        pos: { line: fence.line + 1, col: fence.col },
        message: 'step block is not closed',
        hint: 'end it with ``` on a line of its own',
      });
    }
    return section;
  }

  private addStep(
    heading: MdHeading,
    fence: MdFence | undefined,
    block: YamlSection | undefined,
    prose: string,
    parent: DraftStep | undefined,
    order: number,
    isGroup = false,
  ): DraftStep {
    const headingPos = { line: heading.line + 1, col: heading.col };
    const step: RunbookStep = {
      id: '',
      title: heading.text,
      prose,
      kind: 'manual',
      config: { manual: {} },
      with: {},
      children: [],
      pos: { heading: headingPos, ...(fence ? { block: { line: fence.line + 1, col: fence.col } } : {}) },
    };
    const draftStep: DraftStep = {
      step,
      usable: true,
      implicit: !fence,
      group: isGroup,
      order,
      ...(parent ? { parent } : {}),
      ...(block ? { block } : {}),
    };
    this.steps.push(draftStep);
    let explicitId: string | undefined;
    if (block) {
      for (const p of block.problems) this.error(p.pos, p.message, p.hint);
      if (block.problems.length) draftStep.usable = false;
      else explicitId = this.readBlock(draftStep, block, parent);
    }
    const local = explicitId ?? slugify(heading.text);
    if (!local) {
      draftStep.usable = false;
      this.error(
        headingPos,
        'cannot make a step id from this heading',
        'add a ```step block with `id: some-name`, or use words in the heading',
      );
    }
    step.id = parent ? `${parent.step.id}.${local || `step-${order}`}` : local || `step-${order}`;
    return draftStep;
  }

  /** Common keys and the kind key; returns the explicit id, if any. */
  private readBlock(ds: DraftStep, block: YamlSection, parent: DraftStep | undefined): string | undefined {
    const step = ds.step;
    const value = block.value;
    const blockPos = step.pos.block!;
    if (value === null || value === undefined) {
      ds.usable = false;
      this.error(
        blockPos,
        'step block is empty',
        'add a kind key such as `check: BG-007`, or delete the block for a manual step',
      );
      return undefined;
    }
    if (!isPlainMap(value)) {
      ds.usable = false;
      this.error(block.pos([]), 'a step block must be a YAML map (key: value lines)', 'for example `check: BG-007`');
      return undefined;
    }
    const keys = Object.keys(value);
    const kindKeys = keys.filter((k): k is StepKindName => (STEP_KINDS as readonly string[]).includes(k));
    const common = new Set<string>(COMMON_STEP_KEYS);
    if (ds.group) {
      // A group only loops; its `###` children do the work (the engine never runs a group's kind).
      step.config = {};
      if (kindKeys.length > 0) {
        ds.usable = false;
        this.error(
          block.pos([kindKeys[0]!], { key: true }),
          `a \`foreach\` group has no kind of its own, but this block has \`${kindKeys[0]}\``,
          'move it into a `###` child step under the group',
        );
      }
    } else if (kindKeys.length === 0) {
      ds.usable = false;
      const unknown = keys.filter((k) => !common.has(k));
      const kindLike = unknown.map((k) => ({ k, near: closest(k, STEP_KINDS) })).find((x) => x.near);
      if (kindLike) {
        this.error(
          block.pos([kindLike.k], { key: true }),
          `unknown step kind \`${kindLike.k}\`${didYouMean(kindLike.k, STEP_KINDS)}`,
          `step kinds: ${STEP_KINDS.join(', ')}`,
        );
      } else {
        const where = unknown[0] !== undefined ? block.pos([unknown[0]], { key: true }) : blockPos;
        this.error(
          where,
          unknown[0] !== undefined ? `unknown step kind \`${unknown[0]}\`` : 'step block has no kind key',
          `a step block needs exactly one of: ${STEP_KINDS.join(', ')}`,
        );
      }
    } else if (kindKeys.length > 1) {
      ds.usable = false;
      this.error(
        block.pos([kindKeys[1]!], { key: true }),
        `a step has exactly one kind, but this block has ${kindKeys.map((k) => `\`${k}\``).join(' and ')}`,
        'a step does one thing: split it into two `##` steps',
      );
    } else {
      step.kind = kindKeys[0]!;
    }
    const commonPart: Record<string, unknown> = {};
    const config: Record<string, unknown> = {};
    for (const k of keys) {
      if (common.has(k)) commonPart[k] = value[k];
      else config[k] = value[k];
    }
    if (!ds.group) step.config = config;
    else {
      for (const k of Object.keys(config).filter((k) => !(STEP_KINDS as readonly string[]).includes(k))) {
        ds.usable = false;
        this.error(
          block.pos([k], { key: true }),
          `unknown key \`${k}\` in a group block${didYouMean(k, COMMON_STEP_KEYS)}`,
          `a group block takes: ${COMMON_STEP_KEYS.join(', ')}`,
        );
      }
    }
    const parsed = StepCommonSchema.safeParse(commonPart);
    if (!parsed.success) {
      ds.usable = false;
      for (const m of zodIssuesToMessages(parsed.error.issues, commonPart, block, StepCommonSchema, 'step block'))
        this.error(m.pos, m.message, m.hint);
      return typeof commonPart.id === 'string' ? commonPart.id : undefined;
    }
    const c = parsed.data;
    if (c.with) step.with = c.with;
    if (c.when !== undefined) step.when = c.when;
    if (c.identity !== undefined) step.identity = c.identity;
    if (c.foreach !== undefined) {
      if (parent) {
        this.error(
          block.pos(['foreach'], { key: true }),
          'groups cannot be nested: a `###` child step cannot have `foreach`',
          'move the loop to its own `##` step',
        );
      } else {
        step.foreach = { expr: c.foreach, as: c.as ?? 'item' };
      }
    } else if (c.as !== undefined) {
      this.error(
        block.pos(['as'], { key: true }),
        '`as` names the loop variable of `foreach`, but this step has no `foreach`',
        'add `foreach: ${inputs.someList}` or remove `as`',
      );
    }
    return c.id;
  }
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Parse + validate text already in memory. `sha` overrides the digest (loadRunbook hashes the raw bytes). */
export function parseRunbookDraft(text: string, path: string, sha?: string): RunbookDraft {
  const digest = sha ?? sha256Hex(text);
  const tooBig =
    text.length > MAX_RUNBOOK_BYTES ||
    (text.length > MAX_RUNBOOK_BYTES / 4 && Buffer.byteLength(text) > MAX_RUNBOOK_BYTES);
  const fail = (d: RunbookDiagnostic): RunbookDraft => ({
    path,
    runbook: emptyRunbook(path, '', digest),
    frontMatterOk: false,
    frontMatterBroken: new Set(),
    steps: [],
    diagnostics: [d],
  });
  if (tooBig) {
    return fail(
      makeDiagnostic(
        path,
        { line: 1, col: 1 },
        `file is larger than ${MAX_RUNBOOK_BYTES / 1024 / 1024} MiB`,
        'runbooks are short documents; split it up',
      ),
    );
  }
  const norm = normaliseRunbookText(text);
  if (!norm.ok) return fail(makeDiagnostic(path, norm, norm.message, norm.hint));
  const draft = new Parser(path, norm.text).parse(digest);
  return draft;
}

/** Parse + validate; step kinds, actions, checks and queries are those of `catalog`. */
export function parseRunbook(text: string, path: string, catalog: Catalog, sha?: string): ParseResult {
  const draft = parseRunbookDraft(text, path, sha);
  const diagnostics = finishDiagnostics([...draft.diagnostics, ...validateDraft(draft, catalog)], path);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { ...(ok ? { runbook: draft.runbook } : {}), diagnostics };
}

/** Read, size-check and parse a runbook file. Never throws for file problems; reports them as diagnostics. */
export async function loadRunbook(path: string, catalog: Catalog): Promise<ParseResult> {
  const r = await readRunbookFile(path);
  if (!r.ok) return { diagnostics: [r.diagnostic], ...(r.unreadable ? { unreadable: true } : {}) };
  const decoded = decodeRunbookBytes(r.bytes);
  if (!decoded.ok) return { diagnostics: [makeDiagnostic(path, decoded, decoded.message, decoded.hint)] };
  return parseRunbook(decoded.text, path, catalog, sha256Hex(r.bytes));
}
