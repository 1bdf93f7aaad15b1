/**
 * A detector for runbook and engine syntax in text meant for a person (screens, plain mode read
 * aloud by a screen reader, reports): `${…}` references, `==` comparisons, regular-expression
 * runs, ISO-8601 durations and `[n].` index paths. Each hit says where it is.
 */
export interface SyntaxHit {
  where: string;
  line: number;
  what: string;
  text: string;
}

const RULES: [what: string, re: RegExp][] = [
  ['a ${…} reference', /\$\{/],
  ['an == or != comparison', /[=!]=/],
  // Anchors with classes or quantifiers, escaped classes, or a character class with a range:
  // what a pattern looks like, and what no sentence does (`.*` but not Markdown's `.**` bold end).
  [
    'a regular expression',
    /\^\[|\]\{\d|\]\+\$|\\[dwsDWS.]|\[[A-Za-z0-9]-[A-Za-z0-9][^\]]*\][+*?{]|\(\?[:=!]|\.\*(?!\*)|\$\/|\/\^/,
  ],
  ['an ISO-8601 duration', /\bP(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)?\b|\bPT\d+[HMS]\b/],
  ['an [n]. index path', /\w\[\d+\]\./],
];

/** Every hit in `text` (one line may have several). `where` names the screen or file it came from. */
export function findInternalSyntax(where: string, text: string): SyntaxHit[] {
  const hits: SyntaxHit[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [what, re] of RULES) if (re.test(line)) hits.push({ where, line: i + 1, what, text: line.trim() });
  });
  return hits;
}

export const formatHits = (hits: SyntaxHit[]): string[] =>
  hits.map((h) => `${h.where}:${h.line}: ${h.what}: ${h.text.slice(0, 160)}`);
