/**
 * A YAML mapping key that is itself a list or a mapping (`[a, b]: x`,
 * `? {a: 1}`) cannot become an object key: the yaml library would silently
 * turn it into a string and warn on stderr. In a runbook or a scenario it is
 * always a typo, so readers report it with its position instead.
 */
import { isCollection, isPair, visit, type Document, type Node } from 'yaml';

export function firstCollectionKey(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        found = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
