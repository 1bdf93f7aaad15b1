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
 *   secret: combine             # custodians type their parts back in (Shamir shares or halves);
 *   name: recovered-passphrase  # the recovered secret goes to the vault and is shown once
 *   parts: 2                    # how many parts to ask for (default 2)
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
  if (c.parts !== undefined || c.expectFingerprint !== undefined) {
    throw new StepConfigError('`parts` and `expectFingerprint` belong to `secret: combine`', [
      c.parts !== undefined ? 'parts' : 'expectFingerprint',
    ]);
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
      outputs: ['fingerprint', 'envelopes', 'entropyBits'],
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
      if (custodian) display.audience = `${custodian} only`;
      else if (list.length > 1) display.audience = `custodian ${i + 1} only`;
      await ctx.operator.ask({ type: 'secret', instanceId: ctx.instanceId, secret: display }, ctx.signal);
      envelopes.push({ envelope: part.envelope, fingerprint: fp, label: part.label });
    }
    return {
      status: 'done',
      summary: `Generated a ${p.type} (${Math.floor(p.entropy)} bits), shown once${list.length > 1 ? ` in ${list.length} parts` : ''}; fingerprint ${whole}`,
      outputs: { fingerprint: whole, envelopes, entropyBits: Math.floor(p.entropy) },
      evidence: [],
    };
  },
};

/**
 * Custodians type their parts back in; Shamir shares are recognised by their
 * checksum, anything else is taken as halves in order. The typed parts are
 * never journaled; the recovered secret goes to the vault and is shown once.
 */
async function combineParts(ctx: StepContext<SecretConfig>): Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>> {
  const n = ctx.config.parts ?? 2;
  const name = vaultNameOf(ctx);
  const fields: InputSpec[] = Array.from({ length: n }, (_, i) => ({
    name: `part${i + 1}`,
    type: 'text',
    label: `Part ${i + 1} — custodian ${i + 1} types it from their envelope`,
    required: true,
  }));
  const fail = (summary: string): Omit<StepResult, 'startedAt' | 'finishedAt'> => ({
    status: 'fail',
    summary,
    outputs: {},
    evidence: [],
  });
  const answer = await ctx.operator.ask(
    { type: 'form', instanceId: ctx.instanceId, title: ctx.step.title, fields },
    ctx.signal,
  );
  const typed = fields.map((f) => String(answer[f.name] ?? '').trim());
  if (typed.some((t) => !t)) return fail('Every part must be typed in');
  const decoded = typed.map((t) => {
    try {
      return decodeShare(t);
    } catch {
      return undefined;
    }
  });
  let secret: string;
  let method: 'shamir' | 'halves';
  if (decoded.every((d) => d !== undefined)) {
    try {
      secret = new TextDecoder('utf-8', { fatal: true }).decode(await shamirCombine(decoded));
    } catch {
      return fail('The shares do not combine: they belong to different secrets, or there are too few of them');
    }
    method = 'shamir';
  } else if (decoded.every((d) => d === undefined)) {
    secret = typed.join('');
    method = 'halves';
  } else {
    const bad = decoded.map((d, i) => (d === undefined ? i + 1 : 0)).filter(Boolean);
    return fail(`Part(s) ${bad.join(', ')} are not valid Shamir shares while the others are: a character is mistyped`);
  }
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
    summary: `Recovered ${name} from ${n} ${method === 'shamir' ? 'Shamir shares' : 'halves'} (${fp})`,
    outputs: { fingerprint: fp, method },
    evidence: [],
  };
}
