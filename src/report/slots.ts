/**
 * Which sign-off slots a set of valid signatures fills, and which required
 * roles are still missing. A slot whose keyid was fixed at build time is
 * filled only by that key. An open slot (name known at build time, key not)
 * is filled by a valid signature from a key the verifier trusts (--pubkey)
 * that no other slot claims — see docs/report-format.md "Later signers".
 */
import type { Report } from './model.js';

export interface SlotState {
  role: string;
  name: string;
  keyid?: string;
  /** True when the key was fixed in the signed payload (strong binding of role+name to key). */
  bound: boolean;
  signed: boolean;
  /** keyid of the signature that fills it. */
  by?: string;
  signedOffAt?: string;
}

export function slotStatus(
  report: Report,
  validBound: Set<string>,
  /** Valid signatures from trusted keys that are not bound to any slot, in envelope order. */
  validUnbound: string[] = [],
  /** The role a trusted key may sign for (trust anchors); undefined = any role (--pubkey). */
  roleOf: (keyid: string) => string | undefined = () => undefined,
): { slots: SlotState[]; missingRoles: string[]; unusedKeyids: string[] } {
  const pool = [...validUnbound];
  const slots: SlotState[] = report.signoff.signers.map((s) => {
    const base = {
      role: s.role,
      name: s.name,
      bound: !!s.keyid,
      ...(s.keyid ? { keyid: s.keyid } : {}),
      ...(s.signedOffAt ? { signedOffAt: s.signedOffAt } : {}),
    };
    if (s.keyid)
      return { ...base, signed: validBound.has(s.keyid), ...(validBound.has(s.keyid) ? { by: s.keyid } : {}) };
    // An open slot takes the first unclaimed trusted key that may sign for its role.
    const i = pool.findIndex((kid) => {
      const r = roleOf(kid);
      return r === undefined || r === s.role;
    });
    const k = i >= 0 ? pool.splice(i, 1)[0] : undefined;
    return k ? { ...base, signed: true, by: k } : { ...base, signed: false };
  });
  // Required roles are a multiset: ["operator", "witness", "witness"] needs two witnesses.
  const have = new Map<string, number>();
  for (const s of slots) if (s.signed) have.set(s.role, (have.get(s.role) ?? 0) + 1);
  const missingRoles: string[] = [];
  for (const r of report.signoff.required) {
    const n = have.get(r) ?? 0;
    if (n > 0) have.set(r, n - 1);
    else missingRoles.push(r);
  }
  return { slots, missingRoles, unusedKeyids: pool };
}
