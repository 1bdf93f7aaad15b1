/**
 * DSSE (Dead Simple Signing Envelope) v1, per
 * https://github.com/secure-systems-lab/dsse/blob/master/protocol.md :
 *
 *   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 *
 * where LEN is the byte length in ASCII decimal and SP one space. Every
 * signature (operator at build time, a witness later) is Ed25519 over these
 * same PAE bytes. Decoding is strict (canonical base64, no unknown fields) so
 * that no byte of an envelope can change without verification noticing.
 */
import { sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { KEYID_RE } from './model.js';

export interface DsseSignature {
  keyid: string;
  sig: string;
}
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: DsseSignature[];
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const EnvelopeSchema = z.strictObject({
  payloadType: z.string().min(1),
  payload: z.string().regex(B64, 'standard base64'),
  signatures: z.array(
    z.strictObject({
      keyid: z.string().regex(KEYID_RE, 'a 16-hex short key fingerprint'),
      sig: z.string().regex(B64, 'standard base64'),
    }),
  ),
});

export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${body.length} `, 'ascii'),
    Buffer.from(body),
  ]);
}

/** Base64 that decodes to exactly one byte string: Node's decoder is lenient (ignores junk, padding bits), we are not. */
export function strictBase64(s: string): Buffer | undefined {
  if (!B64.test(s) || s.length % 4 !== 0) return undefined;
  const buf = Buffer.from(s, 'base64');
  return buf.toString('base64') === s ? buf : undefined;
}

export function signPae(payloadType: string, body: Uint8Array, privateKey: KeyObject, keyid: string): DsseSignature {
  const sig = edSign(null, pae(payloadType, body), privateKey);
  return { keyid, sig: sig.toString('base64') };
}

export function verifyPae(payloadType: string, body: Uint8Array, sig: Uint8Array, publicKey: KeyObject): boolean {
  if (sig.length !== 64) return false;
  try {
    return edVerify(null, pae(payloadType, body), publicKey, sig);
  } catch {
    return false;
  }
}

/** Stable on-disk form: 2-space JSON + newline, so the file diffs and prints well. */
export function serializeEnvelope(env: DsseEnvelope): string {
  return (
    JSON.stringify(
      {
        payloadType: env.payloadType,
        payload: env.payload,
        signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: s.sig })),
      },
      null,
      2,
    ) + '\n'
  );
}
