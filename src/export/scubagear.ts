/**
 * ScubaGear (CISA): the configuration file passed as
 * `Invoke-SCuBA -ConfigFilePath <file>`, YAML or JSON
 * (https://github.com/cisagov/ScubaGear/blob/main/docs/configuration/configuration.md#entra-id-configuration).
 * Exclusions are per policy id and object ids only (the schema's GUID pattern):
 *  - `Aad.<policy>.CapExclusions.{Users, Groups}` for exactly the policies the
 *    schema maps to CapExclusions (ScubaConfigSchema.json
 *    `schemaMetadata.policyExclusionMappings`);
 *  - `Aad.MS.AAD.7.4v1.RoleExclusions.Users`: permanent active assignment of a
 *    highly privileged role, which break-glass accounts are meant to have.
 * These lists hold every exclusion the organisation approved, not only the
 * break-glass ones, so a merge adds ours and keeps everything else (named in
 * the notes). `Applications` are cloud apps excluded as Conditional Access
 * targets, not a client app: the emergency app has no place there.
 */
import { Document, isAlias, isMap, isSeq, parse, parseDocument, Scalar } from 'yaml';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { ResolvedDeclaration } from './declaration.js';
import { isObject, objectAt, parseJsonConfig, stringifyJson, type JsonObject } from './json-config.js';
import type { ExistingFile, ExportTarget, Rendered } from './target.js';

/** Policies whose exclusion type is CapExclusions (ScubaConfigSchema.json schemaMetadata.policyExclusionMappings). */
export const CAP_EXCLUSION_POLICIES = [
  'MS.AAD.1.1v1',
  'MS.AAD.2.1v1',
  'MS.AAD.2.3v1',
  'MS.AAD.3.1v1',
  'MS.AAD.3.2v2',
  'MS.AAD.3.6v1',
  'MS.AAD.3.7v1',
  'MS.AAD.3.8v1',
  'MS.AAD.3.9v1',
] as const;
/** The one policy whose exclusion type is RoleExclusions (same mapping). */
export const ROLE_EXCLUSION_POLICY = 'MS.AAD.7.4v1';

const YAML_OUT = { lineWidth: 0 } as const;

/** An object id double-quoted as in ScubaGear's documentation, so no YAML reader takes it for anything but a string. */
function idNode(id: string): Scalar {
  const n = new Scalar(id);
  n.type = 'QUOTE_DOUBLE';
  return n;
}

type Path = [string, string, string, string];

/** Every list we write: [Aad, policy, exclusion type, Users|Groups] → object ids. */
function wanted(r: ResolvedDeclaration): [Path, string[]][] {
  const users = r.accounts.map((a) => a.id);
  return [
    ...CAP_EXCLUSION_POLICIES.flatMap((p): [Path, string[]][] => [
      [['Aad', p, 'CapExclusions', 'Users'], users],
      ...(r.group ? [[['Aad', p, 'CapExclusions', 'Groups'], [r.group.id]] as [Path, string[]]] : []),
    ]),
    [['Aad', ROLE_EXCLUSION_POLICY, 'RoleExclusions', 'Users'], users],
  ];
}

/** Existing ids first (their order), then ours that are missing. GUIDs compare case-insensitively. */
function union(existing: unknown, ours: string[], where: string): { list: unknown[]; kept: unknown[] } {
  const old: unknown[] = existing === undefined || existing === null ? [] : (existing as unknown[]);
  if (!Array.isArray(existing ?? []))
    throw new UsageError(`cannot merge into ${where}: it is not a list; nothing was written`, EXIT.FAIL);
  const have = new Set(old.map((x) => String(x).toLowerCase()));
  const mine = new Set(ours);
  return {
    list: [...old, ...ours.filter((id) => !have.has(id))],
    kept: old.filter((x) => !mine.has(String(x).toLowerCase())),
  };
}

function header(r: ResolvedDeclaration): string {
  return (
    `Break-glass exclusions exported by breakglass from ${r.source} for tenant ${r.tenantId}.\n` +
    'Use with Invoke-SCuBA -ConfigFilePath <this file>, or merge the Aad section into your configuration file.'
  );
}

function keptNotes(kept: Map<string, unknown[]>): string[] {
  return [...kept].map(
    ([where, ids]) =>
      `kept ${ids.length} exclusion${ids.length === 1 ? '' : 's'} not in the declaration at ${where}: ${ids.map(String).join(', ')}`,
  );
}

function renderJson(r: ResolvedDeclaration, existing?: ExistingFile): Rendered {
  const doc: JsonObject = existing ? parseJsonConfig(existing) : { Description: header(r).split('\n')[0] };
  const kept = new Map<string, unknown[]>();
  for (const [path, ids] of wanted(r)) {
    let at: JsonObject = doc;
    for (const k of path.slice(0, -1)) at = objectAt(at, k, `${existing?.path ?? 'the output'} ${path.join('.')}`);
    const last = path[3];
    const u = union(at[last], ids, path.join('.'));
    at[last] = u.list;
    if (u.kept.length) kept.set(path.join('.'), u.kept);
  }
  return {
    text: stringifyJson(doc, existing?.text),
    notes: existing ? [`merged into ${existing.path}: every other setting kept`, ...keptNotes(kept)] : [],
  };
}

function renderYaml(r: ResolvedDeclaration, existing?: ExistingFile): Rendered {
  if (!existing) {
    const doc = new Document({});
    doc.commentBefore = ` ${header(r).replace(/\n/g, '\n ')}`;
    for (const [path, ids] of wanted(r)) doc.setIn(path, doc.createNode(ids.map(idNode)));
    return { text: doc.toString(YAML_OUT), notes: [] };
  }
  const doc = parseDocument(existing.text, { keepSourceTokens: false });
  if (doc.errors.length)
    throw new UsageError(
      `cannot merge into ${existing.path}: it is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); nothing was written`,
      EXIT.FAIL,
    );
  const before: unknown = doc.toJS();
  if (before !== null && before !== undefined && !isObject(before))
    throw new UsageError(
      `cannot merge into ${existing.path}: it does not hold a mapping; nothing was written`,
      EXIT.FAIL,
    );
  if (!isMap(doc.contents)) {
    // An empty (or comment-only) file: write ours in its place.
    const fresh = renderYaml(r);
    return { text: fresh.text, notes: [`${existing.path} held no settings; written as a new file`] };
  }
  // The desired content, computed on plain data (aliases resolved) …
  // A JSON round trip, not structuredClone: an alias must become a copy of its own, not a shared object.
  const want = JSON.parse(JSON.stringify(before ?? {})) as JsonObject;
  const kept = new Map<string, unknown[]>();
  for (const [path, ids] of wanted(r)) {
    let at: JsonObject = want;
    for (const k of path.slice(0, -1)) at = objectAt(at, k, `${existing.path} ${path.join('.')}`);
    const u = union(at[path[3]], ids, `${existing.path} ${path.join('.')}`);
    at[path[3]] = u.list;
    if (u.kept.length) kept.set(path.join('.'), u.kept);
  }
  // … then applied to the document so comments and layout elsewhere survive. A policy written as an alias
  // (ScubaGear's samples share one exclusion block with &anchor / *alias) becomes its own block.
  const aad = want['Aad'] as JsonObject;
  for (const policy of [...CAP_EXCLUSION_POLICIES, ROLE_EXCLUSION_POLICY]) {
    const node = doc.getIn(['Aad', policy], true);
    if (node === undefined || isAlias(node) || !isMap(node)) doc.setIn(['Aad', policy], doc.createNode(aad[policy]));
  }
  for (const [path] of wanted(r)) {
    const value = (((aad[path[1]] as JsonObject)[path[2]] as JsonObject)[path[3]] ?? []) as unknown[];
    const node = doc.getIn(path.slice(0, 3), true);
    if (node === undefined || isAlias(node) || !isMap(node))
      doc.setIn(path.slice(0, 3), doc.createNode((aad[path[1]] as JsonObject)[path[2]]));
    else {
      const list = doc.getIn(path, true);
      if (isSeq(list)) {
        // Append to the existing list, so its items keep their comments ("# Example Group 1").
        const have = new Set(list.items.map((i) => String((i as { value?: unknown }).value ?? i).toLowerCase()));
        for (const id of value.map(String).filter((v) => !have.has(v.toLowerCase()))) list.add(idNode(id));
      } else doc.setIn(path, doc.createNode(value.map((x) => (typeof x === 'string' ? idNode(x) : x))));
    }
  }
  const text = doc.toString(YAML_OUT);
  // Fail closed: the written file must read back as exactly the intended content.
  let after: unknown;
  try {
    after = parse(text);
  } catch {
    after = undefined;
  }
  if (JSON.stringify(after) !== JSON.stringify(want))
    throw new UsageError(
      `cannot merge into ${existing.path} safely (its anchors or aliases reach into the Aad exclusions); nothing was written`,
      EXIT.FAIL,
      'Write the export to a new file (--output scubagear-breakglass.yaml) and merge its Aad section by hand.',
    );
  return { text, notes: [`merged into ${existing.path}: every other setting and comment kept`, ...keptNotes(kept)] };
}

export const scubagear: ExportTarget = {
  id: 'scubagear',
  tool: 'ScubaGear',
  docs: [
    'https://github.com/cisagov/ScubaGear/blob/main/docs/configuration/configuration.md#entra-id-configuration',
    'https://github.com/cisagov/ScubaGear/blob/main/PowerShell/ScubaGear/Modules/ScubaConfig/ScubaConfigSchema.json',
  ],
  fileName: () => 'scubagear-breakglass.yaml',
  render({ resolved, path, existing }) {
    const json = /\.json$/i.test(path ?? existing?.path ?? '');
    const out = json ? renderJson(resolved, existing) : renderYaml(resolved, existing);
    return {
      text: out.text,
      notes: [
        ...out.notes,
        `excluded from ${CAP_EXCLUSION_POLICIES.length} Conditional Access policies (${CAP_EXCLUSION_POLICIES.join(', ')}) and from ${ROLE_EXCLUSION_POLICY} (permanent highly privileged roles); ScubaGear has no exclusion for MS.AAD.7.5v1 (highly privileged roles provisioned outside a PAM system), so it can still report permanently assigned break-glass Global Administrators (https://github.com/cisagov/ScubaGear/issues/2393)`,
        ...(resolved.emergencyApp
          ? [
              `not exported: the emergency app (appId ${resolved.emergencyApp.appId}) — ScubaGear's CapExclusions.Applications are cloud apps excluded as policy targets, not client apps`,
            ]
          : []),
      ],
    };
  },
};
