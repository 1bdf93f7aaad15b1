/**
 * `show`: puts something on screen for the operator — a QR code of a URL
 * (e.g. aka.ms/mysecurityinfo to open on a phone) or lines of text. A QR
 * payload is always a URL, never a secret.
 *
 *   show: qr
 *   with: { url: "https://aka.ms/mysecurityinfo", caption: "Scan to register the key" }
 *   show: text
 *   with: { lines: ["Envelope 1 → safe A", "Envelope 2 → safe B"] }
 */
import { z } from 'zod';
import type { StepKind } from './types.js';

const schema = z.strictObject({ show: z.enum(['qr', 'text']) });
export type ShowConfig = z.infer<typeof schema>;

const qrArgs = z.object({ url: z.url({ protocol: /^https?$/ }), caption: z.string().optional() });
const textArgs = z.object({ lines: z.union([z.array(z.string()), z.string()]), caption: z.string().optional() });

export const kind: StepKind<ShowConfig> = {
  name: 'show',
  schema,
  describe() {
    return { mutating: false, destructive: false, permissions: {}, outputs: [], needsTenant: false };
  },
  async run(ctx) {
    const title = ctx.step.title;
    if (ctx.config.show === 'qr') {
      const a = qrArgs.safeParse(ctx.args);
      if (!a.success) return { status: 'error', summary: 'show: qr needs `with: { url: https://… }`', outputs: {}, evidence: [], error: { what: 'Nothing to show', cause: 'the QR code needs an http(s) URL in `with: url`', todo: 'Fix the runbook step.' } };
      const lines = [a.data.caption ?? '', a.data.url].filter(Boolean);
      await ctx.operator.ask({ type: 'show', instanceId: ctx.instanceId, title, lines, qr: a.data.url }, ctx.signal);
      return { status: 'done', summary: `Showed QR code for ${a.data.url}`, outputs: {}, evidence: [] };
    }
    const a = textArgs.safeParse(ctx.args);
    if (!a.success) return { status: 'error', summary: 'show: text needs `with: { lines: [...] }`', outputs: {}, evidence: [], error: { what: 'Nothing to show', cause: '`with: lines` is missing', todo: 'Fix the runbook step.' } };
    const body = Array.isArray(a.data.lines) ? a.data.lines : a.data.lines.split('\n');
    const lines = a.data.caption ? [a.data.caption, ...body] : body;
    await ctx.operator.ask({ type: 'show', instanceId: ctx.instanceId, title, lines }, ctx.signal);
    return { status: 'done', summary: `Showed ${body.length} line(s)`, outputs: {}, evidence: [] };
  },
};
