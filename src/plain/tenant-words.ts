/**
 * The tenant as plain mode says it. Its own module so that the plain home screen, which needs
 * only this line, does not load the run transcript's formatting (and the markdown parser with it).
 */
import { sanitize } from '../util/sanitize.js';

export function tenantWords(t: { label: string; practice: boolean }): string {
  const label = sanitize(t.label).replace(/^PRACTICE\s*[·:-]?\s*/i, '');
  return t.practice ? `PRACTICE tenant ${label}`.trim() : `LIVE tenant ${label}`;
}
