/**
 * `secret`: generates a password or passphrase, keeps it in the run's
 * in-memory vault (for later actions, e.g. setting the account's password),
 * and shows it — or each custodian's part — exactly once. The journal gets
 * only fingerprints and envelope numbers (`secret-shown`), never the value.
 *
 *   secret: passphrase          # groups of look-alike-free characters
 *   name: bg1-passphrase        # vault name later steps use (default: the step's instance id)
 *   words: 6                    # groups (passphrase), 5 characters each
 *   split: halves               # or { threshold: 2, shares: 3 } (Shamir), or omit
 *   custodians: [Alice, Bob]    # who may look at each part
 *
 *   secret: password            # Entra-complex, `length` characters (default 24)
 *   secret: shamir              # passphrase split with Shamir; `split` defaults to 2 of 3
 *   secret: combine             # custodians type their parts back in, one at a time, hidden;
 *   custody: shamir             # required: how the parts were made (`shamir` or `halves`), as the
 *                               # making run recorded it (its `custody` output); never guessed
 *   name: recovered-passphrase  # the recovered secret goes to the vault and is shown once
 *   parts: 2                    # how many shares to ask for (default 2; halves are always 2)
 *   custodians: [Alice, Bob]    # who types each part, in order (default "custodian 1", …)
 *   expectFingerprint: secret:scrypt:…   # optional: refuse a wrong recovery
 */
import { z } from 'zod';
import { combine as shamirCombine, split as shamirSplit } from 'shamir-secret-sharing';
import type { SecretDisplay, StepResult } from '../core/events.js';
import type { InputSpec } from '../core/runbook.js';
import type { StepKind, StepContext } from '../core/step.js';
import { StepConfigError } from '../core/step-config-error.js';
import { fingerprint, matchesFingerprint } from './fingerprint.js';
import { decodeShare, encodeShare } from './share-codec.js';
import { generatePassphrase, generatePassword, passphraseEntropyBits, passwordEntropyBits } from './secret-generate.js';

const GROUP_LENGTH = 5;

const schema = z.strictObject({
  secret: z.enum(['passphrase', 'password', 'shamir', 'combine']),
  custody: z.enum(['shamir', 'halves']).optional(),
  parts: z.int().min(2).max(255).optional(),
  expectFingerprint: z.string().optional(),
  // The escaped brackets are also the pattern text in schema/runbook.schema.json; keep it stable.
  /* eslint-disable no-useless-escape */
  name: z
    .string()
    .regex(/^[A-Za-z0-9._\[\]-]+$/, 'letters, digits, . _ - only')
    .optional(),
  /* eslint-enable no-useless-escape */
  label: z.string().optional(),
  words: z.int().min(2).max(20).optional(),
  length: z.int().min(12).max(256).optional(),
  minEntropyBits: z.int().min(64).max(512).default(100),
  split: z
    .union([
      z.literal('halves'),
      z.strictObject({ threshold: z.int().min(2).max(255), shares: z.int().min(2).max(255) }),
    ])
    .optional(),
  custodians: z.array(z.string().min(1)).optional(),
});
export type SecretConfig = z.infer<typeof schema>;

interface Plan {
  type: 'passphrase' | 'password';
  size: number;
  entropy: number;
  split?: 'halves' | { threshold: number; shares: number };
}

function plan(c: SecretConfig): Plan {
  if (c.secret === 'combine') throw new Error('plan() is for generated secrets');
  for (const k of ['parts', 'expectFingerprint', 'custody'] as const) {
    if (c[k] !== undefined)
      throw new StepConfigError(
        `\`${k}\` belongs to \`secret: combine\``,
        [k],
        k === 'custody' ? 'a made secret records its custody itself (Shamir shares, halves or whole)' : undefined,
      );
  }
  const split = c.secret === 'shamir' ? (c.split ?? { threshold: 2, shares: 3 }) : c.split;
  if (c.secret === 'shamir' && split === 'halves')
    throw new StepConfigError(
      '`secret: shamir` splits with Shamir; use `secret: passphrase` with `split: halves` for halves',
      ['split'],
    );
  if (split && split !== 'halves' && split.threshold > split.shares) {
    throw new StepConfigError(
      `threshold ${split.threshold} is more than the ${split.shares} shares`,
      ['split', 'threshold'],
      'the threshold is how many shares recover the secret; it must be <= shares',
    );
  }
  let p: Plan;
  if (c.secret === 'password') {
    if (c.words !== undefined)
      throw new StepConfigError('`words` is for passphrases; use `length` for a password', ['words']);
    const size = c.length ?? 24;
    p = { type: 'password', size, entropy: passwordEntropyBits(size) };
  } else {
    if (c.length !== undefined)
      throw new StepConfigError('`length` is for passwords; use `words` (groups of 5) for a passphrase', ['length']);
    const size = c.words ?? 6;
    p = { type: 'passphrase', size, entropy: passphraseEntropyBits(size, GROUP_LENGTH) };
  }
  if (p.entropy < c.minEntropyBits) {
    throw new StepConfigError(
      `a ${p.type} of ${p.size} ${p.type === 'password' ? 'characters' : 'groups'} has ${Math.floor(p.entropy)} bits of entropy, below minEntropyBits ${c.minEntropyBits}`,
      [p.type === 'password' ? 'length' : 'words'],
      'make it longer',
    );
  }
  if (split) p.split = split;
  return p;
}

interface Part {
  lines: string[];
  label: string;
  envelope: string;
  value: string;
}

async function parts(secret: string, p: Plan, vaultName: string): Promise<Part[]> {
  if (!p.split) return [{ lines: [secret], label: vaultName, envelope: '1', value: secret }];
  if (p.split === 'halves') {
    const mid = Math.ceil(secret.length / 2);
    const halves = [secret.slice(0, mid), secret.slice(mid)];
    return halves.map((h, i) => ({
      lines: [h, i === 0 ? '(first half — type it first)' : '(second half — type it after the first)'],
      label: `${vaultName} half ${i + 1} of 2`,
      envelope: String(i + 1),
      value: h,
    }));
  }
  const { threshold, shares } = p.split;
  const raw = await shamirSplit(new TextEncoder().encode(secret), shares, threshold);
  return raw.map((s, i) => {
    const encoded = encodeShare(s);
    return {
      lines: [encoded, `(share ${i + 1} of ${shares}; any ${threshold} recover the secret)`],
      label: `${vaultName} share ${i + 1} of ${shares}`,
      envelope: String(i + 1),
      value: encoded,
    };
  });
}

export function vaultNameOf(ctx: Pick<StepContext<SecretConfig>, 'config' | 'instanceId'>): string {
  return ctx.config.name ?? ctx.instanceId;
}

export const kind: StepKind<SecretConfig> = {
  name: 'secret',
  schema,
  mayMutate: false,
  describe(config) {
    if (config.secret === 'combine') {
      for (const k of ['words', 'length', 'split'] as const) {
        if (config[k] !== undefined)
          throw new StepConfigError(`\`${k}\` is for generating a secret, not for \`secret: combine\``, [k]);
      }
      if (!config.custody)
        throw new StepConfigError(
          '`secret: combine` needs `custody: shamir` or `custody: halves`',
          ['secret'],
          'say how the parts were made, as the run that made the secret recorded it (its `custody` output): parts are never guessed, so a mistyped share cannot pass as a half',
        );
      if (config.custody === 'halves' && config.parts !== undefined && config.parts !== 2)
        throw new StepConfigError('halves are always 2 parts', ['parts'], 'remove `parts`, or use `custody: shamir`');
      if (config.custodians && config.custodians.length < partsOf(config))
        throw new StepConfigError(
          `${config.custodians.length} custodian(s) for ${partsOf(config)} parts`,
          ['custodians'],
          'name one custodian per part, in the order they type',
        );
      return {
        mutating: false,
        destructive: false,
        permissions: {},
        outputs: ['fingerprint', 'method'],
        needsTenant: false,
        secret: 'takes',
      };
    }
    plan(config);
    return {
      mutating: false,
      destructive: false,
      permissions: {},
      outputs: ['fingerprint', 'envelopes', 'entropyBits', 'custody'],
      secret: 'shows',
      needsTenant: false,
    };
  },
  async run(ctx) {
    if (ctx.config.secret === 'combine') return combineParts(ctx);
    const p = plan(ctx.config);
    const name = vaultNameOf(ctx);
    const secret = p.type === 'password' ? generatePassword(p.size) : generatePassphrase(p.size, GROUP_LENGTH);
    const whole = ctx.secrets.put(name, secret);
    const list = await parts(secret, p, name);
    const envelopes: { envelope: string; fingerprint: string; label: string }[] = [];
    for (const [i, part] of list.entries()) {
      const fp = part.value === secret ? whole : fingerprint('part', part.value);
      // Journal BEFORE showing: if the run dies mid-display, resume knows this part was exposed and voids it.
      await ctx.journal.secretShown({ fingerprint: fp, label: part.label, envelope: part.envelope });
      const custodian = ctx.config.custodians?.[i];
      const display: SecretDisplay = {
        title:
          ctx.config.label ??
          (list.length > 1 ? `${ctx.step.title} — envelope ${part.envelope} of ${list.length}` : ctx.step.title),
        lines: part.lines,
        fingerprint: fp,
      };
      // The front ends add "only" ("for Alice only"); the audience is just who it is.
      if (custodian) display.audience = custodian;
      else if (list.length > 1) display.audience = `custodian ${i + 1}`;
      await ctx.operator.ask({ type: 'secret', instanceId: ctx.instanceId, secret: display }, ctx.signal);
      envelopes.push({ envelope: part.envelope, fingerprint: fp, label: part.label });
    }
    // How the parts were made, recorded now: `secret: combine` is told it (`custody:`), never guesses it.
    const custody = !p.split ? 'whole' : p.split === 'halves' ? 'halves' : 'shamir';
    const custodyWords = !p.split
      ? ''
      : p.split === 'halves'
        ? ' as 2 halves (custody: halves)'
        : ` as Shamir shares, any ${p.split.threshold} of ${p.split.shares} (custody: shamir)`;
    return {
      status: 'done',
      summary: `Generated a ${p.type} (${Math.floor(p.entropy)} bits), shown once${custodyWords}; fingerprint ${whole}`,
      outputs: { fingerprint: whole, envelopes, entropyBits: Math.floor(p.entropy), custody },
      evidence: [],
    };
  },
};

function partsOf(c: SecretConfig): number {
  return c.custody === 'halves' ? 2 : (c.parts ?? 2);
}

/** A custodian's share is re-asked this many times before the step fails. */
const MAX_TRIES = 3;

/**
 * Custodians type their parts back in one at a time, each in a form with one
 * hidden field; between two custodians a hand-over screen replaces the last
 * entry. The custody (Shamir shares or halves) comes from the runbook, as the
 * making run recorded it: a Shamir share that fails its checksum is refused,
 * naming whose share it is, and asked again. The typed parts are never
 * journaled; the recovered secret goes to the vault and is shown once.
 */
async function combineParts(ctx: StepContext<SecretConfig>): Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>> {
  const custody = ctx.config.custody!; // describe() refuses a combine step without it
  const n = partsOf(ctx.config);
  const name = vaultNameOf(ctx);
  const fail = (summary: string): Omit<StepResult, 'startedAt' | 'finishedAt'> => ({
    status: 'fail',
    summary,
    outputs: {},
    evidence: [],
  });
  const whoOf = (i: number) => ctx.config.custodians?.[i] ?? `custodian ${i + 1}`;
  const shares: Uint8Array[] = [];
  const halves: string[] = [];
  for (let i = 0; i < n; i++) {
    const who = whoOf(i);
    const what = custody === 'shamir' ? 'share' : i === 0 ? 'first half' : 'second half';
    const field: InputSpec = {
      name: `part${i + 1}`,
      type: 'text',
      label: `${who}: type your ${what} from your envelope`,
      required: true,
      secret: true,
    };
    let why = '';
    let taken = false;
    for (let attempt = 0; attempt < MAX_TRIES && !taken; attempt++) {
      const answer = await ctx.operator.ask(
        {
          type: 'form',
          instanceId: ctx.instanceId,
          title: `${ctx.step.title} — ${who} only (part ${i + 1} of ${n}); everyone else look away`,
          fields: [field],
        },
        ctx.signal,
      );
      const typed = String(answer[field.name] ?? '').trim();
      if (!typed) why = 'nothing was typed';
      else if (custody === 'halves') {
        halves.push(typed);
        taken = true;
      } else {
        try {
          shares.push(decodeShare(typed));
          taken = true;
        } catch (e) {
          // The reason says what is wrong with the share, never what was typed.
          why = (e as Error).message;
        }
      }
      if (!taken)
        ctx.log('warn', `${who}'s ${what} (part ${i + 1} of ${n}) is refused: ${why}. ${who}, type it again.`);
    }
    if (!taken) return fail(`${who}'s ${what} (part ${i + 1} of ${n}) was refused ${MAX_TRIES} times: ${why}`);
    if (i < n - 1) {
      await ctx.operator.ask(
        {
          type: 'show',
          instanceId: ctx.instanceId,
          title: `${who}'s part is taken`,
          lines: [
            `${who}'s part is cleared from the screen and kept only in memory.`,
            `${who}: step away from the screen. ${whoOf(i + 1)}: come to the keyboard.`,
          ],
        },
        ctx.signal,
      );
    }
  }
  let secret: string;
  if (custody === 'shamir') {
    try {
      secret = new TextDecoder('utf-8', { fatal: true }).decode(await shamirCombine(shares));
    } catch {
      return fail('The shares do not combine: they belong to different secrets, or there are too few of them');
    }
  } else secret = halves.join('');
  const fp = ctx.secrets.put(name, secret);
  const expected = ctx.config.expectFingerprint;
  // fp equal to the recorded one is the usual case; anything else (another label, the older form) is checked properly.
  if (expected && expected !== fp && !matchesFingerprint(expected, secret)) {
    return fail(
      `The recovered secret does not match the recorded fingerprint ${ctx.config.expectFingerprint} (got ${fp}): a part is wrong, missing, or in the wrong order`,
    );
  }
  await ctx.journal.secretShown({ fingerprint: fp, label: `${name} (recovered)` });
  await ctx.operator.ask(
    {
      type: 'secret',
      instanceId: ctx.instanceId,
      secret: {
        title: ctx.config.label ?? ctx.step.title,
        lines: [secret],
        fingerprint: fp,
        audience: 'the person signing in',
      },
    },
    ctx.signal,
  );
  return {
    status: 'done',
    summary: `Recovered ${name} from ${n} ${custody === 'shamir' ? 'Shamir shares' : 'halves'} (${fp})`,
    outputs: { fingerprint: fp, method: custody },
    evidence: [],
  };
}
