#!/usr/bin/env node
// Trims Microsoft's published contracts to what breakglass calls and writes
// compact JSON under src/practice/contracts/data/ (see its README.md).
//
// Usage:
//   node scripts/vendor-contracts.mjs --graph-git <msgraph-metadata git dir> [--graph-ref <commit>]
//                                     (or --graph-file <cleanMetadata.xml> --graph-ref <its commit>)
//                                     --azure <dir holding azure-rest-api-specs files> --azure-commit <commit>
//                                     [--out src/practice/contracts/data]
//
// Graph: reads clean_v10_metadata/cleanMetadata.xml at the given commit of
// https://github.com/microsoftgraph/msgraph-metadata (the variant without
// descriptions: the annotated ones are larger than we need) and keeps the
// entity/complex/enum types reachable from GRAPH_ROOTS, plus the bound actions
// we call. Azure: reads the swagger files listed in AZURE_FILES (paths relative
// to the root of https://github.com/Azure/azure-rest-api-specs) and keeps the
// operations we call with the closure of their $refs, inlined into one
// "definitions" map per file. No dependency beyond Node >= 20.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const OUT = args.out ?? 'src/practice/contracts/data';

// ---- Graph ---------------------------------------------------------------
const GRAPH_PATH = 'clean_v10_metadata/cleanMetadata.xml';
/** Types the product reads or writes (see CALLS.md); their closure is kept. */
const GRAPH_ROOTS = [
  'user',
  'group',
  'application',
  'servicePrincipal',
  'appRoleAssignment',
  'organization',
  'directoryObject',
  'identitySecurityDefaultsEnforcementPolicy',
  'conditionalAccessPolicy',
  'conditionalAccessRoot',
  'authenticationMethodsPolicy',
  'authenticationMethodConfiguration',
  'authenticationMethod',
  'unifiedRoleAssignment',
  'unifiedRoleAssignmentScheduleRequest',
  'unifiedRoleAssignmentScheduleInstance',
  'unifiedRoleEligibilitySchedule',
  'accessReviewScheduleDefinition',
  'signIn',
  'authenticationMethodTarget',
  // Read by tests and the practice tenant's own routes (responses are validated too).
  'directoryAudit',
  'domain',
  'directoryRole',
  'unifiedRoleDefinition',
  'unifiedRoleEligibilityScheduleInstance',
  // A policy's grantControls.authenticationStrength (BG-007/BG-018 judge it by its allowedCombinations).
  'authenticationStrengthPolicy',
  // Administrative units a user or group belongs to (memberOf), and the roles scoped to them.
  'administrativeUnit',
  'scopedRoleMembership',
  // An app's federated identity credentials (workload identity federation: who may sign in as the app).
  'federatedIdentityCredential',
].map((n) => `microsoft.graph.${n}`);
/** Entity types whose derived types are kept too (bodies carry @odata.type of a subtype). */
const GRAPH_DERIVED_OF = [
  'authenticationMethodConfiguration',
  'authenticationMethod',
  'authenticationMethodTarget',
].map((n) => `microsoft.graph.${n}`);
/** Bound actions we call: binding type → action name. */
const GRAPH_ACTIONS = [
  ['microsoft.graph.conditionalAccessRoot', 'evaluate'],
  // A client secret: made (and shown once) by addPassword, removed by keyId with removePassword.
  ['microsoft.graph.application', 'addPassword'],
  ['microsoft.graph.application', 'removePassword'],
];

function attrs(line) {
  const out = {};
  for (const m of line.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}
/** graph.user / Collection(graph.user) → { type: 'microsoft.graph.user', collection } */
function typeRef(t, aliases) {
  const c = /^Collection\((.*)\)$/.exec(t);
  let name = c ? c[1] : t;
  const dot = name.lastIndexOf('.');
  const ns = name.slice(0, dot);
  if (aliases[ns]) name = `${aliases[ns]}${name.slice(dot)}`;
  return c ? { type: name, collection: true } : { type: name };
}

/** Line-oriented CSDL reader: the clean metadata files put one element per line. */
function parseCsdl(xml) {
  const aliases = {};
  const enums = {},
    types = {},
    actions = [];
  const sets = {};
  let ns = '',
    cur = null,
    act = null,
    inContainer = false;
  for (const raw of xml.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('<Schema ')) {
      const a = attrs(line);
      ns = a.Namespace;
      if (a.Alias) aliases[a.Alias] = a.Namespace;
    } else if (line.startsWith('<EnumType ')) {
      const a = attrs(line);
      cur = enums[`${ns}.${a.Name}`] = { flags: a.IsFlags === 'true', members: [] };
      if (line.endsWith('/>')) cur = null;
    } else if (line.startsWith('<Member ') && cur) {
      cur.members.push(attrs(line).Name);
    } else if (line.startsWith('<EntityType ') || line.startsWith('<ComplexType ')) {
      const a = attrs(line);
      cur = types[`${ns}.${a.Name}`] = {
        kind: line.startsWith('<EntityType') ? 'entity' : 'complex',
        ...(a.BaseType ? { base: a.BaseType } : {}),
        ...(a.Abstract === 'true' ? { abstract: true } : {}),
        ...(a.OpenType === 'true' ? { open: true } : {}),
        props: {},
        nav: {},
      };
      if (line.endsWith('/>')) cur = null;
    } else if (line.startsWith('<Property ') && cur?.props) {
      const a = attrs(line);
      cur.props[a.Name] = { t: a.Type, ...(a.Nullable === 'false' ? { nullable: false } : {}) };
    } else if (line.startsWith('<NavigationProperty ') && cur?.nav && !inContainer) {
      const a = attrs(line);
      cur.nav[a.Name] = { t: a.Type, ...(a.ContainsTarget === 'true' ? { contained: true } : {}) };
    } else if (line.startsWith('<Action ') || line.startsWith('<Function ')) {
      const a = attrs(line);
      act = { ns, name: a.Name, bound: a.IsBound === 'true', params: [], returns: undefined };
      actions.push(act);
      if (line.endsWith('/>')) act = null;
    } else if (line.startsWith('<Parameter ') && act) {
      const a = attrs(line);
      act.params.push({ name: a.Name, t: a.Type, ...(a.Nullable === 'false' ? { nullable: false } : {}) });
    } else if (line.startsWith('<ReturnType ') && act) {
      act.returns = attrs(line).Type;
    } else if (line.startsWith('</Action>') || line.startsWith('</Function>')) {
      act = null;
    } else if (
      line.startsWith('</EntityType>') ||
      line.startsWith('</ComplexType>') ||
      line.startsWith('</EnumType>')
    ) {
      cur = null;
    } else if (line.startsWith('<EntityContainer')) {
      inContainer = true;
    } else if (line.startsWith('</EntityContainer')) {
      inContainer = false;
    } else if (inContainer && (line.startsWith('<EntitySet ') || line.startsWith('<Singleton '))) {
      const a = attrs(line);
      sets[a.Name] = { t: a.EntityType ?? a.Type, ...(line.startsWith('<EntitySet') ? { collection: true } : {}) };
    }
  }
  const norm = (t) => {
    const r = typeRef(t, aliases);
    return r.collection ? `Collection(${r.type})` : r.type;
  };
  for (const t of Object.values(types)) {
    if (t.base) t.base = norm(t.base);
    for (const p of Object.values(t.props)) p.t = norm(p.t);
    for (const p of Object.values(t.nav)) p.t = norm(p.t);
  }
  for (const a of actions) {
    for (const p of a.params) p.t = norm(p.t);
    if (a.returns) a.returns = norm(a.returns);
  }
  for (const s of Object.values(sets)) s.t = norm(s.t);
  return { enums, types, actions, sets };
}

function trimGraph(csdl) {
  const keepTypes = new Set();
  const keepEnums = new Set();
  const derived = new Map();
  for (const [name, t] of Object.entries(csdl.types))
    if (t.base) derived.set(t.base, [...(derived.get(t.base) ?? []), name]);
  const queue = [...GRAPH_ROOTS];
  const visitType = (ref) => {
    const name = ref.replace(/^Collection\((.*)\)$/, '$1');
    if (name.startsWith('Edm.')) return;
    if (csdl.enums[name]) keepEnums.add(name);
    else if (csdl.types[name]) queue.push(name);
    else throw new Error(`CSDL type not found: ${name}`);
  };
  const actions = {};
  for (const [binding, name] of GRAPH_ACTIONS) {
    const a = csdl.actions.find((x) => x.bound && x.name === name && x.params[0]?.t === binding);
    if (!a) throw new Error(`bound action ${binding}/${name} not in the CSDL`);
    actions[`${binding}/${name}`] = {
      params: Object.fromEntries(a.params.slice(1).map((p) => [p.name, { t: p.t }])),
      ...(a.returns ? { returns: a.returns } : {}),
    };
    for (const p of a.params.slice(1)) visitType(p.t);
    if (a.returns) visitType(a.returns);
  }
  while (queue.length) {
    const name = queue.pop();
    if (keepTypes.has(name)) continue;
    const t = csdl.types[name];
    if (!t) throw new Error(`CSDL type not found: ${name}`);
    keepTypes.add(name);
    if (t.base) queue.push(t.base);
    for (const p of Object.values(t.props)) visitType(p.t);
    // Complex types are open-ended by derivation (@odata.type in a body): keep every subtype.
    if (t.kind === 'complex' || GRAPH_DERIVED_OF.includes(name)) for (const d of derived.get(name) ?? []) queue.push(d);
  }
  const types = {};
  for (const name of [...keepTypes].sort()) {
    const t = csdl.types[name];
    // Contained navigation targets are kept with a "+" mark: Graph accepts them inline in PATCH bodies
    // (e.g. includeTargets of an authentication method configuration).
    const nav = Object.fromEntries(Object.entries(t.nav).map(([k, v]) => [k, v.contained ? `+${v.t}` : v.t]));
    types[name] = {
      kind: t.kind,
      ...(t.base ? { base: t.base } : {}),
      ...(t.abstract ? { abstract: true } : {}),
      ...(t.open ? { open: true } : {}),
      props: Object.fromEntries(Object.entries(t.props).map(([k, v]) => [k, v.nullable === false ? `${v.t}!` : v.t])),
      ...(Object.keys(nav).length ? { nav } : {}),
    };
  }
  const enums = {};
  for (const name of [...keepEnums].sort()) enums[name] = csdl.enums[name];
  return { types, enums, actions, sets: csdl.sets };
}

// ---- Azure ---------------------------------------------------------------
/** Swagger files and the operations (path template + method) we call in each. */
const AZURE_FILES = [
  {
    key: 'securityinsights-alertRules-2025-09-01',
    path: 'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2025-09-01/AlertRules.json',
    ops: [
      [
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights/alertRules/{ruleId}',
        'put',
      ],
    ],
  },
  {
    key: 'securityinsights-alertRules-2025-07-01-preview',
    path: 'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/preview/2025-07-01-preview/AlertRules.json',
    ops: [
      [
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights/alertRules/{ruleId}',
        'put',
      ],
    ],
  },
  {
    key: 'insights-scheduledQueryRules-2023-12-01',
    path: 'specification/monitor/resource-manager/Microsoft.Insights/stable/2023-12-01/scheduledQueryRule_API.json',
    ops: [
      [
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/scheduledQueryRules/{ruleName}',
        'put',
      ],
    ],
  },
  {
    key: 'insights-actionGroups-2023-01-01',
    path: 'specification/monitor/resource-manager/Microsoft.Insights/stable/2023-01-01/actionGroups_API.json',
    ops: [
      [
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/actionGroups/{actionGroupName}',
        'put',
      ],
    ],
  },
  {
    key: 'aadiam-diagnosticSettings-2017-04-01',
    path: 'specification/azureactivedirectory/resource-manager/Microsoft.Aadiam/stable/2017-04-01/azureactivedirectory.json',
    ops: [['/providers/Microsoft.Aadiam/diagnosticSettings/{name}', 'put']],
  },
  {
    key: 'authorization-roleAssignments-2022-04-01',
    path: 'specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json',
    ops: [['/{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}', 'put']],
  },
];

/** Keeps the body schema of each operation and the closure of its $refs (across files). */
function trimSwagger(root, file) {
  const docs = new Map();
  const load = (p) => {
    if (!docs.has(p)) docs.set(p, JSON.parse(readFileSync(join(root, p), 'utf8')));
    return docs.get(p);
  };
  const main = load(file.path);
  const definitions = {};
  // Definitions from other files (common-types, common/…) are keyed by their path so that two types.json never collide.
  const keyOf = (p, name) =>
    p === file.path
      ? name
      : `${p
          .replace(/^specification\//, '')
          .replace(/\.json$/, '')
          .replace(/[^A-Za-z0-9]+/g, '_')}.${name}`;
  const rewrite = (node, p) => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, p));
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (
        k === 'description' ||
        k === 'x-ms-examples' ||
        (k === 'x-ms-enum' && typeof v === 'object' && !('modelAsString' in v))
      )
        continue;
      if (k === '$ref' && typeof v === 'string') {
        const [rel, frag] = v.split('#');
        const target = rel ? posix.normalize(posix.join(posix.dirname(p), rel)) : p;
        const name = frag.replace('/definitions/', '');
        out.$ref = `#/definitions/${keyOf(target, name)}`;
        visit(target, name);
      } else out[k] = rewrite(v, p);
    }
    return out;
  };
  const visit = (p, name) => {
    const key = keyOf(p, name);
    if (key in definitions) return;
    definitions[key] = null;
    const doc = load(p);
    const def = doc.definitions?.[name];
    if (!def) throw new Error(`${p}: no definition ${name}`);
    definitions[key] = rewrite(def, p);
    // A discriminator's subtypes live beside it: keep every definition that allOf-extends it.
    if (def.discriminator)
      for (const [n, d] of Object.entries(doc.definitions))
        if ((d.allOf ?? []).some((x) => x.$ref === `#/definitions/${name}`)) visit(p, n);
  };
  const operations = {};
  for (const [path, method] of file.ops) {
    const op = main.paths?.[path]?.[method];
    if (!op) throw new Error(`${file.path}: no ${method} ${path}`);
    const params = op.parameters.map((x) =>
      x.$ref?.startsWith('#/parameters/') ? main.parameters[x.$ref.slice(13)] : x,
    );
    const body = params.find((x) => x?.in === 'body');
    operations[`${method.toUpperCase()} ${path}`] = {
      operationId: op.operationId,
      body: body ? rewrite(body.schema, file.path) : undefined,
      responses: Object.fromEntries(
        Object.entries(op.responses)
          .filter(([, r]) => r.schema)
          .map(([c, r]) => [c, rewrite(r.schema, file.path)]),
      ),
    };
  }
  return { apiVersion: main.info.version, operations, definitions };
}

// ---- main ----------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const provenance = [];
// A refresh of one source keeps the provenance of the other.
const PROV = join(OUT, 'provenance.json');
const previous = existsSync(PROV) ? JSON.parse(readFileSync(PROV, 'utf8')) : [];
if (args['graph-file'] && !args['graph-ref'])
  throw new Error('--graph-file needs --graph-ref <commit of msgraph-metadata it was taken from>');
if (args['graph-git'] || args['graph-file']) {
  const ref =
    args['graph-ref'] ??
    execFileSync('git', ['--git-dir', args['graph-git'], 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const xml = args['graph-file']
    ? readFileSync(args['graph-file'], 'utf8')
    : execFileSync('git', ['--git-dir', args['graph-git'], 'show', `${ref}:${GRAPH_PATH}`], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
  const trimmed = trimGraph(parseCsdl(xml));
  const source = { repository: 'https://github.com/microsoftgraph/msgraph-metadata', path: GRAPH_PATH, commit: ref };
  writeFileSync(join(OUT, 'graph-v1.0.json'), JSON.stringify({ source, ...trimmed }));
  provenance.push({ file: 'graph-v1.0.json', ...source });
}
if (args.azure) {
  // One file, keyed by spec and api-version: the shape src/practice/contracts/arm-contract.ts reads.
  const specs = {};
  for (const f of AZURE_FILES) {
    if (!existsSync(join(args.azure, f.path)))
      throw new Error(`${f.path} not under ${args.azure} (sparse-checkout it)`);
    const source = {
      repository: 'https://github.com/Azure/azure-rest-api-specs',
      path: f.path,
      commit: args['azure-commit'],
    };
    specs[f.key] = { source, ...trimSwagger(args.azure, f) };
    provenance.push({ file: `arm-specs.json#${f.key}`, ...source });
  }
  writeFileSync(join(OUT, 'arm-specs.json'), JSON.stringify(specs));
}
const refreshed = new Set(provenance.map((p) => p.file.split('#')[0]));
const kept = previous.filter((p) => !refreshed.has(p.file.split('#')[0]));
writeFileSync(PROV, JSON.stringify([...provenance, ...kept], null, 1) + '\n');
console.log(provenance.map((p) => `${p.file} ← ${p.repository}/blob/${p.commit}/${p.path}`).join('\n'));
void dirname;
