/**
 * `breakglass keys create --name NAME [--out DIR]` and `keys show FILE`:
 * Ed25519 signing keys for operators and witnesses.
 * `keys trust PUB --as ROLE --name NAME`, `keys list`, `keys untrust KEYID|PUB`
 * [--state-dir DIR]: the trust anchors `verify` and `history` count signatures against.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from '../core/exit-codes.js';
import { reportError } from './report-error.js';

const USAGE =
  'breakglass keys create --name NAME [--out DIR] | keys show FILE | keys trust PUB.pem --as operator|witness --name NAME [--state-dir DIR] | keys list [--state-dir DIR] | keys untrust KEYID|PUB.pem [--state-dir DIR]';

export async function defaultKeyDir(): Promise<string> {
  const { default: envPaths } = await import('env-paths');
  return join(envPaths('breakglass', { suffix: '' }).config, 'keys');
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        out: { type: 'string' },
        as: { type: 'string' },
        'state-dir': { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`breakglass keys: ${(e as Error).message}\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const { KeyError, createKeyPair, loadPrivateKey, loadPublicKey, publicPem, spaced } =
    await import('../report/keys.js');
  const { askPassphrase } = await import('../report/passphrase.js');
  try {
    if (sub === 'trust' || sub === 'list' || sub === 'untrust') {
      const { resolveStateDir } = await import('../state/paths.js');
      return await trustCommand(sub, parsed.positionals, parsed.values, resolveStateDir(parsed.values['state-dir']));
    }
    if (sub === 'create') {
      const name = parsed.values.name?.trim();
      if (!name || parsed.positionals.length) {
        process.stderr.write(
          `breakglass keys create: --name is required (the signer's name as it should appear in reports)\nUsage: ${USAGE}\n`,
        );
        return EXIT.USAGE;
      }
      const dir = parsed.values.out ?? (await defaultKeyDir());
      const passphrase = await askPassphrase(`Passphrase to protect ${name}'s key (12+ characters)`, { confirm: true });
      const k = await createKeyPair({ name, dir, passphrase });
      process.stdout.write(
        `Created an Ed25519 signing key for ${name}\n` +
          `  private key  ${k.privatePath}\n` +
          `               encrypted with your passphrase, mode 0600: keep both to yourself\n` +
          `  public key   ${k.publicPath}\n` +
          `               give this to auditors: breakglass verify --pubkey ${k.publicPath}\n` +
          `  fingerprint  ${spaced(k.keyid)}   (short fingerprint = keyid in reports)\n\n${k.publicKeyPem}`,
      );
      return EXIT.OK;
    }
    if (sub === 'show') {
      const file = parsed.positionals[0];
      if (!file || parsed.positionals.length > 1) {
        process.stderr.write(`breakglass keys show: give one key file\nUsage: ${USAGE}\n`);
        return EXIT.USAGE;
      }
      const { readFile } = await import('node:fs/promises');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        process.stderr.write(`breakglass keys show: cannot read ${file}\n`);
        return EXIT.NO_INPUT;
      }
      let keyid: string;
      let pem: string;
      let kind: string;
      if (text.includes('PRIVATE KEY')) {
        const k = await loadPrivateKey(file, await askPassphrase(`Passphrase for ${file}`));
        keyid = k.keyid;
        pem = publicPem(k.publicKey);
        kind = 'private key (encrypted); its public key';
        if (k.migration?.done)
          process.stdout.write(
            `${file}: re-encrypted with scrypt (a memory-hard KDF); it was encrypted with PBKDF2 at 2,048 iterations. Same key, same fingerprint.\n`,
          );
        else if (k.migration)
          process.stdout.write(
            `${file}: still encrypted with PBKDF2 at 2,048 iterations; re-encrypting it with scrypt failed (${k.migration.why}).\n`,
          );
      } else {
        const k = await loadPublicKey(file);
        keyid = k.keyid;
        pem = publicPem(k.publicKey);
        kind = 'public key';
      }
      process.stdout.write(
        `${file}: Ed25519 ${kind}\n  fingerprint  ${spaced(keyid)}\n  keyid        ${keyid}\n\n${pem}`,
      );
      return EXIT.OK;
    }
    process.stderr.write(
      `breakglass keys: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}\nUsage: ${USAGE}\n`,
    );
    return EXIT.USAGE;
  } catch (e) {
    const err =
      (e as NodeJS.ErrnoException).code === 'EEXIST'
        ? new KeyError('a key with that name and fingerprint already exists; nothing was overwritten')
        : e;
    return reportError('keys', err);
  }
}

async function trustCommand(
  sub: 'trust' | 'list' | 'untrust',
  positionals: string[],
  values: { name?: string | undefined; as?: string | undefined },
  stateDir: string,
): Promise<number> {
  const { addTrustAnchor, loadTrustAnchors, removeTrustAnchor, trustFilePath } = await import('../report/trust.js');
  const { loadPublicKey, spaced } = await import('../report/keys.js');
  const { sanitize } = await import('../util/sanitize.js');
  if (sub === 'list') {
    const anchors = await loadTrustAnchors(stateDir);
    if (!anchors.length) {
      process.stdout.write(
        `No trusted keys in ${trustFilePath(stateDir)}\n  Add one: breakglass keys trust <pub.pem> --as operator|witness --name NAME\n`,
      );
      return EXIT.OK;
    }
    process.stdout.write(`Trusted keys (${trustFilePath(stateDir)})\n`);
    for (const a of anchors)
      process.stdout.write(
        `  ${spaced(a.keyid)}  ${a.role.padEnd(9)} ${sanitize(a.name)}  (added ${a.addedAt.slice(0, 10)})\n`,
      );
    return EXIT.OK;
  }
  const target = positionals[0];
  if (!target || positionals.length > 1) {
    process.stderr.write(
      `breakglass keys ${sub}: give one public key file${sub === 'untrust' ? ' or key id' : ''}\nUsage: ${USAGE}\n`,
    );
    return EXIT.USAGE;
  }
  if (sub === 'untrust') {
    const keyid = /^[0-9a-f]{16}$/.test(target.replace(/\s+/g, ''))
      ? target.replace(/\s+/g, '')
      : (await loadPublicKey(target)).keyid;
    const gone = await removeTrustAnchor(stateDir, keyid);
    if (!gone) {
      process.stderr.write(`breakglass keys untrust: key ${keyid} is not trusted in ${trustFilePath(stateDir)}\n`);
      return EXIT.FAIL;
    }
    process.stdout.write(`No longer trusted: ${spaced(gone.keyid)} ${gone.role} ${sanitize(gone.name)}\n`);
    return EXIT.OK;
  }
  if (!values.as || !values.name?.trim()) {
    process.stderr.write(
      `breakglass keys trust: --as ROLE (operator or witness) and --name NAME are required\nUsage: ${USAGE}\n`,
    );
    return EXIT.USAGE;
  }
  const k = await loadPublicKey(target);
  const rec = await addTrustAnchor(stateDir, { pem: k.pem, role: values.as, name: values.name });
  process.stdout.write(
    `Trusted ${spaced(rec.keyid)} as ${rec.role} ${sanitize(rec.name)}\n` +
      `  Read this fingerprint back to its holder (or compare it with \`breakglass keys show\` on their machine) before relying on it.\n` +
      `  ${trustFilePath(stateDir)}\n`,
  );
  return EXIT.OK;
}
