/**
 * Loads an app's client certificate for certificate sign-in: PEM (certificate
 * + private key, the key optionally encrypted) or PFX/PKCS#12 with a
 * passphrase. Produces what MSAL wants — the SHA-256 thumbprint (computed,
 * never asked for), the private key as unencrypted PKCS#8 PEM (in memory
 * only) and the certificate chain for x5c.
 *
 * Private keys breakglass writes (app.addCertificate) are sealed with scrypt
 * (util/sealed-key.ts), like the signing keys; a key file written before that
 * (PKCS#8 under PBKDF2 at Node's 2,048 iterations) is re-sealed on its next use.
 *
 * Parsing is done by libraries, not by hand: node:crypto for PEM, keys and
 * X.509; node-forge only to unwrap PKCS#12 containers (node:crypto cannot
 * read them), including the legacy 3DES/RC2 PFX that Windows and Key Vault
 * still export.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type Forge from 'node-forge';
import { TenantError } from '../core/tenant.js';
import { isSealedKey, openSealedKey, resealKeyFile, SealedKeyError } from '../util/sealed-key.js';

export interface LoadedCertificate {
  /** Hex SHA-256 of the DER certificate (what Entra shows as the "Thumbprint" for x5t#S256). */
  thumbprintSha256: string;
  /** Unencrypted PKCS#8 PEM. A secret: never log, never write. */
  privateKeyPem: string;
  /** Leaf first, then any intermediates, PEM — for MSAL's x5c (subject-name/issuer auth). */
  chainPem: string;
  subject: string;
  notAfter: Date;
  /** An older PBKDF2 key file (as app.addCertificate wrote it before): re-sealed with scrypt now, or why not. */
  migration?: { done: true } | { done: false; why: string };
}

function certError(path: string, cause: string, todo: string): TenantError {
  return new TenantError('login', 0, 'CertificateInvalid', { what: `Cannot use the certificate ${path}`, cause, todo });
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_KEY =
  /-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----/;

export async function loadCertificate(
  path: string,
  passphrase?: string,
  now: Date = new Date(),
): Promise<LoadedCertificate> {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw certError(
      path,
      code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code ?? (e as Error).message})`,
      'Check the path given with --certificate.',
    );
  }
  const text = data.toString('latin1');
  const isPem = text.includes('-----BEGIN ');
  const sealed = isPem && isSealedKey(text);
  const { key, certs } = sealed
    ? await fromSealed(path, text, passphrase)
    : isPem
      ? fromPem(path, text, passphrase)
      : await fromPfx(path, data, passphrase);
  // A key file alone (as `app.addCertificate` writes it: encrypted key in <key>, certificate in <key>.crt):
  // the public certificate is not secret, so it may sit beside the key.
  if (certs.length === 0 && isPem) certs.push(...siblingCertificates(path));
  if (certs.length === 0) {
    throw certError(
      path,
      'it holds a private key but no certificate',
      `Put the certificate beside it as ${path}.crt, or both in one PEM file (cat cert.pem key.pem > app.pem), or use the PFX.`,
    );
  }
  const leaf = certs.find((c) => c.checkPrivateKey(key));
  if (!leaf) {
    throw certError(
      path,
      'none of its certificates matches its private key',
      'Export the certificate together with the private key that belongs to it.',
    );
  }
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() < now.getTime()) {
    throw certError(
      path,
      `the certificate expired on ${notAfter.toISOString().slice(0, 10)}`,
      'Create a new certificate, upload its public part to the app registration, and use it here.',
    );
  }
  const chain = [leaf, ...certs.filter((c) => c !== leaf)];
  // A key file alone under PBKDF2 (the layout app.addCertificate writes; a PEM bundle or PFX the
  // operator brought is theirs and left as it is), opened with the right passphrase: seal it with scrypt.
  let migration: LoadedCertificate['migration'];
  if (
    isPem &&
    !sealed &&
    passphrase &&
    text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') &&
    !text.includes('-----BEGIN CERTIFICATE-----')
  ) {
    const why = await resealKeyFile(path, key, passphrase);
    migration = why === undefined ? { done: true } : { done: false, why };
  }
  return {
    ...(migration ? { migration } : {}),
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    chainPem: chain.map((c) => c.toString()).join(''),
    subject: leaf.subject.replace(/\n/g, ', '),
    notAfter,
  };
}

async function fromSealed(
  path: string,
  text: string,
  passphrase?: string,
): Promise<{ key: KeyObject; certs: X509Certificate[] }> {
  if (!passphrase)
    throw certError(
      path,
      'the private key is encrypted and no passphrase was given',
      'Set the passphrase in an environment variable and name it with --certificate-passphrase-env, or enter it when prompted.',
    );
  try {
    return { key: await openSealedKey(text, passphrase), certs: [] };
  } catch (e) {
    throw certError(
      path,
      e instanceof SealedKeyError && e.message === 'wrong passphrase'
        ? 'the passphrase is wrong (the private key could not be decrypted)'
        : `the key file cannot be opened: ${(e as Error).message}`,
      'Check the passphrase and try again.',
    );
  }
}

function siblingCertificates(keyPath: string): X509Certificate[] {
  let text: string;
  try {
    text = readFileSync(`${keyPath}.crt`, 'latin1');
  } catch {
    return [];
  }
  const out: X509Certificate[] = [];
  for (const m of text.match(PEM_CERT) ?? []) {
    try {
      out.push(new X509Certificate(m));
    } catch {
      throw certError(
        `${keyPath}.crt`,
        'a certificate in the file is damaged',
        'Copy the certificate file again from where it was created.',
      );
    }
  }
  return out;
}

function fromPem(path: string, text: string, passphrase?: string): { key: KeyObject; certs: X509Certificate[] } {
  const keyPem = PEM_KEY.exec(text)?.[0];
  if (!keyPem) {
    throw certError(
      path,
      'the PEM file has no private key',
      'Certificate sign-in needs the private key: use a PEM holding both the certificate and the key, or a PFX.',
    );
  }
  const encrypted = keyPem.includes('ENCRYPTED') || /Proc-Type: 4,ENCRYPTED/.test(keyPem);
  if (encrypted && !passphrase) {
    throw certError(
      path,
      'the private key is encrypted and no passphrase was given',
      'Set the passphrase in an environment variable and name it with --certificate-passphrase-env, or enter it when prompted.',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(
      encrypted ? { key: keyPem, format: 'pem', passphrase: passphrase ?? '' } : { key: keyPem, format: 'pem' },
    );
  } catch {
    throw certError(
      path,
      encrypted
        ? 'the passphrase is wrong (the private key could not be decrypted)'
        : 'the private key could not be read',
      encrypted ? 'Check the passphrase and try again.' : 'Check the file is a PEM private key.',
    );
  }
  const certs: X509Certificate[] = [];
  for (const m of text.match(PEM_CERT) ?? []) {
    try {
      certs.push(new X509Certificate(m));
    } catch {
      throw certError(path, 'a certificate in the file is damaged', 'Export the certificate again.');
    }
  }
  return { key, certs };
}

async function fromPfx(
  path: string,
  data: Buffer,
  passphrase?: string,
): Promise<{ key: KeyObject; certs: X509Certificate[] }> {
  const { default: forge } = await import('node-forge');
  let p12: ReturnType<typeof forge.pkcs12.pkcs12FromAsn1>;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(data.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase ?? '');
  } catch (e) {
    const msg = String((e as Error).message);
    if (/password|MAC|decrypt/i.test(msg)) {
      throw certError(
        path,
        passphrase
          ? 'the passphrase is wrong (the PFX could not be decrypted)'
          : 'the PFX is protected by a passphrase and none was given',
        'Set the passphrase in an environment variable and name it with --certificate-passphrase-env, or enter it when prompted.',
      );
    }
    throw certError(
      path,
      'it is neither a PEM file nor a readable PFX/PKCS#12 file',
      'Export the certificate with its private key as .pfx, or as PEM (certificate + key).',
    );
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const bag = keyBags[0];
  if (!bag) throw certError(path, 'the PFX holds no private key', 'Export the certificate WITH its private key.');
  // RSA keys are decoded by forge; other key types come back as raw PrivateKeyInfo ASN.1.
  const keyInfo = bag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))
    : (bag as unknown as { asn1: Forge.asn1.Asn1 }).asn1;
  const keyDer = Buffer.from(forge.asn1.toDer(keyInfo).getBytes(), 'binary');
  const key = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' });
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const certs = certBags.map((b) => {
    const asn1 = b.cert ? forge.pki.certificateToAsn1(b.cert) : (b as unknown as { asn1: Forge.asn1.Asn1 }).asn1;
    return new X509Certificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  });
  return { key, certs };
}
