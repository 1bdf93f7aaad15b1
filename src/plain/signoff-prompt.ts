/**
 * The sign-off in plain mode, one line at a time: each signer's name, their
 * key file (the keys folder's files offered in a list; a path can be typed)
 * and its passphrase — unlocked as it is entered, so a wrong one is said at
 * once ("wrong passphrase for <key file>") and asked again, never discovered
 * after the next signer has typed everything. A sign-off asked again after a
 * failure offers every earlier entry (prompt.filled) instead of clearing it.
 */
import { basename } from 'node:path';
import input from '@inquirer/input';
import password from '@inquirer/password';
import select from '@inquirer/select';
import type { Prompt, SignoffSigner } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import { readSigningKey, unlockSigningKey } from '../steps/signing-key.js';

type P = Extract<Prompt, { type: 'signoff' }>;
interface Ctx {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal?: AbortSignal | undefined;
  clearPromptOnDone: boolean;
}

const TYPE_A_PATH = '\u0000type';

export async function askSignoff(
  p: P,
  ctx: Ctx,
  say: (lines: string[]) => void,
): Promise<{ signers: SignoffSigner[] }> {
  say([`Sign-off by: ${p.roles.map((r) => sanitize(r)).join(', ')}.`]);
  const signers: SignoffSigner[] = [];
  for (const role of p.roles) {
    const r = sanitize(role);
    const kept = p.filled?.find((s) => s.role === role);
    const name = (
      await input(
        {
          message: `Name of the ${r}`,
          ...(kept?.name ? { default: kept.name } : {}),
          validate: (v: string) => {
            if (!v.trim()) return `Enter the name of the ${r}.`;
            const same = signers.find((s) => s.name.toLowerCase() === v.trim().toLowerCase());
            return same
              ? `The ${r} must be a different person from the ${sanitize(same.role)} (${sanitize(same.name)}).`
              : true;
          },
        },
        ctx,
      )
    ).trim();
    const keyPath = await askKeyFile(p.keys ?? [], r, kept?.keyPath, ctx);
    if (!keyPath) {
      signers.push({ role, name });
      continue;
    }
    const read = await readSigningKey(keyPath);
    if (read.ok && read.lock === 'none') {
      signers.push({ role, name, keyPath });
      continue;
    }
    // Kept from the last attempt, and it still opens the key: not typed again.
    if (kept?.keyPath === keyPath && kept.passphrase !== undefined) {
      const again = await unlockSigningKey(keyPath, kept.passphrase);
      if (again.ok) {
        say([`Passphrase for ${sanitize(keyPath)}: kept from before (it opens the key).`]);
        signers.push({ role, name, keyPath, passphrase: kept.passphrase });
        continue;
      }
    }
    const passphrase = await password(
      {
        message: `Passphrase for ${sanitize(keyPath)}`,
        mask: true,
        validate: async (v: string) => {
          const opened = await unlockSigningKey(keyPath, v);
          return opened.ok ? true : sanitize(opened.problem);
        },
      },
      ctx,
    );
    signers.push({ role, name, keyPath, passphrase });
  }
  return { signers };
}

/** A key file: picked from the keys folder, or typed (checked to be a private key as it is entered); '' = none. */
async function askKeyFile(keys: string[], role: string, kept: string | undefined, ctx: Ctx): Promise<string> {
  if (keys.length) {
    const picked = await select(
      {
        message: `Signing key file for the ${role}`,
        choices: [
          ...keys.map((k) => ({ name: sanitize(basename(k)), value: k, description: sanitize(k) })),
          { name: 'Type the path of another key file', value: TYPE_A_PATH },
          { name: 'No key (the report is signed later with `breakglass sign`)', value: '' },
        ],
        ...(kept !== undefined ? { default: keys.includes(kept) ? kept : TYPE_A_PATH } : {}),
      },
      ctx,
    );
    if (picked !== TYPE_A_PATH) return picked;
  }
  const typed = await input(
    {
      message: `Signing key file for the ${role} (Enter to skip)`,
      ...(kept && !keys.includes(kept) ? { default: kept } : {}),
      validate: async (v: string) => {
        if (!v.trim()) return true;
        const read = await readSigningKey(v.trim());
        return read.ok ? true : sanitize(read.problem);
      },
    },
    ctx,
  );
  return typed.trim();
}
