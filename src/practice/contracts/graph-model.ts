/**
 * The trimmed Microsoft Graph v1.0 CSDL (data/graph-v1.0.json, written by
 * scripts/vendor-contracts.mjs from microsoftgraph/msgraph-metadata), the beta
 * types breakglass reads on beta (data/graph-beta.json, written by
 * scripts/vendor-graph-beta.mjs from Microsoft's beta typings), and the few
 * questions the validators ask of them.
 */
import { readFileSync } from 'node:fs';
import { contractDataPath } from './data.js';

/** Property type as in the CSDL, e.g. "Edm.String", "Collection(microsoft.graph.keyCredential)"; a trailing "!" = Nullable="false". */
export type GraphTypeRef = string;

export interface GraphType {
  kind: 'entity' | 'complex';
  base?: string;
  abstract?: boolean;
  open?: boolean;
  props: Record<string, GraphTypeRef>;
  /** Navigation properties; a leading "+" marks a contained one (ContainsTarget="true"). */
  nav?: Record<string, GraphTypeRef>;
}

export interface GraphEnum {
  flags: boolean;
  members: string[];
}

export interface GraphAction {
  params: Record<string, { t: GraphTypeRef }>;
  returns?: GraphTypeRef;
}

export interface GraphModel {
  /** Where it was taken from: a repository commit (v1.0 CSDL) or an npm package and its integrity (beta typings). */
  source: { repository: string; path: string; commit?: string; package?: string; integrity?: string };
  types: Record<string, GraphType>;
  enums: Record<string, GraphEnum>;
  actions: Record<string, GraphAction>;
  sets: Record<string, { t: string; collection?: boolean }>;
}

export function loadGraphModel(file: string = contractDataPath('graph-v1.0.json')): GraphModel {
  return JSON.parse(readFileSync(file, 'utf8')) as GraphModel;
}

/** The beta types: signIn, and directoryObject with every type derived from it (the beta reads breakglass makes). */
export function loadGraphBetaModel(): GraphModel {
  return loadGraphModel(contractDataPath('graph-beta.json'));
}

/** "Collection(x)!" → { name: "x", collection: true, nullable: false } */
export function parseRef(ref: GraphTypeRef): { name: string; collection: boolean; nullable: boolean } {
  const nullable = !ref.endsWith('!');
  const r = nullable ? ref : ref.slice(0, -1);
  const m = /^Collection\((.*)\)$/.exec(r);
  return { name: m ? m[1]! : r, collection: Boolean(m), nullable };
}

/** The type and its base types, most derived first. */
export function lineage(model: GraphModel, name: string): string[] {
  const out: string[] = [];
  for (let t: string | undefined = name; t; t = model.types[t]?.base) out.push(t);
  return out;
}

export function isSubtypeOf(model: GraphModel, name: string, base: string): boolean {
  return lineage(model, name).includes(base);
}

/** Structural properties of a type including inherited ones. */
export function allProps(model: GraphModel, name: string): Record<string, GraphTypeRef> {
  const out: Record<string, GraphTypeRef> = {};
  for (const t of lineage(model, name).reverse()) Object.assign(out, model.types[t]?.props ?? {});
  return out;
}

export function allNav(model: GraphModel, name: string): Record<string, GraphTypeRef> {
  const out: Record<string, GraphTypeRef> = {};
  for (const t of lineage(model, name).reverse()) Object.assign(out, model.types[t]?.nav ?? {});
  return out;
}

/**
 * The type an OData cast segment names (`microsoft.graph.user`), as the metadata spells it; matched without
 * regard to case, as Graph matches URL segments. Undefined when the vendored metadata has no such type.
 */
export function castType(model: GraphModel, segment: string): string | undefined {
  const low = segment.toLowerCase();
  return Object.keys(model.types).find((t) => t.toLowerCase() === low);
}

/**
 * What Graph's OData URL parser answers a cast to a type outside the collection's hierarchy (the wording of
 * Microsoft.OData.Core's URI parser; Learn does not print it).
 */
export function unrelatedCastMessage(type: string, base: string): string {
  return `The type '${type}' specified in the URI is neither a base type nor a sub-type of the previously-specified type '${base}'.`;
}

let shared: GraphModel | undefined;
/** The vendored model, read once per process. */
export function graphModel(): GraphModel {
  shared ??= loadGraphModel();
  return shared;
}

/** Structural property names of a type in the v1.0 metadata (inherited ones included). */
export function v1PropertyNames(type: string): string[] {
  return Object.keys(allProps(graphModel(), type));
}

/** Property names of a type and of every type derived from it (what $select may name on a directoryObject collection). */
export function propertyNamesWithDerived(base: string): string[] {
  const m = graphModel();
  const names = new Set<string>();
  for (const t of Object.keys(m.types))
    if (isSubtypeOf(m, t, base)) for (const n of Object.keys(allProps(m, t))) names.add(n);
  return [...names];
}
