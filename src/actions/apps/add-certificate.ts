/**
 * Generates the emergency application's key pair and self-signed certificate
 * LOCALLY, uploads ONLY the certificate to the application's keyCredentials —
 * ADDING it: every certificate already on the app is re-sent with it, since a
 * PATCH of keyCredentials sets the whole collection (./app-credentials.ts) —
 * then writes the private key encrypted with a passphrase held in the run's
 * vault (PKCS#8, AES-256, file mode 0600) and the certificate beside it. The
 * private key never leaves this machine, and an existing file is never
 * overwritten: both files are created with `wx` (fail if present), checked
 * before anything is sent. Writing after the upload keeps a crash between the
 * two safe: reconcile finds no certificate on disk, so the step makes a new
 * pair and uploads it beside the orphaned certificate, which the rollover runbook
 * then removes (app.removeCredential) like any old one.
 */
import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { seg } from '../odata.js';
import { keptKeyCredential, readAppCredentials, thumbprintHex, type AppCredentials } from './app-credentials.js';
import { cjsExports } from '../../util/cjs-exports.js';
import { sealPrivateKey } from '../../util/sealed-key.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  keyPath: z.string().min(1),
  /** Vault entry holding the passphrase that encrypts the private key. */
  passphraseSecret: z.string().min(1),
  displayName: z.string().default('breakglass-emergency-cert'),
  validDays: z.number().int().min(1).max(825).default(365),
});
type Args = z.infer<typeof Args>;

/** SHA-1 thumbprint, upper-case hex: what Graph shows as customKeyIdentifier for an uploaded certificate. */
function thumbprintSha1(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/** The app's certificate with this SHA-1 thumbprint (Graph's customKeyIdentifier for an uploaded certificate). */
export function findByThumbprint(app: AppCredentials, thumbprint: string) {
  return app.keyCredentials.find((k) => thumbprintHex(k.customKeyIdentifier) === thumbprint.toUpperCase());
}

/** An existing key or certificate file is refused before anything is generated or sent. */
async function refuseExisting(keyPath: string): Promise<void> {
  for (const path of [keyPath, `${keyPath}.crt`]) {
    const present = await access(path).then(
      () => true,
      () => false,
    );
    if (present)
      throw new Error(
        `${path} already exists. breakglass never overwrites a key or certificate file. Choose another key path, or move the existing file away if it is no longer needed, then retry the step.`,
      );
  }
}

async function certOnDisk(keyPath: string): Promise<{ der: Buffer; thumbprint: string } | undefined> {
  const crtPath = `${keyPath}.crt`;
  if (!existsSync(crtPath)) return undefined;
  const pem = await readFile(crtPath, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return { der, thumbprint: thumbprintSha1(der) };
}

export const action: Action<Args> = {
  id: 'app.addCertificate',
  title: 'Create the emergency certificate locally and upload only its public part',
  permissions: { graph: ['Application.ReadWrite.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'a certificate credential: whoever holds the key file signs in as the application',
  outputs: ['thumbprint', 'keyId', 'keyPath', 'certificatePath', 'notAfter'],
  args: Args,
  key: (a) => `appcert:${a.appId}`,
  secretsUsed: (a) => [a.passphraseSecret],
  async preview(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    const onDisk = await certOnDisk(a.keyPath);
    const uploaded = Boolean(onDisk && findByThumbprint(app, onDisk.thumbprint));
    const others = app.keyCredentials.length;
    return {
      actionId: 'app.addCertificate',
      summary: uploaded
        ? `Certificate ${onDisk!.thumbprint.slice(0, 12)}… is already on "${app.displayName}"`
        : `Generate an RSA-2048 key and self-signed certificate (${a.validDays} days); write the key ENCRYPTED to ${a.keyPath}; add only the certificate to "${app.displayName}"${others ? ` (its ${others} existing certificate(s) stay)` : ''}`,
      target: { type: 'application', id: app.id, name: app.displayName },
      grants: [
        {
          principal: { type: 'application', id: app.id, name: app.displayName },
          gains: 'a certificate credential: whoever holds the key file and its passphrase signs in as it',
        },
      ],
      ...(others > 0 && !uploaded
        ? {
            diff: {
              before: app.keyCredentials.map((k) => `certificate ${k.displayName ?? ''} (keyId ${k.keyId})`),
              after: [
                ...app.keyCredentials.map((k) => `certificate ${k.displayName ?? ''} (keyId ${k.keyId})`),
                `certificate ${a.displayName} (new)`,
              ],
            },
          }
        : {}),
      alreadyDone: uploaded,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const passphrase = ctx.secrets.get(a.passphraseSecret);
    if (!passphrase)
      throw new Error(`The key passphrase "${a.passphraseSecret}" is not in memory; run the passphrase step again.`);
    await refuseExisting(a.keyPath);
    const app = await readAppCredentials(ctx, a.appId);
    // @peculiar/x509 needs the Reflect metadata polyfill loaded first (tsyringe); live runs have no practice server to load it.
    await import('reflect-metadata');
    const x509 = cjsExports(await import('@peculiar/x509'), 'cryptoProvider');
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const alg = {
      name: 'RSASSA-PKCS1-v1_5',
      hash: 'SHA-256',
      publicExponent: new Uint8Array([1, 0, 1]),
      modulusLength: 2048,
    };
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const notBefore = new Date();
    const notAfter = new Date(notBefore.getTime() + a.validDays * 86_400_000);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex'),
      name: `CN=${a.displayName}`,
      notBefore,
      notAfter,
      signingAlgorithm: alg,
      keys,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    // Sealed through scrypt like the signing keys (util/sealed-key.ts), not Node's PBKDF2 PKCS#8 at 2,048 iterations.
    const encrypted = await sealPrivateKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }), passphrase);
    await mkdir(dirname(a.keyPath), { recursive: true, mode: 0o700 });
    const der = Buffer.from(cert.rawData);
    await ctx.tenant.graph.request({
      method: 'PATCH',
      path: `/applications/${seg(app.id)}`,
      body: graphBody<Graph.Application>({
        keyCredentials: [
          // Every certificate already there stays: the PATCH sets the whole collection.
          ...app.keyCredentials.map(keptKeyCredential),
          { type: 'AsymmetricX509Cert', usage: 'Verify', key: der.toString('base64'), displayName: a.displayName },
        ],
      }),
    });
    const thumbprint = thumbprintSha1(der);
    const added = findByThumbprint(await readAppCredentials(ctx, a.appId), thumbprint);
    try {
      // `wx`: created here or not at all, even if a file appeared since the check above.
      await writeFile(a.keyPath, encrypted, { mode: 0o600, flag: 'wx' });
      await writeFile(`${a.keyPath}.crt`, cert.toString('pem'), { mode: 0o644, flag: 'wx' });
    } catch (err) {
      throw new Error(
        `The certificate was uploaded to "${app.displayName}", but the key and certificate files could not both be written at ${a.keyPath}: ${(err as Error).message}. Nobody holds that key; retry the step (with a key path that does not exist yet) to make a new pair that replaces it.`,
        { cause: err },
      );
    }
    return {
      outputs: {
        thumbprint,
        keyId: added?.keyId ?? '',
        keyPath: a.keyPath,
        certificatePath: `${a.keyPath}.crt`,
        notAfter: notAfter.toISOString(),
      },
    };
  },
  async reconcile(a, ctx) {
    const app = await readAppCredentials(ctx, a.appId);
    const onDisk = await certOnDisk(a.keyPath);
    const up = onDisk && findByThumbprint(app, onDisk.thumbprint);
    return up && onDisk
      ? {
          applied: true,
          outputs: {
            thumbprint: onDisk.thumbprint,
            keyId: up.keyId,
            keyPath: a.keyPath,
            certificatePath: `${a.keyPath}.crt`,
            ...(up.endDateTime ? { notAfter: up.endDateTime } : {}),
          },
        }
      : { applied: false };
  },
};
