/**
 * Key passphrases: from BREAKGLASS_KEY_PASSPHRASE (tests, scripted signing)
 * or a masked prompt (@inquirer/password, loaded lazily). Never from argv,
 * where it would land in shell history and `ps`.
 */
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { MIN_PASSPHRASE } from './keys.js';

export class NoPassphrase extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.NO_TTY });
  }
}

/** The two entries of a new passphrase never matched: a typing problem, not a missing terminal. */
export class PassphraseMismatch extends BreakglassError {
  constructor() {
    super('the two passphrases differed three times; nothing was written. Run the command again.', {
      exitCode: EXIT.FAIL,
    });
  }
}

/** Checked at the first entry of a new passphrase, so the person never types it twice for nothing. */
export function newPassphraseProblem(p: string): string | undefined {
  return p.length < MIN_PASSPHRASE
    ? `at least ${MIN_PASSPHRASE} characters, please (this one has ${p.length}); a few words make a good one`
    : undefined;
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
  if (!opts.confirm) return password({ message, mask: '*' });
  // A new passphrase: its length is checked as it is entered, and a mismatch asks both again.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const first = await password({
      message,
      mask: '*',
      validate: (v) => newPassphraseProblem(v) ?? true,
    });
    const again = await password({ message: 'Type it again', mask: '*' });
    if (again === first) return first;
    process.stderr.write(
      attempt < 3 ? 'The two entries differ. Enter the passphrase again.\n' : 'The two entries differ.\n',
    );
  }
  throw new PassphraseMismatch();
}
