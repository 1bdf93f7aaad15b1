/**
 * Entry points the practice tenant calls for Graph: check a request body
 * before handling it, check a response body before sending it, and build the
 * 400 Graph would answer.
 *
 * Error envelope (https://learn.microsoft.com/en-us/graph/errors#error-resource-type):
 *   { "error": { "code", "message", "innerError": { "date", "request-id", "client-request-id" } } }
 * Code: payload errors from Graph's OData reader come back as "BadRequest";
 * directory-backed resources may say "Request_BadRequest" instead (seen in
 * github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/6270). The
 * docs tell clients to branch on the HTTP status, so we send "BadRequest" and
 * tests assert the status and the message, not a workload-specific code.
 */
import { castType, isSubtypeOf, unrelatedCastMessage, type GraphModel } from './graph-model.js';
import { GraphChecker, type GraphIssue, type GraphCheckOptions } from './graph-validate.js';
import { castSegment, findGraphRoute, type GraphRoute } from './graph-routes.js';

export type GraphVerdict =
  | { ok: true; route: GraphRoute }
  | { ok: false; status: 400; issues: GraphIssue[]; route: GraphRoute }
  /** No route or no vendored contract (e.g. beta): the caller decides; the emulator should refuse (fail closed). */
  | { ok: false; status: 'no-contract'; reason: string };

export interface GraphRequestInput {
  method: string;
  /** Path under the version root, e.g. "/users/abc" (query string allowed, ignored). */
  path: string;
  version?: 'v1.0' | 'beta';
  body?: unknown;
  /** Prefer: include-unknown-enum-members was sent. */
  includeUnknownEnumMembers?: boolean;
  graphHosts?: readonly string[];
}

const MAX_BATCH = 20;

export function validateGraphRequest(model: GraphModel, req: GraphRequestInput): GraphVerdict {
  const version = req.version ?? 'v1.0';
  const route = findGraphRoute(req.method, req.path, version);
  if (!route)
    return {
      ok: false,
      status: 'no-contract',
      reason:
        version === 'v1.0'
          ? `${req.method} ${req.path} is not in the call table`
          : `${req.method} /${version}${req.path} is not in the call table`,
    };
  // An OData cast (/members/microsoft.graph.user): a type the vendored metadata holds, derived from the collection's.
  const cast = castSegment(route, req.path);
  if (cast !== undefined) {
    const type = castType(model, cast);
    if (!type) return { ok: false, status: 'no-contract', reason: `${cast} is not a type in the vendored metadata` };
    const base = route.response!.type;
    if (!isSubtypeOf(model, type, base))
      return {
        ok: false,
        status: 400,
        route,
        issues: [{ kind: 'WrongType', at: '', message: unrelatedCastMessage(type, base) }],
      };
  }
  const opts: GraphCheckOptions = {
    direction: 'request',
    includeUnknownEnumMembers: req.includeUnknownEnumMembers ?? false,
    ...(req.graphHosts ? { graphHosts: req.graphHosts } : {}),
  };
  const issues = checkBody(model, route, req.body, opts, version);
  return issues.length ? { ok: false, status: 400, issues, route } : { ok: true, route };
}

function checkBody(
  model: GraphModel,
  route: GraphRoute,
  body: unknown,
  opts: GraphCheckOptions,
  version: 'v1.0' | 'beta',
): GraphIssue[] {
  const out: GraphIssue[] = [];
  const c = new GraphChecker(model, opts);
  const spec = route.body;
  if (!spec) {
    if (body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body).length === 0))
      out.push({
        kind: 'UnknownProperty',
        at: '',
        message: `${route.method} ${route.template} takes no request body.`,
      });
    return out;
  }
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    out.push({ kind: 'WrongType', at: '', message: 'Empty Payload. JSON content expected.' });
    return out;
  }
  const obj = body as Record<string, unknown>;
  const missing = (names: readonly string[] | undefined) => {
    for (const n of names ?? [])
      if (obj[n] === undefined || obj[n] === null)
        out.push({
          kind: 'MissingRequired',
          at: `/${n}`,
          message: `The request body must contain '${n}' (required by ${route.doc}).`,
        });
  };
  switch (spec.kind) {
    case 'entity':
      c.object(spec.type, obj, '', out);
      missing(spec.required);
      break;
    case 'action': {
      const action = model.actions[spec.action];
      if (!action) throw new Error(`action ${spec.action} is not vendored`);
      for (const [k, v] of Object.entries(obj)) {
        const p = action.params[k];
        if (!p)
          out.push({
            kind: 'UnknownProperty',
            at: `/${k}`,
            message: `The parameter '${k}' in the request payload is not a valid parameter for the operation '${spec.action.split('/')[1]}'.`,
          });
        else c.value(p.t, v, `/${k}`, out);
      }
      missing(spec.required);
      break;
    }
    case 'ref': {
      const keys = Object.keys(obj);
      for (const k of keys)
        if (k !== '@odata.id')
          out.push({
            kind: 'UnknownProperty',
            at: `/${k}`,
            message: `A $ref body holds only '@odata.id'; '${k}' is not allowed.`,
          });
      if (!('@odata.id' in obj))
        out.push({ kind: 'MissingRequired', at: '/@odata.id', message: "The request body must contain '@odata.id'." });
      else c.graphUrl(obj['@odata.id'], '/@odata.id', out);
      break;
    }
    case 'batch':
      checkBatch(model, obj, opts, version, out);
      break;
  }
  return out;
}

function checkBatch(
  model: GraphModel,
  obj: Record<string, unknown>,
  opts: GraphCheckOptions,
  version: 'v1.0' | 'beta',
  out: GraphIssue[],
): void {
  const reqs = obj['requests'];
  for (const k of Object.keys(obj))
    if (k !== 'requests')
      out.push({ kind: 'UnknownProperty', at: `/${k}`, message: `Unexpected property '${k}' in a JSON batch.` });
  if (!Array.isArray(reqs)) {
    out.push({ kind: 'MissingRequired', at: '/requests', message: "A JSON batch needs a 'requests' array." });
    return;
  }
  if (reqs.length > MAX_BATCH)
    out.push({
      kind: 'WrongType',
      at: '/requests',
      message: `Number of batch request steps exceeds the maximum of ${MAX_BATCH}.`,
    });
  const ids = new Set<string>();
  reqs.forEach((r, i) => {
    const at = `/requests/${i}`;
    if (typeof r !== 'object' || r === null) {
      out.push({ kind: 'WrongType', at, message: 'A batch step must be an object.' });
      return;
    }
    const step = r as Record<string, unknown>;
    for (const k of Object.keys(step))
      if (!['id', 'method', 'url', 'body', 'headers', 'dependsOn'].includes(k))
        out.push({ kind: 'UnknownProperty', at: `${at}/${k}`, message: `Unexpected property '${k}' in a batch step.` });
    for (const k of ['id', 'method', 'url'])
      if (typeof step[k] !== 'string')
        out.push({ kind: 'MissingRequired', at: `${at}/${k}`, message: `A batch step needs a string '${k}'.` });
    if (typeof step['id'] === 'string') {
      if (ids.has(step['id']))
        out.push({ kind: 'WrongType', at: `${at}/id`, message: `Duplicate batch step id '${step['id']}'.` });
      ids.add(step['id']);
    }
    if (
      step['body'] !== undefined &&
      !(
        typeof step['headers'] === 'object' &&
        step['headers'] !== null &&
        Object.keys(step['headers']).some((h) => h.toLowerCase() === 'content-type')
      )
    )
      out.push({
        kind: 'MissingRequired',
        at: `${at}/headers`,
        message: 'A batch step with a body needs a Content-Type header.',
      });
    if (typeof step['method'] === 'string' && typeof step['url'] === 'string') {
      // Item URLs are relative to the batch's version root; the Graph SDK keeps the version in them (/v1.0/users/…).
      let path = step['url'].startsWith('/') ? step['url'] : `/${step['url']}`;
      if (path.toLowerCase().startsWith(`/${version}/`)) path = path.slice(version.length + 1);
      const v = validateGraphRequest(model, {
        method: step['method'],
        path,
        version,
        body: step['body'],
        ...(opts.includeUnknownEnumMembers ? { includeUnknownEnumMembers: true } : {}),
        ...(opts.graphHosts ? { graphHosts: opts.graphHosts } : {}),
      });
      if (!v.ok && v.status === 400) for (const is of v.issues) out.push({ ...is, at: `${at}/body${is.at}` });
      else if (!v.ok) out.push({ kind: 'WrongType', at: `${at}/url`, message: v.reason });
    }
  });
}

export interface GraphResponseCheck {
  /** False when there is nothing to check against (no response type, or a cast to a type the model lacks). */
  checked: boolean;
  issues: GraphIssue[];
}

/** Checks a response body the emulator is about to send for (method, path) at a version, against that version's model. */
export function validateGraphResponse(
  model: GraphModel,
  method: string,
  path: string,
  body: unknown,
  version: 'v1.0' | 'beta' = 'v1.0',
): GraphResponseCheck {
  const route = findGraphRoute(method, path, version);
  if (!route?.response) return { checked: false, issues: [] };
  // A cast's answer holds items of the cast type (and types derived from it).
  const cast = castSegment(route, path);
  const itemType = cast === undefined ? route.response.type : castType(model, cast);
  if (!itemType) return { checked: false, issues: [] };
  return { checked: true, issues: responseIssues(model, route, body, itemType) };
}

function responseIssues(model: GraphModel, route: GraphRoute, body: unknown, itemType: string): GraphIssue[] {
  const out: GraphIssue[] = [];
  const c = new GraphChecker(model, { direction: 'response' });
  if (route.response!.collection) {
    const b = body as { value?: unknown };
    if (!b || typeof b !== 'object' || !Array.isArray(b.value)) {
      out.push({ kind: 'WrongType', at: '/value', message: 'An OData collection response needs a "value" array.' });
      return out;
    }
    for (const k of Object.keys(b))
      if (k !== 'value' && !k.startsWith('@odata.'))
        out.push({
          kind: 'UnknownProperty',
          at: `/${k}`,
          message: `Unexpected top-level property '${k}' in a collection response.`,
        });
    b.value.forEach((v, i) => c.object(itemType, v, `/value/${i}`, out));
  } else c.object(itemType, body, '', out);
  return out;
}

export interface GraphErrorIds {
  requestId: string;
  clientRequestId?: string;
  date?: Date;
}

export interface GraphErrorEnvelope {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** The 400 body for a failed request check: Graph reports the first problem it meets. */
export function graphBadRequest(issues: readonly GraphIssue[], ids: GraphErrorIds): GraphErrorEnvelope {
  const first = issues[0];
  return {
    error: {
      code: first?.code ?? 'BadRequest',
      message: first ? first.message : 'Invalid request.',
      innerError: {
        // Graph's innerError.date has no fractional seconds: 2019-11-22T16:02:09
        date: (ids.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId ?? ids.requestId,
      },
    },
  };
}
