/**
 * What the end-to-end tests of the break-glass application's runbooks share on the
 * sp-break-glass-healthy scenario: the application's id, the practice world seen through the records
 * they read or plant, and an operator and a witness with signing keys for the sign-off.
 */
import { join } from 'node:path';
import type { PracticeServer } from '../../src/practice/server.js';
import type { Actor, ApplicationRec, AuditRec, SpSignInRec } from '../../src/practice/world/state.js';
import { createKeyPair } from '../../src/report/keys.js';

/** BreakGlass-App in sp-break-glass-healthy (Global Administrator on its service principal). */
export const BG_APP_ID = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c';

export const SIGNER_PASSPHRASE = 'practice-only signing passphrase';

/** The practice world's records these tests read or plant. */
export interface BreakGlassAppWorld {
  applicationByAppId(appId: string): ApplicationRec | undefined;
  servicePrincipalByAppId(appId: string): { id: string } | undefined;
  addCertificate(app: ApplicationRec, pem: string, name: string): string;
  audit(actor: Actor, activity: string, category: string, targets: AuditRec['targetResources']): void;
  audits: AuditRec[];
  spSignIns: SpSignInRec[];
}

export function breakGlassAppWorld(server: PracticeServer): BreakGlassAppWorld {
  return server.world as unknown as BreakGlassAppWorld;
}

/** An operator and a witness, each with a key pair under dir/keys, as the sign-off step's answer. */
export async function operatorAndWitness(
  dir: string,
): Promise<{ role: 'operator' | 'witness'; name: string; keyPath: string; passphrase: string }[]> {
  const signers = [];
  for (const [role, name] of [
    ['operator', 'Olu Operator'],
    ['witness', 'Wen Witness'],
  ] as const) {
    const k = await createKeyPair({ name, dir: join(dir, 'keys'), passphrase: SIGNER_PASSPHRASE });
    signers.push({ role, name, keyPath: k.privatePath, passphrase: SIGNER_PASSPHRASE });
  }
  return signers;
}
