/**
 * OData query options for Graph collections, as Graph's directory APIs
 * apply them: $filter → $count → $orderby → paging ($skiptoken, $top) →
 * $expand → $select. Paging uses an opaque, query-bound $skiptoken in an
 * absolute @odata.nextLink, with per-route default and maximum page sizes
 * (users: 100 / 999). Unsupported options are 400s in Graph's shape.
 */
import { createHash } from 'node:crypto';
import type { PracticeRequest } from '../types.js';
import { PracticeHttpError } from './errors.js';
import { evaluateFilter, parseFilter, type FilterNode } from './filter.js';
import { requireAdvancedWhereNeeded } from './advanced-query.js';

export interface CollectionOptions {
  /** The @odata.context fragment, e.g. "users" or "users(id,displayName)". */
  context: string;
  /** OData type for error messages, e.g. "microsoft.graph.user". */
  typeName?: string;
  /** Property names of the type: $select / $filter / $orderby of anything else is a 400. Default: keys seen on the items. */
  properties?: string[];
  /** Default page size when $top is absent (Graph users: 100). */
  defaultPageSize?: number;
  /** Largest allowed $top (Graph users: 999). */
  maxPageSize?: number;
  /** Navigation properties $expand accepts, with how to expand one item. */
  expand?: Record<string, (item: Record<string, unknown>) => unknown>;
  /** Whether $filter is supported on this collection (default true). */
  filterable?: boolean;
  /** Whether $orderby is supported (default true). */
  orderable?: boolean;
  /** Whether $count=true is supported (default true; needs ConsistencyLevel: eventual, as for directory objects). */
  countable?: boolean;
  /** Whether $count requires the ConsistencyLevel: eventual header (default true: directory objects). */
  countNeedsEventual?: boolean;
  /**
   * Whether Graph's advanced-query rules for directory objects apply (./advanced-query.ts). Default: when $count
   * needs ConsistencyLevel and is supported — the directory-object collections.
   */
  directoryObjects?: boolean;
  /**
   * A collection of a base type whose items are of derived types (directoryObject members): $select may name a
   * property of any derived type, and an item whose type lacks it leaves it out — Graph answers 200, also when
   * every member is a group.
   */
  selectDerived?: boolean;
}

export interface CollectionBody {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

const KNOWN = new Set([
  '$filter',
  '$select',
  '$top',
  '$skiptoken',
  '$count',
  '$orderby',
  '$expand',
  '$search',
  '$skip',
  '$format',
]);

function bad(message: string, code = 'BadRequest'): PracticeHttpError {
  return new PracticeHttpError(400, code, message);
}

/** The query minus $skiptoken, canonicalised: a skiptoken is only valid for the query that produced it. */
function queryFingerprint(q: URLSearchParams, path: string): string {
  const pairs = [...q.entries()]
    .filter(([k]) => k.toLowerCase() !== '$skiptoken')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(path.toLowerCase()).update(JSON.stringify(pairs)).digest('base64url').slice(0, 16);
}

function encodeSkipToken(offset: number, fp: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fp })).toString('base64url');
}

function decodeSkipToken(tok: string, fp: string): number {
  try {
    const v = JSON.parse(Buffer.from(tok, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.f === fp) return v.o;
  } catch {
    /* fall through */
  }
  throw bad(
    'The specified page token value has expired and can no longer be included in your request.',
    'Directory_ExpiredPageToken',
  );
}

function lookup(item: Record<string, unknown>, name: string): { key: string; value: unknown } | undefined {
  if (name in item) return { key: name, value: item[name] };
  const low = name.toLowerCase();
  for (const k of Object.keys(item)) if (k.toLowerCase() === low) return { key: k, value: item[k] };
  return undefined;
}

function propertyList(items: Record<string, unknown>[], opts: CollectionOptions): string[] {
  if (opts.properties) return opts.properties;
  const s = new Set<string>();
  for (const it of items) for (const k of Object.keys(it)) s.add(k);
  return [...s];
}

function notAProperty(name: string, opts: CollectionOptions): PracticeHttpError {
  return bad(`Could not find a property named '${name}' on type '${opts.typeName ?? 'microsoft.graph.entity'}'.`);
}

/** Projects one entity by $select (the query's, if any). Unknown property → 400. */
export function applySelect(
  item: Record<string, unknown>,
  select: string | null,
  opts: Pick<CollectionOptions, 'properties' | 'typeName' | 'expand' | 'selectDerived'>,
  known?: string[],
): Record<string, unknown> {
  if (!select) return item;
  const names = select
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const props = known ?? opts.properties ?? Object.keys(item);
  const out: Record<string, unknown> = {};
  // Graph keeps annotations, but @odata.type only for items of a derived type (e.g. members of a
  // directoryObject collection), not when it is just the collection's own type.
  const own = opts.typeName ? `#${opts.typeName}`.toLowerCase() : undefined;
  for (const [k, v] of Object.entries(item)) {
    if (!k.startsWith('@odata.')) continue;
    if (k === '@odata.type' && own !== undefined && String(v).toLowerCase() === own) continue;
    out[k] = v;
  }
  for (const n of names) {
    if (n === '*') return item;
    const isKnown =
      props.some((p) => p.toLowerCase() === n.toLowerCase()) ||
      (opts.expand && Object.keys(opts.expand).some((e) => e.toLowerCase() === n.toLowerCase()));
    if (!isKnown) throw notAProperty(n, opts as CollectionOptions);
    const hit = lookup(item, n);
    if (!hit && opts.selectDerived) continue;
    out[hit?.key ?? n] = hit ? hit.value : null;
  }
  return out;
}

/** For a single entity (GET /users/{id}): $select and $expand. */
export function applyODataEntity(
  req: PracticeRequest,
  item: Record<string, unknown>,
  opts: Omit<CollectionOptions, 'defaultPageSize' | 'maxPageSize'>,
): Record<string, unknown> {
  let it = expandOne(item, req.query.get('$expand'), opts);
  it = applySelect(it, req.query.get('$select'), opts);
  const ctx = `https://graph.microsoft.com/${req.version ?? 'v1.0'}/$metadata#${opts.context}/$entity`;
  return { '@odata.context': ctx, ...it };
}

function expandOne(
  item: Record<string, unknown>,
  expand: string | null,
  opts: CollectionOptions | Omit<CollectionOptions, 'defaultPageSize' | 'maxPageSize'>,
): Record<string, unknown> {
  if (!expand) return item;
  const names = expand
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const out = { ...item };
  for (const raw of names) {
    const name = raw.replace(/\(.*\)$/, '');
    const key = opts.expand ? Object.keys(opts.expand).find((k) => k.toLowerCase() === name.toLowerCase()) : undefined;
    if (!key)
      throw bad(
        `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${opts.typeName ?? 'microsoft.graph.entity'}'.`,
      );
    out[key] = opts.expand![key]!(item);
  }
  return out;
}

/**
 * The response body of a Graph collection GET: filters, counts, orders, pages,
 * expands and projects `items` per the request's query, with @odata.context,
 * @odata.count (when asked) and @odata.nextLink (absolute, opaque $skiptoken).
 * Throws PracticeHttpError (the router renders Graph's error envelope).
 */
export function applyODataCollection(
  req: PracticeRequest,
  items: Record<string, unknown>[],
  opts: CollectionOptions,
): CollectionBody {
  const q = req.query;
  for (const k of q.keys()) {
    if (k.startsWith('$') && !KNOWN.has(k.toLowerCase()))
      throw bad(
        `Query option '${k}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`,
      );
  }
  const eventual = (req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
  const directory = opts.directoryObjects ?? ((opts.countNeedsEventual ?? true) && opts.countable !== false);
  if (q.has('$search'))
    throw bad(
      eventual
        ? 'The practice tenant does not implement $search.'
        : // Learn's answer without the header (https://learn.microsoft.com/graph/aad-advanced-queries).
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      'Request_UnsupportedQuery',
    );
  if (q.has('$skip')) throw bad("'$skip' is not supported by the service.", 'Request_BadRequest');
  if (q.has('$format')) throw bad("Query option '$format' is not supported.", 'Request_BadRequest');
  const props = propertyList(items, opts);
  const evOpts = { properties: props, typeName: opts.typeName };

  let rows = items;
  const filter = q.get('$filter');
  let tree: FilterNode | undefined;
  if (filter !== null) {
    if (opts.filterable === false) throw bad('Filter is not supported on this resource.', 'Request_UnsupportedQuery');
    if (filter.trim() === '') throw bad('The $filter query option must not be empty.');
    tree = parseFilter(filter);
  }
  const countTrue = (q.get('$count') ?? '').toLowerCase() === 'true';
  if (directory)
    requireAdvancedWhereNeeded(
      { eventual, count: countTrue },
      tree,
      q.get('$orderby')?.trim().split(/\s+/)[0],
      opts.typeName,
    );
  if (tree) {
    const t = tree;
    rows = rows.filter((it) => evaluateFilter(t, it, evOpts));
  }

  const countParam = q.get('$count');
  let count: number | undefined;
  if (countParam !== null) {
    const c = countParam.toLowerCase();
    if (c !== 'true' && c !== 'false') throw bad(`'${countParam}' is not a valid count option.`);
    if (c === 'true') {
      if (opts.countable === false) throw bad('$count is not currently supported.', 'Request_BadRequest');
      // Without ConsistencyLevel: eventual, Graph "silently ignores the $count query parameter (?$count=true)"
      // on directory objects (https://learn.microsoft.com/graph/aad-advanced-queries): 200, no @odata.count.
      if (!(opts.countNeedsEventual ?? true) || eventual) count = rows.length;
    }
  }

  const orderby = q.get('$orderby');
  if (orderby !== null) {
    if (opts.orderable === false) throw bad('Sorting not supported for this resource.', 'Request_UnsupportedQuery');
    const m = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
    if (!m)
      throw bad(
        `Invalid $orderby clause '${orderby}': the practice tenant supports one property with asc or desc.`,
        'Request_UnsupportedQuery',
      );
    const prop = m[1]!;
    if (!props.some((p) => p.toLowerCase() === prop.split('/')[0]!.toLowerCase())) throw notAProperty(prop, opts);
    const dir = (m[2] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
    const val = (it: Record<string, unknown>) => {
      let cur: unknown = it;
      for (const seg of prop.split('/'))
        cur = cur && typeof cur === 'object' ? lookup(cur as Record<string, unknown>, seg)?.value : undefined;
      return cur;
    };
    rows = [...rows].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      if (x === y) return 0;
      if (x === undefined || x === null) return 1 * dir;
      if (y === undefined || y === null) return -1 * dir;
      const xs = typeof x === 'string' ? x.toLowerCase() : (x as number);
      const ys = typeof y === 'string' ? y.toLowerCase() : (y as number);
      return xs < ys ? -dir : xs > ys ? dir : 0;
    });
  }

  const max = opts.maxPageSize ?? 999;
  const def = Math.min(opts.defaultPageSize ?? 100, max);
  const topParam = q.get('$top');
  let pageSize = def;
  if (topParam !== null) {
    const n = Number(topParam);
    if (!/^\d+$/.test(topParam.trim()) || n < 1 || n > max)
      throw bad(
        `Invalid page size specified: '${topParam}'. Must be between 1 and ${max} inclusive.`,
        'Request_BadRequest',
      );
    pageSize = n;
  }
  const fp = queryFingerprint(q, req.path);
  const tok = q.get('$skiptoken');
  const offset = tok !== null ? decodeSkipToken(tok, fp) : 0;
  const page = rows.slice(offset, offset + pageSize);
  const nextOffset = offset + page.length;

  const select = q.get('$select');
  const expand = q.get('$expand');
  const value = page.map((it) => applySelect(expandOne(it, expand, opts), select, opts, props));

  const version = req.version ?? 'v1.0';
  const ctxSel = select ? `${opts.context}(${select})` : opts.context;
  const body: CollectionBody = {
    '@odata.context': `https://graph.microsoft.com/${version}/$metadata#${ctxSel}`,
    value,
  };
  if (count !== undefined) body['@odata.count'] = count;
  if (nextOffset < rows.length) {
    const next = new URLSearchParams();
    for (const [k, v] of q.entries()) if (k.toLowerCase() !== '$skiptoken') next.append(k, v);
    next.append('$skiptoken', encodeSkipToken(nextOffset, fp));
    const base = req.baseUrl ?? 'https://graph.microsoft.com';
    const pathEnc = req.path
      .split('/')
      .map((s) => encodeURIComponent(s))
      .join('/');
    // Graph keeps $ unescaped in nextLink query names; URLSearchParams would escape it.
    const qs = next.toString().replace(/%24/g, '$');
    body['@odata.nextLink'] = `${base}/${version}${pathEnc}?${qs}`;
  }
  // Keep Graph's key order: context, count, nextLink, value.
  const ordered = {
    '@odata.context': body['@odata.context'],
    ...(body['@odata.count'] !== undefined ? { '@odata.count': body['@odata.count'] } : {}),
    ...(body['@odata.nextLink'] ? { '@odata.nextLink': body['@odata.nextLink'] } : {}),
    value: body.value,
  };
  return ordered;
}
