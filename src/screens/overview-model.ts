/**
 * What the operator must see before a runbook starts: the steps, which of
 * them change the tenant, the permissions it will request, the inputs it
 * needs and who signs. Runbooks may come from strangers — nothing mutating
 * may be a surprise. Static: reads the runbook and the step kinds' describe(),
 * never the network.
 */
import type { RootContent } from 'mdast';
import type { InputSpec, PermissionSet, Runbook, RunbookStep } from '../core/runbook.js';
import type { Catalog } from '../core/catalog.js';
import { describeStep as describeOne, mutationOf, type StepEffect } from '../runbook/describe.js';
import type { RiskClass } from '../core/events.js';
import { valueWords } from '../expr/describe.js';
import { refNamer } from '../engine/ref-names.js';
import { stepCount } from '../runbook/step-numbers.js';
import { markdownTree } from '../components/markdown-lines.js';

export interface OverviewStep {
  number: string;
  title: string;
  kind: string;
  mutating: boolean;
  destructive: boolean;
  risk: RiskClass;
  /** For a privilege step: what a principal gains. */
  grants?: string;
  /** Shows a secret on screen, or takes one in. */
  secret?: 'shows' | 'takes';
  /** Where it is, for lists outside the step tree: "3." or "5b.". */
  ref: string;
  /** Set on a group, in words: "for each account in “Break-glass accounts”". */
  foreach?: string;
  depth: number;
}

export interface OverviewModel {
  id: string;
  title: string;
  version: string;
  summary: string;
  /**
   * The summary parsed (components/markdown-lines.ts markdownTree): the screens lay it out for
   * their width without the markdown parser, which the first frame of `run` does not load.
   */
  summaryTree: RootContent[];
  sha256: string;
  path: string;
  cadence?: string;
  readOnly: boolean;
  steps: OverviewStep[];
  /** Numbered steps (src/runbook/step-numbers.ts): the count progress and the report give too. */
  stepCount: number;
  /** Numbered steps that change the tenant (a group counts once). */
  mutatingCount: number;
  /** Steps that grant privilege or open a door, listed before the run starts. */
  privilegeSteps: OverviewStep[];
  /** Steps that show a secret or take one in. */
  secretSteps: OverviewStep[];
  permissions: PermissionSet;
  inputs: InputSpec[];
  signoff: string[];
}

// A step whose block does not parse is treated as mutating when its kind can mutate: fail safe.
function describeStep(step: RunbookStep, catalog: Catalog): StepEffect {
  return mutationOf(step, describeOne(step, catalog));
}

export function describeRunbook(runbook: Runbook, catalog: Catalog): OverviewModel {
  const steps: OverviewStep[] = [];
  const names = refNamer(runbook);
  runbook.steps.forEach((s, i) => {
    if (s.children.length > 0) {
      const kids = s.children.map((c) => ({ c, d: describeStep(c, catalog) }));
      steps.push({
        number: `${i + 1}.`,
        title: s.title,
        kind: 'group',
        mutating: kids.some((k) => k.d.mutating),
        destructive: kids.some((k) => k.d.destructive),
        risk: kids.some((k) => k.d.risk === 'privilege')
          ? 'privilege'
          : kids.some((k) => k.d.mutating)
            ? 'change'
            : 'read',
        // In words: "for each account in “Break-glass accounts”", never `${inputs.accounts}`.
        foreach: s.foreach ? `for each ${s.foreach.as} in ${valueWords(s.foreach.expr, names)}` : undefined,
        ref: `${i + 1}.`,
        depth: 0,
      });
      kids.forEach(({ c, d }, j) => {
        const letter = String.fromCharCode(97 + (j % 26));
        steps.push({ number: `${letter}.`, ref: `${i + 1}${letter}.`, title: c.title, kind: c.kind, ...d, depth: 1 });
      });
    } else
      steps.push({
        number: `${i + 1}.`,
        ref: `${i + 1}.`,
        title: s.title,
        kind: s.kind,
        ...describeStep(s, catalog),
        depth: 0,
      });
  });
  return {
    id: runbook.id,
    title: runbook.title,
    version: runbook.version,
    summary: runbook.summary,
    summaryTree: markdownTree(runbook.summary),
    sha256: runbook.source.sha256,
    path: runbook.source.path,
    cadence: runbook.cadence,
    readOnly: runbook.readOnly,
    steps,
    stepCount: stepCount(runbook),
    mutatingCount: steps.filter((s) => s.mutating && s.depth === 0).length,
    privilegeSteps: steps.filter((s) => s.risk === 'privilege' && s.kind !== 'group'),
    secretSteps: steps.filter((s) => s.secret !== undefined && s.kind !== 'group'),
    permissions: runbook.permissions,
    inputs: Object.entries(runbook.inputs).map(([name, spec]) => ({ ...spec, name })),
    signoff: runbook.signoff,
  };
}
