/**
 * `signoff`: the people who sign the completion report (operator, witness…)
 * name themselves and point at their signing key. The key is opened here
 * with the passphrase — so a wrong passphrase is caught now, not at the end —
 * and only its public-key fingerprint is journaled. Key paths and passphrases
 * stay in memory and go to the report writer when the run ends.
 *
 *   signoff: [operator, witness]
 */
import { unlockSigningKey } from './signing-key.js';
import { z } from 'zod';
import type { StepKind, Signer } from '../core/step.js';

const schema = z.strictObject({
  signoff: z.union([z.array(z.string().min(1)).min(1), z.string().min(1)]),
});
export type SignoffConfig = z.infer<typeof schema>;

function rolesOf(c: SignoffConfig): string[] {
  return Array.isArray(c.signoff) ? c.signoff : [c.signoff];
}

/** Opens a PEM (or JWK JSON) private key and returns sha256 hex of its public key. Throws a readable message. */
export async function keyFingerprint(keyPath: string, passphrase?: string): Promise<string> {
  const opened = await unlockSigningKey(keyPath, passphrase);
  if (!opened.ok) throw new Error(opened.problem);
  return opened.fingerprint;
}

export const kind: StepKind<SignoffConfig> = {
  name: 'signoff',
  schema,
  mayMutate: false,
  repeatsOnResume: true,
  describe() {
    return { mutating: false, destructive: false, permissions: {}, outputs: ['signers'], needsTenant: false };
  },
  async run(ctx) {
    const roles = rolesOf(ctx.config);
    const keys = (await ctx.signingKeys?.().catch(() => [])) ?? [];
    const answer = await ctx.operator.ask(
      { type: 'signoff', instanceId: ctx.instanceId, roles, ...(keys.length ? { keys } : {}) },
      ctx.signal,
    );
    const problems: string[] = [];
    const signers: Signer[] = [];
    for (const role of roles) {
      const s = answer.signers.find((x) => x.role === role);
      if (!s || !s.name.trim()) {
        problems.push(`no ${role} signed`);
        continue;
      }
      const signer: Signer = { role, name: s.name.trim() };
      if (s.keyPath) {
        try {
          signer.keyFingerprint = await keyFingerprint(s.keyPath, s.passphrase);
          signer.keyPath = s.keyPath;
          if (s.passphrase !== undefined) signer.passphrase = s.passphrase;
        } catch (err) {
          problems.push(`${role} ${signer.name}: ${(err as Error).message}`);
          continue;
        }
      }
      signers.push(signer);
    }
    const names = new Set(signers.map((s) => s.name.toLowerCase()));
    if (signers.length > 1 && names.size < signers.length)
      problems.push('each role must be signed by a different person');
    if (problems.length) {
      return { status: 'fail', summary: `Sign-off incomplete: ${problems.join('; ')}`, outputs: {}, evidence: [] };
    }
    for (const s of signers) {
      await ctx.journal.signoff?.({
        role: s.role,
        name: s.name,
        ...(s.keyFingerprint ? { keyFingerprint: s.keyFingerprint } : {}),
      });
      ctx.signers?.add(s);
    }
    return {
      status: 'done',
      summary: `Signed off by ${signers.map((s) => `${s.name} (${s.role})`).join(', ')}`,
      outputs: {
        signers: signers.map((s) => ({ role: s.role, name: s.name, keyFingerprint: s.keyFingerprint ?? null })),
      },
      evidence: [],
    };
  },
};
