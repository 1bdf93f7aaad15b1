/** Reading sign-in log entries (beta auditLogs/signIns) for BG-013 and BG-014. */
import type { SignInLogEntry } from './snapshot.js';

const PHISHING_RESISTANT = /fido2|passkey|security key|certificate|windows hello|platform credential/i;

export const succeeded = (s: SignInLogEntry): boolean => (s.status?.errorCode ?? 0) === 0;

export function methodsOf(s: SignInLogEntry): string[] {
  return (s.authenticationDetails ?? [])
    .filter((d) => d.succeeded !== false)
    .map((d) => d.authenticationMethod ?? '')
    .filter(Boolean);
}

export const usedPassword = (s: SignInLogEntry): boolean => methodsOf(s).some((m) => /password/i.test(m));
export const phishingResistant = (s: SignInLogEntry): boolean => methodsOf(s).some((m) => PHISHING_RESISTANT.test(m));

export function newest(entries: SignInLogEntry[], pred: (s: SignInLogEntry) => boolean): SignInLogEntry | undefined {
  return entries.filter(pred).sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime))[0];
}
