/**
 * `breakglass keys create --name NAME [--out DIR]` and `keys show FILE`:
 * Ed25519 signing keys for operators and witnesses.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from '../core/exit-codes.js';
import { reportError } from './report-error.js';

const USAGE = 'breakglass keys create --name NAME [--out DIR] | breakglass keys show FILE';

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
      options: { name: { type: 'string' }, out: { type: 'string' } },
    });
  } catch (e) {
    process.stderr.write(`breakglass keys: ${(e as Error).message}\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const { KeyError, createKeyPair, loadPrivateKey, loadPublicKey, publicPem, spaced } =
    await import('../report/keys.js');
  const { askPassphrase } = await import('../report/passphrase.js');
  try {
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
