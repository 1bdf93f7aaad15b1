/**
 * The few facts the report needs from the run's copy of the runbook
 * (runbook.md): required sign-off roles, cadence, step titles. Read here with
 * a small front-matter + heading scan rather than the full runbook parser, so
 * a report can still be built (and an aborted emergency still documented)
 * when the runbook copy would no longer pass validation.
 */
import { parse as parseYaml } from 'yaml';

export interface RunbookFacts {
  id?: string;
  title?: string;
  version?: string;
  cadence?: string;
  signoff: string[];
  /** stepId → heading text. */
  titles: Map<string, string>;
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_~]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function runbookFacts(text: string): RunbookFacts {
  const facts: RunbookFacts = { signoff: [], titles: new Map() };
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  let body = text;
  if (fm) {
    body = text.slice(fm[0].length);
    try {
      const y = parseYaml(fm[1]!) as Record<string, unknown> | null;
      if (y && typeof y === 'object') {
        if (typeof y.id === 'string') facts.id = y.id;
        if (typeof y.title === 'string') facts.title = y.title;
        if (y.version !== undefined) facts.version = String(y.version);
        if (typeof y.cadence === 'string') facts.cadence = y.cadence;
        if (Array.isArray(y.signoff)) facts.signoff = y.signoff.filter((r): r is string => typeof r === 'string');
      }
    } catch {
      // An unparsable front matter leaves the facts empty; the journal still has the essentials.
    }
  }
  // Headings: `## Title` (step) and `### Title` (group child). A ```step block may set `id:`.
  let group: string | undefined;
  let current: { level: number; slugId: string; title: string } | undefined;
  let inFence = false;
  let fenceIsStep = false;
  const commit = (id: string) => {
    if (!current) return;
    const full = current.level === 3 && group ? `${group}.${id}` : id;
    facts.titles.set(full, current.title);
    if (current.level === 2) group = id;
  };
  for (const line of body.split(/\r?\n/)) {
    const fence = /^(```|~~~)\s*(\w*)/.exec(line);
    if (fence) {
      if (!inFence) {
        inFence = true;
        fenceIsStep = fence[2] === 'step';
      } else {
        inFence = false;
        fenceIsStep = false;
      }
      continue;
    }
    if (inFence) {
      const idm = fenceIsStep ? /^id:\s*["']?([A-Za-z0-9._-]+)["']?\s*$/.exec(line) : null;
      if (idm && current) {
        facts.titles.delete(current.level === 3 && group ? `${group}.${current.slugId}` : current.slugId);
        commit(idm[1]!);
      }
      continue;
    }
    const h = /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      current = { level: h[1]!.length, slugId: slug(h[2]!), title: h[2]! };
      commit(current.slugId);
    }
  }
  return facts;
}
