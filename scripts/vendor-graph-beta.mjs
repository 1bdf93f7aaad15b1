#!/usr/bin/env node
// Writes src/practice/contracts/data/graph-beta.json: the Graph beta types breakglass reads on beta,
// in the same form as graph-v1.0.json (see src/practice/contracts/README.md).
//
// Usage:
//   npm pack @microsoft/microsoft-graph-types-beta@<version>   # then untar it
//   node scripts/vendor-graph-beta.mjs --types package/microsoft-graph.d.ts --version <version> \
//        --integrity <the tarball's sha512 integrity, `npm view … dist.integrity`> [--out src/practice/contracts/data]
//
// Source: the beta CSDL (clean_beta_metadata/cleanMetadata.xml in microsoftgraph/msgraph-metadata) is over
// 4 MiB and could not be fetched where this file was made, so the types come from Microsoft's TypeScript
// typings generated from that metadata (npm @microsoft/microsoft-graph-types-beta,
// https://github.com/microsoftgraph/msgraph-beta-typescript-typings). What the typings keep of the CSDL:
// - a member typed `NullableOption<T>` is Nullable; a bare `T` is Nullable="false" (marked "!");
// - `T[]` is Collection(T); enums are unions of string literals;
// - a member whose type is an entity type (one derived from Entity) is a navigation property: OData
//   structural properties are primitive, complex or enum only;
// - the primitive types collapse to string, number and boolean. Where the same type has the same member in
//   the vendored v1.0 CSDL with a primitive of that kind, the v1.0 Edm type is used (e.g.
//   Edm.DateTimeOffset for a string); a beta-only member keeps Edm.String, Edm.Double or Edm.Boolean:
//   the stricter checks of dates, GUIDs and integer ranges apply only where v1.0 states them.
// Kept: signIn (GET /beta/auditLogs/signIns) and directoryObject with every type derived from it
// (GET /beta/groups/{id}/members lists any of them), each with the closure of its structural members.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
if (!args.types || !args.version || !args.integrity) {
  console.error(
    'usage: vendor-graph-beta.mjs --types microsoft-graph.d.ts --version V --integrity sha512-… [--out DIR]',
  );
  process.exit(64);
}
const OUT = args.out ?? 'src/practice/contracts/data';
const ROOTS = ['microsoft.graph.signIn', 'microsoft.graph.directoryObject'];
const DERIVED_OF = ['microsoft.graph.directoryObject'];

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);
/** A typings namespace (CallRecords, SecurityNamespace, Partner.Security) → its OData namespace. */
const odataNs = (tsNs) =>
  ['microsoft.graph', ...tsNs.map((n) => lowerFirst(n.replace(/Namespace$/, '')))].join('.').replace(/\.$/, '');

const source = ts.createSourceFile(args.types, readFileSync(args.types, 'utf8'), ts.ScriptTarget.Latest, false);
/** OData name → { node, ns } for interfaces; OData name → members for enums. */
const interfaces = new Map();
const enums = new Map();
function collect(statements, tsNs) {
  for (const s of statements) {
    if (ts.isModuleDeclaration(s)) {
      const names = [];
      let body = s;
      while (body && ts.isModuleDeclaration(body)) {
        names.push(body.name.text);
        body = body.body;
      }
      if (body && ts.isModuleBlock(body)) collect(body.statements, [...tsNs, ...names]);
    } else if (ts.isInterfaceDeclaration(s)) {
      interfaces.set(`${odataNs(tsNs)}.${lowerFirst(s.name.text)}`, { node: s, tsNs });
    } else if (ts.isTypeAliasDeclaration(s) && ts.isUnionTypeNode(s.type)) {
      const members = s.type.types.map((t) =>
        ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined,
      );
      if (members.every((m) => m !== undefined)) enums.set(`${odataNs(tsNs)}.${lowerFirst(s.name.text)}`, members);
    }
  }
}
collect(source.statements, []);

/** A type name as written in the typings (`Agentic.AgentSignIn`, `SignIn`), seen from namespace tsNs → OData name. */
function resolveName(written, tsNs) {
  // The namespaces name top-level types through the file's own module alias (microsoftgraphbeta.Entity).
  if (written.startsWith('microsoftgraphbeta.')) return resolveName(written.slice('microsoftgraphbeta.'.length), []);
  const parts = written.split('.');
  // Inner namespaces first, as TypeScript resolves.
  for (let i = tsNs.length; i >= 0; i--) {
    const name = `${odataNs([...tsNs.slice(0, i), ...parts.slice(0, -1)])}.${lowerFirst(parts.at(-1))}`;
    if (interfaces.has(name) || enums.has(name)) return name;
  }
  throw new Error(`typings: cannot resolve ${written} from ${tsNs.join('.') || 'the top level'}`);
}

const baseOf = (name) => {
  const { node, tsNs } = interfaces.get(name);
  const h = node.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword);
  if (!h) return undefined;
  if (h.types.length !== 1) throw new Error(`typings: ${name} extends more than one type`);
  return resolveName(h.types[0].expression.getText(source), tsNs);
};
const isEntity = (name) => {
  for (let t = name; t; t = baseOf(t)) if (t === 'microsoft.graph.entity') return true;
  return false;
};

const v1 = JSON.parse(readFileSync(join(OUT, 'graph-v1.0.json'), 'utf8'));
const PRIMITIVE_KIND = {
  'Edm.String': 'string',
  'Edm.Guid': 'string',
  'Edm.DateTimeOffset': 'string',
  'Edm.Date': 'string',
  'Edm.TimeOfDay': 'string',
  'Edm.Duration': 'string',
  'Edm.Binary': 'string',
  'Edm.Boolean': 'boolean',
  'Edm.Int16': 'number',
  'Edm.Int32': 'number',
  'Edm.Int64': 'number',
  'Edm.Double': 'number',
  'Edm.Single': 'number',
  'Edm.Decimal': 'number',
  'Edm.Byte': 'number',
};
const DEFAULT_EDM = { string: 'Edm.String', number: 'Edm.Double', boolean: 'Edm.Boolean' };

/** A member's type node → { ref (without "!"), primitive kind?, named type? } */
function refOf(node, tsNs) {
  if (ts.isTypeReferenceNode(node) && node.typeName.getText(source) === 'NullableOption')
    return { ...refOf(node.typeArguments[0], tsNs), nullable: true };
  if (ts.isArrayTypeNode(node)) {
    const inner = refOf(node.elementType, tsNs);
    return { ...inner, ref: `Collection(${inner.ref})`, collection: true };
  }
  if (ts.isParenthesizedTypeNode(node)) return refOf(node.type, tsNs);
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { ref: DEFAULT_EDM.string, primitive: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { ref: DEFAULT_EDM.number, primitive: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { ref: DEFAULT_EDM.boolean, primitive: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return { ref: 'Edm.Untyped', primitive: 'any' };
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = resolveName(node.typeName.getText(source), tsNs);
    return { ref: name, named: name };
  }
  throw new Error(`typings: member type ${node.getText(source)} not understood`);
}

const types = {};
const keptEnums = {};
const queue = [...ROOTS];
const derived = new Map();
for (const name of interfaces.keys()) {
  const b = baseOf(name);
  if (b) derived.set(b, [...(derived.get(b) ?? []), name]);
}
for (const d of DERIVED_OF) {
  const all = [d];
  for (let i = 0; i < all.length; i++) all.push(...(derived.get(all[i]) ?? []));
  queue.push(...all);
}
let fromV1 = 0;
while (queue.length) {
  const name = queue.pop();
  if (types[name]) continue;
  const entry = interfaces.get(name);
  if (!entry) throw new Error(`typings: no interface for ${name}`);
  const base = baseOf(name);
  const kind = isEntity(name) ? 'entity' : 'complex';
  const props = {};
  const nav = {};
  const v1Props = v1.types[name]?.props ?? {};
  for (const m of entry.node.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const key = m.name.getText(source).replace(/^["']|["']$/g, '');
    if (key.startsWith('@')) continue;
    const r = refOf(m.type, entry.tsNs);
    const nullable = r.nullable === true;
    if (r.named && interfaces.has(r.named) && isEntity(r.named)) {
      nav[key] = r.ref;
      continue;
    }
    let ref = r.ref;
    if (r.primitive && v1Props[key]) {
      const v1Ref = v1Props[key].replace(/!$/, '');
      const v1Elem = v1Ref.replace(/^Collection\((.*)\)$/, '$1');
      if (PRIMITIVE_KIND[v1Elem] === r.primitive && v1Ref.startsWith('Collection(') === Boolean(r.collection)) {
        ref = v1Ref;
        fromV1++;
      }
    }
    props[key] = nullable ? ref : `${ref}!`;
    if (r.named) {
      if (enums.has(r.named)) keptEnums[r.named] = { flags: false, members: enums.get(r.named) };
      else queue.push(r.named);
    }
  }
  if (base) queue.push(base);
  // Complex types are open-ended by derivation (@odata.type in a value): keep every subtype.
  if (kind === 'complex') queue.push(...(derived.get(name) ?? []));
  types[name] = {
    kind,
    ...(base ? { base } : {}),
    ...(v1.types[name]?.abstract ? { abstract: true } : {}),
    props,
    ...(Object.keys(nav).length ? { nav } : {}),
  };
}
// Flags enums are not visible in the typings; the v1.0 CSDL says which are.
for (const [name, e] of Object.entries(keptEnums)) if (v1.enums[name]?.flags) e.flags = true;

const sortKeys = (o) =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
const model = {
  source: {
    repository: 'https://github.com/microsoftgraph/msgraph-beta-typescript-typings',
    package: `@microsoft/microsoft-graph-types-beta@${args.version}`,
    path: 'microsoft-graph.d.ts',
    integrity: args.integrity,
  },
  types: sortKeys(types),
  enums: sortKeys(keptEnums),
  actions: {},
  sets: {},
};
writeFileSync(join(OUT, 'graph-beta.json'), JSON.stringify(model) + '\n');
console.log(
  `graph-beta.json: ${Object.keys(types).length} types, ${Object.keys(keptEnums).length} enums; ${fromV1} primitive members typed from v1.0`,
);
