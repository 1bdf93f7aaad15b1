/**
 * TLS material for the practice tenant: a CA and a server certificate for
 * 127.0.0.1 / localhost, made with @peculiar/x509 on node's WebCrypto (no
 * hand-written ASN.1). Clients trust the CA only (passed explicitly), exactly
 * as they would trust a corporate TLS-inspection CA — nothing is added to
 * the system trust store.
 *
 * ECDSA P-256 keys (Node's TLS and undici accept them). The CA's private key
 * is dropped once it has signed the server certificate, so the CA can vouch
 * for nothing else. @peculiar/x509 (and its ASN.1 stack) is loaded only when
 * material is made: a start that reuses stored material (key-store.ts) never
 * loads it.
 */
import { cjsExports } from '../util/cjs-exports.js';
import { webcrypto, randomBytes, X509Certificate, createPrivateKey } from 'node:crypto';

export interface PracticeTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** How long new material is valid; key-store.ts makes new material when less than a day is left. */
export const TLS_VALIDITY_DAYS = 30;

const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

function serial(): string {
  // Positive 16-byte serial (high bit cleared), as RFC 5280 asks.
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

export async function createPracticeTls(now: Date = new Date()): Promise<PracticeTls> {
  // @peculiar/x509 2.x needs a Reflect metadata polyfill loaded before it (tsyringe).
  await import('reflect-metadata');
  const x509 = cjsExports(await import('@peculiar/x509'), 'cryptoProvider');
  const crypto = webcrypto;
  x509.cryptoProvider.set(crypto as never);
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + TLS_VALIDITY_DAYS * 86_400_000);

  const caKeys = await crypto.subtle.generateKey(ALG, false, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: 'CN=breakglass practice tenant CA, O=breakglass practice',
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    },
    crypto,
  );

  const srvKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: 'CN=127.0.0.1',
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: srvKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          [
            { type: 'ip', value: '127.0.0.1' },
            { type: 'dns', value: 'localhost' },
          ],
          false,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    },
    crypto,
  );

  const keyDer = await crypto.subtle.exportKey('pkcs8', srvKeys.privateKey);
  return { caPem: ca.toString('pem') + '\n', certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', keyDer) };
}

/**
 * Why stored material cannot serve (undefined: it can): the server certificate
 * must be issued by the CA, match the private key, name 127.0.0.1, and stay
 * valid for at least `minValidMs` more. Uses node's own X.509 parser, so a
 * check does not load @peculiar/x509.
 */
export function tlsProblem(tls: PracticeTls, now: Date, minValidMs: number): string | undefined {
  try {
    const ca = new X509Certificate(tls.caPem);
    const cert = new X509Certificate(tls.certPem);
    if (!ca.ca) return 'the CA certificate is not a CA';
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return 'the server certificate is not signed by the CA';
    if (!cert.checkPrivateKey(createPrivateKey(tls.keyPem)))
      return 'the private key does not match the server certificate';
    if (!cert.checkIP('127.0.0.1')) return 'the server certificate does not name 127.0.0.1';
    const t = now.getTime();
    for (const c of [ca, cert]) {
      if (Date.parse(c.validFrom) > t) return 'a certificate is not valid yet';
      if (Date.parse(c.validTo) - t < minValidMs) return 'a certificate expires soon';
    }
    return undefined;
  } catch (e) {
    return `unreadable (${(e as Error).message})`;
  }
}
