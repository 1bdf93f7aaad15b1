/**
 * Checks a JSON value against a Microsoft Graph v1.0 CSDL type the way the
 * service's OData reader does: every property must be declared on the type
 * (or a base type), primitives must have the declared Edm type, enum values
 * must be member names, "@odata.type" must name the type or a derived type,
 * abstract types need a concrete "@odata.type", and "x@odata.bind" only binds
 * a declared navigation property.
 *
 * Messages follow the OData library wording Graph returns, e.g.
 * "The property 'x' does not exist on type 'microsoft.graph.user'. Make sure to
 * only use property names that are defined by the type." (seen in service
 * answers: github.com/microsoftgraph/msgraph-sdk-powershell/issues/1675,
 * github.com/microsoftgraph/msgraph-sdk-dotnet/issues/450).
 *
 * Stricter than the CSDL alone (the docs do not settle these, so we take the
 * stricter reading): members listed after "unknownFutureValue" in an evolvable
 * enum are refused unless the caller sent "Prefer: include-unknown-enum-members"
 * (https://learn.microsoft.com/en-us/graph/best-practices-concept#handling-future-members-in-evolvable-enumerations),
 * "unknownFutureValue" itself is refused in a request, and navigation
 * properties inline in a request body (deep insert) are refused.
 */
import { type GraphModel, allNav, allProps, isSubtypeOf, parseRef } from './graph-model.js';

export type GraphIssueKind =
  | 'UnknownProperty'
  | 'WrongType'
  | 'NullNotAllowed'
  | 'BadEnumMember'
  | 'BadODataType'
  | 'AbstractType'
  | 'MissingRequired'
  | 'BadBind'
  | 'BadReference'
  | 'NavigationInBody';

export interface GraphIssue {
  kind: GraphIssueKind;
  /** Error code the owning workload answers with, when it differs from Graph's generic "BadRequest". */
  code?: string;
  /** JSON pointer into the body, e.g. "/passwordProfile/forceChangePasswordNextSignIn". */
  at: string;
  message: string;
}

export interface GraphCheckOptions {
  /** A request body (strict) or a response body (annotations like @odata.context allowed). */
  direction: 'request' | 'response';
  /** The caller sent Prefer: include-unknown-enum-members. */
  includeUnknownEnumMembers?: boolean;
  /** Hosts allowed in @odata.id / @odata.bind URLs (national clouds differ). */
  graphHosts?: readonly string[];
}

export const GRAPH_HOSTS = [
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const DURATION = /^-?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const INT_RANGE: Record<string, [number, number]> = {
  'Edm.Byte': [0, 255],
  'Edm.SByte': [-128, 127],
  'Edm.Int16': [-32768, 32767],
  'Edm.Int32': [-2147483648, 2147483647],
  'Edm.Int64': [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const DIRECTORY_OBJECT = 'microsoft.graph.directoryObject';
/** Directory extension property names: extension_{appId without hyphens}_{name}. */
const DIRECTORY_EXTENSION = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i;
const ptr = (at: string, key: string | number): string =>
  `${at}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function primitiveOk(edm: string, v: unknown): boolean {
  switch (edm) {
    case 'Edm.String':
      return typeof v === 'string';
    case 'Edm.Boolean':
      return typeof v === 'boolean';
    case 'Edm.Guid':
      return typeof v === 'string' && GUID.test(v);
    case 'Edm.DateTimeOffset':
      return typeof v === 'string' && DATETIME.test(v) && !Number.isNaN(Date.parse(v));
    case 'Edm.Date':
      return typeof v === 'string' && DATE.test(v);
    case 'Edm.TimeOfDay':
      return typeof v === 'string' && TIME.test(v);
    case 'Edm.Duration':
      return typeof v === 'string' && DURATION.test(v);
    case 'Edm.Binary':
    case 'Edm.Stream':
      return typeof v === 'string' && BASE64.test(v);
    case 'Edm.Double':
    case 'Edm.Single':
      return typeof v === 'number' || v === 'NaN' || v === 'INF' || v === '-INF';
    case 'Edm.Decimal':
      return typeof v === 'number';
    case 'Edm.Untyped':
      return true;
    default: {
      const range = INT_RANGE[edm];
      if (range) return typeof v === 'number' && Number.isInteger(v) && v >= range[0] && v <= range[1];
      // Geography/Geometry and anything else the trimmed model has no rule for: refuse (fail closed).
      return false;
    }
  }
}

export class GraphChecker {
  constructor(
    private readonly model: GraphModel,
    private readonly opts: GraphCheckOptions,
  ) {}

  /** Checks `value` against the (possibly collection / non-nullable) type reference. */
  value(ref: string, value: unknown, at: string, out: GraphIssue[]): void {
    const { name, collection, nullable } = parseRef(ref);
    if (value === null) {
      if (!nullable || collection)
        out.push({
          kind: 'NullNotAllowed',
          at,
          message: `A null value was found with the expected type '${ref.replace(/!$/, '')}[Nullable=False]'. The expected type '${ref.replace(/!$/, '')}[Nullable=False]' does not allow null values.`,
        });
      return;
    }
    if (collection) {
      if (!Array.isArray(value)) {
        out.push({
          kind: 'WrongType',
          at,
          message: `A value of type '${typeof value}' was found where a collection of '${name}' was expected.`,
        });
        return;
      }
      value.forEach((v, i) => this.value(`${name}!`, v, ptr(at, i), out));
      return;
    }
    if (name.startsWith('Edm.')) {
      if (!primitiveOk(name, value))
        out.push({
          kind: 'WrongType',
          at,
          message: `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${name}'.`,
        });
      return;
    }
    const en = this.model.enums[name];
    if (en) {
      this.enumValue(name, value, at, out);
      return;
    }
    if (!this.model.types[name]) {
      // The trimmed model always carries the closure of what it declares; a miss is a vendoring bug.
      out.push({
        kind: 'WrongType',
        at,
        message: `Type '${name}' is not in the vendored contract; re-run scripts/vendor-contracts.mjs.`,
      });
      return;
    }
    this.object(name, value, at, out);
  }

  private enumValue(name: string, value: unknown, at: string, out: GraphIssue[]): void {
    const en = this.model.enums[name]!;
    const bad = (v: string) =>
      out.push({
        kind: 'BadEnumMember',
        at,
        message: `Requested value '${v}' was not found. '${name}' accepts: ${this.usableMembers(name).join(', ')}.`,
      });
    if (typeof value !== 'string') {
      out.push({
        kind: 'WrongType',
        at,
        message: `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${name}'.`,
      });
      return;
    }
    const parts = en.flags ? value.split(',').map((s) => s.trim()) : [value];
    const usable = new Set(this.usableMembers(name));
    for (const p of parts) if (!usable.has(p)) bad(p);
  }

  /** Members a client may send: up to unknownFutureValue (exclusive), or all but it with the Prefer header. */
  usableMembers(name: string): string[] {
    const m = this.model.enums[name]!.members;
    const i = m.indexOf('unknownFutureValue');
    if (i < 0) return m;
    if (this.opts.direction === 'response') return m;
    return this.opts.includeUnknownEnumMembers ? m.filter((x) => x !== 'unknownFutureValue') : m.slice(0, i);
  }

  /** Checks an object of the declared type `declared` (an @odata.type may narrow it). */
  object(declared: string, value: unknown, at: string, out: GraphIssue[]): void {
    if (!isObject(value)) {
      out.push({
        kind: 'WrongType',
        at,
        message: `A value of type '${Array.isArray(value) ? 'array' : typeof value}' was found where a resource of type '${declared}' was expected.`,
      });
      return;
    }
    let actual = declared;
    const odataType = value['@odata.type'];
    if (odataType !== undefined) {
      const t = typeof odataType === 'string' ? odataType.replace(/^#/, '') : '';
      if (!this.model.types[t]) {
        out.push({
          kind: 'BadODataType',
          at: ptr(at, '@odata.type'),
          message: `A type named '${String(odataType)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
        });
        return;
      }
      if (!isSubtypeOf(this.model, t, declared)) {
        out.push({
          kind: 'BadODataType',
          at: ptr(at, '@odata.type'),
          message: `A resource with type '${t}' was found, but it is not assignable to the expected type '${declared}'.`,
        });
        return;
      }
      actual = t;
    }
    if (this.model.types[actual]!.abstract && this.opts.direction === 'request') {
      out.push({
        kind: 'AbstractType',
        at,
        message: `'${actual}' is abstract: the value needs an '@odata.type' naming a derived type (e.g. ${this.derivedOf(
          actual,
        )
          .slice(0, 3)
          .map((d) => `#${d}`)
          .join(', ')}).`,
      });
      return;
    }
    const props = allProps(this.model, actual);
    const nav = allNav(this.model, actual);
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('@')) {
        this.annotation(actual, k, v, nav, ptr(at, k), out);
        continue;
      }
      const p = props[k];
      if (p !== undefined) {
        this.value(p, v, ptr(at, k), out);
      } else if (nav[k] !== undefined) {
        // Contained targets whose type is vendored may be written inline (documented for e.g. includeTargets);
        // anything else is deep insert, which we refuse.
        const n = nav[k];
        const target = parseRef(n.replace(/^\+/, ''));
        if (n.startsWith('+') && this.model.types[target.name]) this.value(n.slice(1), v, ptr(at, k), out);
        else if (this.opts.direction === 'request')
          out.push({
            kind: 'NavigationInBody',
            at: ptr(at, k),
            message: `'${k}' is a navigation property of '${actual}'; bind it with '${k}@odata.bind' or use its /$ref endpoint.`,
          });
      } else if (isSubtypeOf(this.model, actual, DIRECTORY_OBJECT)) {
        // directoryObject is an open type only so that directory extensions (extension_{appId}_{name}) can be
        // written; the directory refuses any other undeclared name with this message and code
        // (seen in service answers, e.g. github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/6270 for the code).
        if (!DIRECTORY_EXTENSION.test(k))
          out.push({
            kind: 'UnknownProperty',
            code: 'Request_BadRequest',
            at: ptr(at, k),
            message: `Property '${k}' does not exist as a declared property or extension property.`,
          });
      } else if (!this.model.types[actual]!.open) {
        out.push({
          kind: 'UnknownProperty',
          at: ptr(at, k),
          message: `The property '${k}' does not exist on type '${actual}'. Make sure to only use property names that are defined by the type.`,
        });
      }
    }
  }

  private derivedOf(name: string): string[] {
    return Object.keys(this.model.types).filter(
      (t) => t !== name && isSubtypeOf(this.model, t, name) && !this.model.types[t]!.abstract,
    );
  }

  private annotation(
    type: string,
    key: string,
    v: unknown,
    nav: Record<string, string>,
    at: string,
    out: GraphIssue[],
  ): void {
    if (key === '@odata.type') return; // handled by object()
    const bind = /^(.*)@odata\.bind$/.exec(key);
    if (bind) {
      const target = nav[bind[1]!]?.replace(/^\+/, '');
      if (this.opts.direction === 'request' && target === undefined) {
        out.push({
          kind: 'BadBind',
          at,
          message: `The property '${bind[1]}' does not exist on type '${type}' as a navigation property, so it cannot be bound.`,
        });
        return;
      }
      const urls = Array.isArray(v) ? v : [v];
      urls.forEach((u, i) => this.graphUrl(u, Array.isArray(v) ? ptr(at, i) : at, out));
      return;
    }
    // Other instance annotations (@odata.context, @odata.etag, @odata.nextLink, prop@odata.navigationLink…) appear in
    // responses; in a request OData ignores custom annotations, but we refuse odata.* ones we do not know.
    if (this.opts.direction === 'request' && /(^|@)odata\./.test(key) && key !== '@odata.id')
      out.push({ kind: 'UnknownProperty', at, message: `The annotation '${key}' is not valid in a request body.` });
  }

  /** An absolute Graph URL to an addressable entity: https://<graph host>/v1.0/<segment>/<id> */
  graphUrl(v: unknown, at: string, out: GraphIssue[]): void {
    const hosts = this.opts.graphHosts ?? GRAPH_HOSTS;
    let ok = false;
    if (typeof v === 'string') {
      try {
        const u = new URL(v);
        ok = u.protocol === 'https:' && hosts.includes(u.host) && /^\/(v1\.0|beta)\/[A-Za-z]+\/[^/]+$/.test(u.pathname);
      } catch {
        ok = false;
      }
    }
    if (!ok)
      out.push({
        kind: 'BadReference',
        at,
        message: `Invalid object identifier '${String(v)}'. Expected https://{${hosts.join('|')}}/v1.0/directoryObjects/{id}.`,
      });
  }
}
