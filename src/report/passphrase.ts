/**
 * Key passphrases: from BREAKGLASS_KEY_PASSPHRASE (tests, scripted signing)
 * or a masked prompt (@inquirer/password, loaded lazily). Never from argv,
 * where it would land in shell history and `ps`.
 */
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
export class NoPassphrase extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.NO_TTY });
  }
}

export async function askPassphrase(message: string, opts: { confirm?: boolean } = {}): Promise<string> {
  const env = process.env.BREAKGLASS_KEY_PASSPHRASE;
  if (env) return env;
  if (!process.stdin.isTTY) {
    throw new NoPassphrase(
      'no terminal to ask for the key passphrase: run this in a terminal, or set BREAKGLASS_KEY_PASSPHRASE for scripted use',
    );
  }
  const { default: password } = await import('@inquirer/password');
  const first = await password({ message, mask: '*' });
  if (opts.confirm) {
    const again = await password({ message: 'Type it again', mask: '*' });
    if (again !== first) throw new NoPassphrase('the two passphrases differ; nothing was written');
  }
  return first;
}
