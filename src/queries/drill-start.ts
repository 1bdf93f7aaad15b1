/**
 * T0 of a drill: the instant every latency is measured from. Reads the
 * signed-in identity too, so the report records who ran the drill.
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';

export const query: Query<Record<string, never>> = {
  id: 'drill.start',
  title: 'Note T0',
  permissions: {},
  outputs: ['at', 'by'],
  args: z.strictObject({}),
  async run(_a, { tenant, now }) {
    const who = await tenant.identity();
    const at = now().toISOString();
    return { outputs: { at, by: who.upn ?? who.appId ?? who.oid }, summary: `T0 = ${at}` };
  },
};
