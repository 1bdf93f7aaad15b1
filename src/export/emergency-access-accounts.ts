/**
 * `GlobalSettings.EmergencyAccessAccounts`, the list Maester defines and the
 * Zero Trust Assessment reads in the same shape: `{ Id, Type: "User" | "Group" }`.
 * The list names only the emergency-access accounts, so the declaration
 * replaces it whole; entries that were there and are not declared are named
 * in the notes.
 */
import type { ResolvedDeclaration } from './declaration.js';
import { isObject, objectAt, parseJsonConfig, stringifyJson, type JsonObject } from './json-config.js';
import type { ExistingFile, Rendered } from './target.js';

export interface EmergencyAccessEntry {
  Id: string;
  Type: 'User' | 'Group';
}

/** Accounts by object id (a UPN can be renamed), then the exclusion group. */
export function emergencyAccessEntries(r: ResolvedDeclaration): EmergencyAccessEntry[] {
  return [
    ...r.accounts.map((a) => ({ Id: a.id, Type: 'User' as const })),
    ...(r.group ? [{ Id: r.group.id, Type: 'Group' as const }] : []),
  ];
}

function describeEntry(e: unknown): string {
  if (!isObject(e)) return JSON.stringify(e);
  const name = e['Id'] ?? e['UserPrincipalName'];
  return `${typeof e['Type'] === 'string' ? e['Type'] : '?'} ${typeof name === 'string' ? name : JSON.stringify(name)}`;
}

/** Writes the list into `existing` (keeping every other setting) or into a new `{ GlobalSettings }` object. */
export function renderEmergencyAccessAccounts(r: ResolvedDeclaration, existing?: ExistingFile): Rendered {
  const entries = emergencyAccessEntries(r);
  const notes: string[] = [];
  let doc: JsonObject;
  if (existing) {
    doc = parseJsonConfig(existing);
    const settings = objectAt(doc, 'GlobalSettings', existing.path);
    const before = settings['EmergencyAccessAccounts'];
    const old = Array.isArray(before) ? before : before === undefined || before === null ? [] : [before];
    const ours = new Set(entries.map((e) => `${e.Type.toLowerCase()}:${e.Id}`));
    const dropped = old.filter(
      (e) =>
        !(
          isObject(e) &&
          typeof e['Id'] === 'string' &&
          ours.has(`${String(e['Type'] ?? 'user').toLowerCase()}:${e['Id'].toLowerCase()}`)
        ),
    );
    settings['EmergencyAccessAccounts'] = entries;
    notes.push(
      `merged into ${existing.path}: GlobalSettings.EmergencyAccessAccounts replaced, every other setting kept` +
        (dropped.length
          ? `; removed ${dropped.length} entr${dropped.length === 1 ? 'y' : 'ies'} not in the declaration: ${dropped.map(describeEntry).join(', ')}`
          : ''),
    );
  } else doc = { GlobalSettings: { EmergencyAccessAccounts: entries } };
  return { text: stringifyJson(doc, existing?.text), notes };
}
