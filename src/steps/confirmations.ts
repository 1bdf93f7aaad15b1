/**
 * What an operator must type to approve a change: the same rule for the
 * engine (the authority), the Ink TUI, plain mode and answers files.
 *
 * - A privilege change (risk class `privilege`: a role, membership of a
 *   group that bypasses Conditional Access or holds roles, a credential, a
 *   consent, a Temporary Access Pass…) is approved only by typing the name
 *   of every principal that gains something — its UPN or display name (or
 *   its object id when Graph would not say its name). A single `y` never
 *   grants privilege.
 * - A destructive change is approved by typing its confirm text (the
 *   target's name), unless that is already one of the names typed above.
 */
import type { ActionPreview, PrivilegeGrant } from '../core/events.js';

export interface TypedConfirmation {
  /** What must be typed, exactly (compared without case and surrounding space). */
  want: string;
  /** The question, in words: "Type bg1@contoso.onmicrosoft.com to give it Global Administrator". */
  prompt: string;
}

export function isPrivilege(p: ActionPreview): boolean {
  return p.risk === 'privilege';
}

/** The grants of a privilege preview; never empty (an action that forgot to name one falls back to its target). */
export function grantsOf(p: ActionPreview): PrivilegeGrant[] {
  if (!isPrivilege(p)) return [];
  if (p.grants?.length) return p.grants;
  return [{ principal: p.target, gains: p.summary }];
}

/** The texts to type, in order. Empty when a y/n answer is enough (or nothing will be sent). */
export function typedConfirmations(p: ActionPreview): TypedConfirmation[] {
  if (p.alreadyDone) return [];
  const out: TypedConfirmation[] = grantsOf(p).map((g) => ({
    want: g.principal.name,
    prompt: `Type ${g.principal.name} to give it ${g.gains}`,
  }));
  if (p.destructive) {
    const want = p.confirmText ?? p.target.name;
    if (!out.some((c) => sameText(c.want, want))) out.push({ want, prompt: `Type ${want} to make this change` });
  }
  return out;
}

/** Typed text against what must be typed: case and surrounding space do not matter (UPNs and display names are case-insensitive in Entra). */
export function sameText(want: string, typed: string | undefined): boolean {
  return typed !== undefined && typed.trim().toLowerCase() === want.trim().toLowerCase();
}

/** True when `typed` answers every confirmation, in order. */
export function confirmedBy(p: ActionPreview, typed: readonly string[] | undefined): boolean {
  const need = typedConfirmations(p);
  if (need.length === 0) return true;
  if (!typed || typed.length !== need.length) return false;
  return need.every((c, i) => sameText(c.want, typed[i]));
}
