/**
 * One count of a runbook's steps, and one way to name where a step instance sits, for the
 * overview, the progress line ("Step 5 of 8") and the report alike — so the three never disagree.
 *
 * A step is a numbered `##` heading: 1..N as the overview numbers them. A group is one step (its
 * sub-steps are lettered a, b, …; a loop repeats them in rounds). A step whose `when:` does not
 * hold still counts: it is numbered on the overview, and the run records it as skipped.
 */

/** How many numbered steps the runbook has. */
export function stepCount(runbook: { steps: readonly unknown[] }): number {
  return runbook.steps.length;
}

/**
 * True for the instance of a numbered step (a step or a group), false for a sub-step of a group:
 * top-level ids are kebab-case, a sub-step's instance is `group[round].child` or `group.child`.
 */
export function isNumberedStep(instanceId: string): boolean {
  return !/[.[]/.test(instanceId);
}

/**
 * Where a step instance sits, in words: "accounts[1].global-admin" is "round 1 of accounts" — the
 * step's title already says which step. The engine numbers rounds from 1 (`[1]` is the first).
 * Undefined for a step outside any loop.
 */
export function roundWords(instanceId: string): string | undefined {
  const rounds = [...instanceId.matchAll(/([^.[\]]+)\[(\d+)\]/g)].map((m) => `round ${Number(m[2])} of ${m[1]}`);
  return rounds.length ? rounds.join(', ') : undefined;
}

/**
 * A step instance as a reader names it: the step's id as the runbook and an answers file write it
 * (`enrol.tap`, no loop index), and its round in words — never `enrol[1].tap`.
 */
export function instanceWords(instanceId: string): { id: string; round?: string } {
  const round = roundWords(instanceId);
  return { id: instanceId.replace(/\[\d+\]/g, ''), ...(round ? { round } : {}) };
}

/** "`enrol.tap` (round 1 of enrol)" without the code marks: for plain text and transcripts. */
export function instanceText(instanceId: string): string {
  const w = instanceWords(instanceId);
  return w.round ? `${w.id} (${w.round})` : w.id;
}
