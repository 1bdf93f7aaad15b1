/**
 * Trust anchors: the public keys of the organisation's operators and
 * witnesses, kept in `<state dir>/trusted-keys.json` and managed with
 * `breakglass keys trust | list | untrust`. `verify` and `history` count a
 * signature only when its key is here (or pinned with `--pubkey`): a key that
 * merely sits inside the report proves the report is intact, not who signed
 * it — anyone can re-sign a forged report with a fresh key under the original
 * names. Each anchor says which role it may sign for.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { KeyError, parsePublicKey, publicPem } from './keys.js';
import type { KeyObject } from 'node:crypto';

export const TRUST_FILE = 'trusted-keys.json';
export const ROLE_RE = /^[a-z][a-z0-9-]{0,31}$/;

const AnchorSchema = z.strictObject({
  keyid: z.string().regex(/^[0-9a-f]{16}$/),
  role: z.string().regex(ROLE_RE),
  name: z.string().min(1).max(200),
  publicKey: z.string(),
  addedAt: z.string(),
});
const TrustFileSchema = z.strictObject({ format: z.literal(1), keys: z.array(AnchorSchema) });

export type TrustAnchorRecord = z.infer<typeof AnchorSchema>;
export interface TrustAnchor extends TrustAnchorRecord {
  key: KeyObject;
}

export class TrustError extends KeyError {
  constructor(message: string) {
    super(message);
    this.name = 'TrustError';
  }
}

export function trustFilePath(stateDir: string): string {
  return join(stateDir, TRUST_FILE);
}

/** The anchors in a state dir; none when the file does not exist. A damaged file is an error, never "no anchors". */
export async function loadTrustAnchors(stateDir: string): Promise<TrustAnchor[]> {
  const path = trustFilePath(stateDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TrustError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let parsed;
  try {
    parsed = TrustFileSchema.safeParse(JSON.parse(text));
  } catch {
    throw new TrustError(`${path} is not valid JSON: fix or remove it (\`breakglass keys trust\` writes it)`);
  }
  if (!parsed.success)
    throw new TrustError(
      `${path} is not a trusted-keys file: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`,
    );
  return parsed.data.keys.map((k) => {
    const { publicKey, keyid } = parsePublicKey(k.publicKey, `${path} (${k.role} ${k.name})`);
    if (keyid !== k.keyid)
      throw new TrustError(
        `${path}: the key listed for ${k.role} ${k.name} has fingerprint ${keyid}, not ${k.keyid} (the file was altered)`,
      );
    return { ...k, key: publicKey };
  });
}

async function save(stateDir: string, anchors: TrustAnchorRecord[]): Promise<void> {
  const path = trustFilePath(stateDir);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const body =
    JSON.stringify(
      {
        format: 1,
        keys: anchors.map(({ keyid, role, name, publicKey, addedAt }) => ({ keyid, role, name, publicKey, addedAt })),
      },
      null,
      2,
    ) + '\n';
  await writeFile(tmp, body, { mode: 0o644, flag: 'wx' });
  await rename(tmp, path);
}

export async function addTrustAnchor(
  stateDir: string,
  a: { pem: string; role: string; name: string; now?: Date },
): Promise<TrustAnchorRecord> {
  if (!ROLE_RE.test(a.role)) throw new TrustError(`--as "${a.role}" is not a role name (e.g. operator or witness)`);
  const name = a.name.trim();
  if (!name) throw new TrustError('--name is required: the signer as reports name them');
  const { publicKey, keyid } = parsePublicKey(a.pem, 'the key');
  const anchors = await loadTrustAnchors(stateDir);
  const same = anchors.find((x) => x.keyid === keyid);
  if (same)
    throw new TrustError(
      `key ${keyid} is already trusted as ${same.role} ${same.name}; \`breakglass keys untrust ${keyid}\` first to change it`,
    );
  const rec: TrustAnchorRecord = {
    keyid,
    role: a.role,
    name,
    publicKey: publicPem(publicKey),
    addedAt: (a.now ?? new Date()).toISOString(),
  };
  await save(stateDir, [...anchors, rec]);
  return rec;
}

export async function removeTrustAnchor(stateDir: string, keyid: string): Promise<TrustAnchorRecord | undefined> {
  const anchors = await loadTrustAnchors(stateDir);
  const gone = anchors.find((x) => x.keyid === keyid);
  if (gone)
    await save(
      stateDir,
      anchors.filter((x) => x !== gone),
    );
  return gone;
}
