/**
 * The tenant badge as styled text: the WORD PRACTICE or LIVE on a coloured background (the word
 * is there for NO_COLOR), then the tenant's name. Shared by <TenantBadge> and the screens' lines.
 */
import { sanitize } from '../util/sanitize.js';
import type { Span } from './styled-lines.js';
import { PRACTICE_WORD } from './theme.js';

export interface Tenant {
  label: string;
  practice: boolean;
}

export function tenantBadgeSpans({ label, practice }: Tenant): Span[] {
  const clean = sanitize(label, { max: 40 });
  const rest = practice ? clean.replace(/^PRACTICE\s*[·:-]?\s*/i, '') : clean;
  return [
    {
      text: practice ? ` ${PRACTICE_WORD} ` : ' LIVE ',
      backgroundColor: practice ? 'yellow' : 'red',
      color: practice ? 'black' : 'white',
      bold: true,
    },
    { text: rest ? ` ${rest}` : '' },
  ];
}
