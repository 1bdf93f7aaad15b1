/**
 * Adds a signature to an existing report (`breakglass sign`), e.g. a witness
 * who signs after the run. The witness signs the SAME PAE bytes as the
 * operator; the payload cannot change, so the witness must already be named
 * in it (predicate.signoff.signers) — see docs/report-format.md.
 */
import { readFile } from 'node:fs/promises';
import { EnvelopeSchema, signPae, strictBase64, verifyPae, type DsseEnvelope } from './dsse.js';
import { loadPrivateKey } from './keys.js';
import { DSSE_PAYLOAD_TYPE, StatementSchema, type Statement } from './model.js';
import { writeRenderedFiles } from './write.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export class SignError extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.FAIL });
  }
}

export async function readEnvelope(
  path: string,
): Promise<{ envelope: DsseEnvelope; statement: Statement; payload: Buffer }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SignError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e)}`,
    );
  }
  let env: DsseEnvelope;
  try {
    env = EnvelopeSchema.parse(JSON.parse(text));
  } catch {
    throw new SignError(`${path} is not a breakglass report envelope (run \`breakglass verify ${path}\` for details)`);
  }
  const payload = strictBase64(env.payload);
  const parsed =
    payload && env.payloadType === DSSE_PAYLOAD_TYPE
      ? StatementSchema.safeParse(JSON.parse(payload.toString('utf8')))
      : undefined;
  if (!payload || !parsed?.success)
    throw new SignError(`${path} does not hold a valid breakglass report payload (run \`breakglass verify ${path}\`)`);
  return { envelope: env, statement: parsed.data, payload };
}

export interface AddSignatureResult {
  keyid: string;
  role: string;
  name: string;
  envelopePath: string;
  /** True when the signer's slot had no key recorded at build time. */
  openSlot: boolean;
}

export async function addSignature(opts: {
  envelopePath: string;
  keyPath: string;
  passphrase: string;
  role: string;
  name: string;
}): Promise<AddSignatureResult> {
  const { envelope, statement, payload } = await readEnvelope(opts.envelopePath);
  const key = await loadPrivateKey(opts.keyPath, opts.passphrase);
  const r = statement.predicate;
  const slot = r.signoff.signers.find((s) => s.role === opts.role && s.name === opts.name);
  if (!slot) {
    const named = r.signoff.signers.map((s) => `${s.role} "${s.name}"`).join(', ') || 'nobody';
    throw new SignError(
      `this report has no ${opts.role} named "${opts.name}" (it names: ${named}). The signed payload cannot change after the run, so signers must be named at the run's sign-off step; check the spelling of --role and --name.`,
    );
  }
  if (slot.keyid && slot.keyid !== key.keyid) {
    throw new SignError(
      `the report binds ${opts.role} ${opts.name} to key ${slot.keyid}, but ${opts.keyPath} is key ${key.keyid}: use the key named at the run`,
    );
  }
  const boundElsewhere = r.signoff.signers.find((s) => s.keyid === key.keyid && s !== slot);
  if (boundElsewhere)
    throw new SignError(
      `key ${key.keyid} belongs to ${boundElsewhere.role} ${boundElsewhere.name} in this report; each signer signs with their own key`,
    );
  // Verify existing signatures we can check before adding ours: never co-sign a tampered report.
  for (const s of envelope.signatures) {
    const owner = r.signoff.signers.find((x) => x.keyid === s.keyid && x.publicKey);
    const sig = strictBase64(s.sig);
    if (owner && sig) {
      const { parsePublicKey } = await import('./keys.js');
      if (!verifyPae(envelope.payloadType, payload, sig, parsePublicKey(owner.publicKey!, 'report key').publicKey)) {
        throw new SignError(
          `the existing signature of ${owner.role} ${owner.name} does not check: the report was altered; do not sign it`,
        );
      }
    }
  }
  if (envelope.signatures.some((s) => s.keyid === key.keyid))
    throw new SignError(`key ${key.keyid} has already signed this report`);
  envelope.signatures.push(signPae(envelope.payloadType, payload, key.privateKey, key.keyid));
  const paths = await writeRenderedFiles(opts.envelopePath, envelope, statement, {}, [key.keyid]);
  return {
    keyid: key.keyid,
    role: opts.role,
    name: opts.name,
    envelopePath: paths.envelopePath,
    openSlot: !slot.keyid,
  };
}
