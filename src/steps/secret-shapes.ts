/**
 * Recognises a secret typed into an ordinary field. An ordinary field's value
 * is journaled, put in the report and shown in outputs, so a custodian who
 * types their share (or a passphrase, or a Temporary Access Pass) into the
 * wrong box would write it down for good. Such a value is refused with an
 * explanation; fields marked `secret: true` are never checked here.
 *
 * The shapes are the ones this program makes (share-codec.ts,
 * secret-generate.ts) and the ones Entra makes: a TAP is 8 to 48 characters
 * (temporaryAccessPassAuthenticationMethodConfiguration.defaultLength,
 * https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethodconfiguration)
 * of mixed classes. A pass without a symbol can look like a serial number;
 * such values are let through rather than refuse every serial number.
 */
import { decodeShare } from './share-codec.js';
import { PASSPHRASE_ALPHABET } from './secret-generate.js';

const P = `[${PASSPHRASE_ALPHABET}]`;
/** Two whole groups of five in a row, and nothing but passphrase characters and dashes: a passphrase or a half of one. */
const PASSPHRASE_LIKE = new RegExp(`^[${PASSPHRASE_ALPHABET}-]+$`);
const TWO_GROUPS = new RegExp(`(?:^|-)${P}{5}-${P}{5}(?:-|$)`);
const PASSWORD_SYMBOL = /[!#$%&*+=?@^~:;]/;
/** A user principal name or e-mail address: a domain after the @ (a password rarely ends like one). */
export const EMAIL = /^[^\s@]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** What secret `value` looks like ("a Shamir share" …), or undefined for an ordinary value. */
export function secretShapeOf(value: string): string | undefined {
  const v = value.trim();
  if (!v || /\s/.test(v)) return undefined; // secrets made here and by Entra have no spaces
  if (/^[A-Za-z2-7018]{4}(-[A-Za-z2-7018]{1,4}){3,}$/.test(v)) {
    try {
      decodeShare(v);
      return 'a Shamir share (its checksum checks out)';
    } catch {
      /* not a share */
    }
  }
  if (PASSPHRASE_LIKE.test(v) && TWO_GROUPS.test(v))
    return 'a passphrase, or part of one (groups of five letters and digits)';
  if (v.length >= 8 && v.length <= 64 && !EMAIL.test(v) && !URL_LIKE.test(v) && PASSWORD_SYMBOL.test(v)) {
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((re) => re.test(v)).length;
    if (classes >= 2) return 'a Temporary Access Pass or a password';
  }
  return undefined;
}

/** The refusal for an ordinary field, or undefined. Never quotes the value. */
export function secretShapeProblem(label: string, value: string): string | undefined {
  const shape = secretShapeOf(value);
  if (!shape) return undefined;
  return `${label}: this looks like ${shape}. It was not accepted: what is typed here is written to the run's journal and report. Type secrets only where breakglass asks for them with hidden entry; if this really is not a secret, write it differently (for example with a space).`;
}
