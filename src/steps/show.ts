/**
 * `show`: puts something on screen for the operator — a QR code of a URL
 * (e.g. aka.ms/mysecurityinfo to open on a phone), lines of text, or a
 * secret from the run's vault (e.g. the TAP an action just created) shown
 * exactly once. A QR payload is always a URL, never a secret.
 *
 *   show: secret
 *   with: { secret: tap, title: "Temporary Access Pass", url: https://aka.ms/mysecurityinfo }
 *
 *   show: qr
 *   with: { url: "https://aka.ms/mysecurityinfo", caption: "Scan to register the key" }
 *   show: text
 *   with: { lines: ["Envelope 1 → safe A", "Envelope 2 → safe B"] }
 */
import { z } from 'zod';
import type { SecretDisplay, StepResult } from '../core/events.js';
import type { StepContext, StepKind } from '../core/step.js';
import { fingerprint } from './fingerprint.js';
import { signinLinkProblem } from '../config/signin-links.js';

const schema = z.strictObject({ show: z.enum(['qr', 'text', 'secret']) });
export type ShowConfig = z.infer<typeof schema>;

const qrArgs = z.strictObject({ url: z.url({ protocol: /^https?$/ }), caption: z.string().optional() });
const secretArgs = z.strictObject({
  secret: z.string().min(1),
  title: z.string().optional(),
  // Next to a secret, only a Microsoft sign-in page over https (config/signin-links.ts): a TAP
  // paired with any other URL or QR code is an invitation to type it in somewhere else.
  url: z
    .string()
    .superRefine((url, ctx) => {
      const problem = signinLinkProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  audience: z.string().optional(),
});
const textArgs = z.strictObject({ lines: z.union([z.array(z.string()), z.string()]), caption: z.string().optional() });

export const kind: StepKind<ShowConfig> = {
  name: 'show',
  schema,
  mayMutate: false,
  describe(config) {
    return {
      mutating: false,
      destructive: false,
      permissions: {},
      outputs: config.show === 'secret' ? ['fingerprint'] : [],
      needsTenant: false,
      ...(config.show === 'secret' ? { secret: 'shows' as const } : {}),
    };
  },
  withArgs() {
    return [
      { when: 'qr', args: qrArgs },
      { when: 'text', args: textArgs },
      { when: 'secret', args: secretArgs },
    ];
  },
  secretsUsed(config, args) {
    return config.show === 'secret' && typeof args['secret'] === 'string' ? [args['secret']] : [];
  },
  async run(ctx) {
    const title = ctx.step.title;
    if (ctx.config.show === 'qr') {
      const a = qrArgs.safeParse(ctx.args);
      if (!a.success)
        return {
          status: 'error',
          summary: 'show: qr needs `with: { url: https://… }`',
          outputs: {},
          evidence: [],
          error: {
            what: 'Nothing to show',
            cause: 'the QR code needs an http(s) URL in `with: url`',
            todo: 'Fix the runbook step.',
          },
        };
      const lines = [a.data.caption ?? '', a.data.url].filter(Boolean);
      await ctx.operator.ask({ type: 'show', instanceId: ctx.instanceId, title, lines, qr: a.data.url }, ctx.signal);
      return { status: 'done', summary: `Showed QR code for ${a.data.url}`, outputs: {}, evidence: [] };
    }
    if (ctx.config.show === 'secret') return showSecret(ctx);
    const a = textArgs.safeParse(ctx.args);
    if (!a.success)
      return {
        status: 'error',
        summary: 'show: text needs `with: { lines: [...] }`',
        outputs: {},
        evidence: [],
        error: { what: 'Nothing to show', cause: '`with: lines` is missing', todo: 'Fix the runbook step.' },
      };
    const body = Array.isArray(a.data.lines) ? a.data.lines : a.data.lines.split('\n');
    const lines = a.data.caption ? [a.data.caption, ...body] : body;
    await ctx.operator.ask({ type: 'show', instanceId: ctx.instanceId, title, lines }, ctx.signal);
    return { status: 'done', summary: `Showed ${body.length} line(s)`, outputs: {}, evidence: [] };
  },
};

async function showSecret(ctx: StepContext<ShowConfig>): Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>> {
  const a = secretArgs.safeParse(ctx.args);
  if (!a.success) {
    // A URL known only at run time is checked here, as `validate` checks a literal one.
    const link = a.error.issues.find((i) => i.path[0] === 'url');
    if (link)
      return {
        status: 'error',
        summary: `Not shown: ${link.message}`,
        outputs: {},
        evidence: [],
        error: {
          what: 'The secret was not shown',
          cause: link.message,
          todo: 'Fix the runbook step: pair the secret only with a Microsoft sign-in page.',
        },
      };
    return {
      status: 'error',
      summary: 'show: secret needs `with: { secret: <name> }`',
      outputs: {},
      evidence: [],
      error: {
        what: 'Nothing to show',
        cause: '`with: secret` (the name of a secret made earlier in this run) is missing',
        todo: 'Fix the runbook step.',
      },
    };
  }
  const value = ctx.secrets.get(a.data.secret);
  if (value === undefined) {
    return {
      status: 'error',
      summary: `The secret "${a.data.secret}" is not in memory`,
      outputs: {},
      evidence: [],
      error: {
        what: `The secret "${a.data.secret}" is not in memory`,
        cause: 'secrets are never stored: it was lost when the run stopped, or the step that makes it did not run',
        todo: 'Make a new one (for a Temporary Access Pass: create a new pass, which replaces the old one), or override to go on without it.',
      },
    };
  }
  const fp = fingerprint('secret', value);
  await ctx.journal.secretShown({ fingerprint: fp, label: a.data.secret });
  const display: SecretDisplay = { title: a.data.title ?? ctx.step.title, lines: [value], fingerprint: fp };
  if (a.data.url) display.qr = a.data.url;
  if (a.data.audience) display.audience = a.data.audience;
  await ctx.operator.ask({ type: 'secret', instanceId: ctx.instanceId, secret: display }, ctx.signal);
  return {
    status: 'done',
    summary: `Showed ${a.data.secret} once (${fp})`,
    outputs: { fingerprint: fp },
    evidence: [],
  };
}
