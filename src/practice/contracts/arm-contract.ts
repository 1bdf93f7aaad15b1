/**
 * Checks ARM request bodies (PUT) against the vendored Azure REST API spec
 * definitions (data/arm-specs.json) with ajv, and builds ARM's error envelope.
 *
 * Swagger 2.0 → JSON Schema: $refs are inlined, allOf is flattened into one
 * object (so a derived type's properties and its base's are checked
 * together), the "kind" discriminator picks the subtype by its
 * x-ms-discriminator-value, and every object that declares properties but no
 * additionalProperties is closed. Swagger leaves additional properties open;
 * closing them is the stricter reading the practice tenant takes, because a
 * misspelled property the RP silently drops is the failure we must catch.
 * readOnly properties are accepted in requests (ARM ignores them).
 *
 * Error envelope (ARM common error shape, common-types ErrorResponse; also
 * "ErrorContract" in scheduledQueryRule_API.json):
 *   { "error": { "code", "message", "target"?, "details"?: [{ code, message, target }] } }
 * The code an RP uses for a body that fails its schema is not in the specs:
 * "InvalidRequestContent" is ARM's documented code for a body it cannot
 * deserialize (https://learn.microsoft.com/en-us/azure/azure-resource-manager/troubleshooting/common-deployment-errors),
 * resource providers answer model validation with "BadRequest" or their own
 * codes. Unsettled: we answer 400 "BadRequest" with one detail per problem
 * coded "InvalidRequestContent"; tests assert the status and the details.
 */
import { readFileSync } from 'node:fs';
import { contractDataPath } from './data.js';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type SchemaNode = { [k: string]: Json };

export interface ArmSpecFile {
  source: { repository: string; path: string; commit: string };
  apiVersion: string;
  note?: string;
  /** "METHOD /path/template" → the operation; body absent = takes none; response absent = not vendored. */
  operations: Record<string, { operationId: string; body?: SchemaNode; response?: SchemaNode; list?: boolean }>;
  definitions: Record<string, SchemaNode>;
}
export type ArmSpecs = Record<string, ArmSpecFile>;

export function loadArmSpecs(file: string = contractDataPath('arm-specs.json')): ArmSpecs {
  return JSON.parse(readFileSync(file, 'utf8')) as ArmSpecs;
}

export interface ArmIssue {
  code: 'InvalidRequestContent';
  /** Dotted path into the body, e.g. "properties.suppressionDuration". */
  target: string;
  message: string;
}

export type ArmVerdict =
  | { ok: true; operationId: string }
  | { ok: false; status: 400; issues: ArmIssue[]; operationId: string }
  | { ok: false; status: 'no-contract'; reason: string };

const isObj = (v: Json | undefined): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const DURATION = /^-?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** Resolves $ref/allOf into one closed JSON Schema object. */
function toJsonSchema(spec: ArmSpecFile, node: SchemaNode, seen: readonly string[] = []): SchemaNode {
  let n: SchemaNode = { ...node };
  const ref = n['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace('#/definitions/', '');
    if (seen.includes(name)) return {}; // recursion: accept (none of our request bodies recurse)
    const def = spec.definitions[name];
    if (!def) throw new Error(`${spec.source.path}: no definition ${name}`);
    const rest = { ...n };
    delete rest['$ref'];
    const resolved = toJsonSchema(spec, def, [...seen, name]);
    n = merge(resolved, rest);
    return finish(n);
  }
  const allOf = n['allOf'];
  if (Array.isArray(allOf)) {
    delete n['allOf'];
    let acc: SchemaNode = {};
    for (const part of allOf) if (isObj(part)) acc = merge(acc, toJsonSchema(spec, part, seen));
    n = merge(acc, n);
  }
  const props = n['properties'];
  if (isObj(props))
    n['properties'] = Object.fromEntries(
      Object.entries(props).map(([k, v]) => [k, isObj(v) ? toJsonSchema(spec, v, seen) : v]),
    );
  if (isObj(n['items'])) n['items'] = toJsonSchema(spec, n['items'], seen);
  if (isObj(n['additionalProperties'])) n['additionalProperties'] = toJsonSchema(spec, n['additionalProperties'], seen);
  return finish(n);
}

function merge(a: SchemaNode, b: SchemaNode): SchemaNode {
  const out: SchemaNode = { ...a, ...b };
  if (isObj(a['properties']) || isObj(b['properties']))
    out['properties'] = {
      ...(isObj(a['properties']) ? a['properties'] : {}),
      ...(isObj(b['properties']) ? b['properties'] : {}),
    };
  const req = [
    ...(Array.isArray(a['required']) ? a['required'] : []),
    ...(Array.isArray(b['required']) ? b['required'] : []),
  ];
  if (req.length) out['required'] = [...new Set(req.map(String))];
  return out;
}

function finish(n: SchemaNode): SchemaNode {
  for (const k of Object.keys(n))
    if (k.startsWith('x-ms-') || k === 'discriminator' || k === 'description') delete n[k];
  const untranscribed = n['x-untranscribed'] === true;
  delete n['x-untranscribed'];
  if (isObj(n['properties']) && n['additionalProperties'] === undefined && !untranscribed)
    n['additionalProperties'] = false;
  if (n['required'] !== undefined && n['type'] === undefined) n['type'] = 'object';
  return n;
}

/** Subtypes of a discriminated base: discriminator value → definition name. */
function subtypes(spec: ArmSpecFile, base: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, def] of Object.entries(spec.definitions)) {
    const value = def['x-ms-discriminator-value'];
    const allOf = def['allOf'];
    if (
      typeof value === 'string' &&
      Array.isArray(allOf) &&
      allOf.some((p) => isObj(p) && p['$ref'] === `#/definitions/${base}`)
    )
      out.set(value, name);
  }
  return out;
}

function template(op: string): RegExp {
  const path = op.replace(/^\w+ /, '');
  // {scope} is a resource path of several segments (authorization-RoleAssignmentsCalls.json: ScopeParameter is
  // x-ms-skip-url-encoding, e.g. /subscriptions/{id} or /providers/Microsoft.Management/managementGroups/{id}).
  const re = path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/^\/\{scope\}/, '\u0000')
    .replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')
    .replace('\u0000', '(?:/[^/]+)+');
  return new RegExp(`^${re}$`, 'i');
}

export class ArmContract {
  private ajvInstance: Ajv | undefined;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly specs: ArmSpecs) {}

  /**
   * Made when a body is first validated: a tenant that only answers reads (GET has no body) never
   * pays for compiling ajv's meta-schemas at start.
   */
  private get ajv(): Ajv {
    if (this.ajvInstance) return this.ajvInstance;
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat('duration', DURATION);
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s));
    ajv.addFormat('int32', {
      type: 'number',
      validate: (x: number) => Number.isInteger(x) && x >= -2147483648 && x <= 2147483647,
    });
    ajv.addFormat('int64', { type: 'number', validate: (x: number) => Number.isSafeInteger(x) });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    return (this.ajvInstance = ajv);
  }

  /** The spec entry for (method, path, api-version), if vendored. Paths compare case-insensitively, as ARM does. */
  find(method: string, path: string, apiVersion: string): { key: string; op: string; spec: ArmSpecFile } | undefined {
    const clean = path.split('?')[0]!.replace(/\/+$/, '');
    for (const [key, spec] of Object.entries(this.specs)) {
      if (spec.apiVersion !== apiVersion) continue;
      for (const op of Object.keys(spec.operations))
        if (op.startsWith(`${method.toUpperCase()} `) && template(op).test(clean)) return { key, op, spec };
    }
    return undefined;
  }

  validateRequest(method: string, path: string, apiVersion: string, body: unknown): ArmVerdict {
    const hit = this.find(method, path, apiVersion);
    if (!hit)
      return {
        ok: false,
        status: 'no-contract',
        reason: `no vendored spec for ${method} ${path} api-version=${apiVersion}`,
      };
    const { spec, op, key } = hit;
    const operation = spec.operations[op]!;
    if (!operation.body) {
      // GET/DELETE: the operation takes no body.
      if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0))
        return { ok: true, operationId: operation.operationId };
      return {
        ok: false,
        status: 400,
        operationId: operation.operationId,
        issues: [
          { code: 'InvalidRequestContent', target: '', message: `${operation.operationId} takes no request body.` },
        ],
      };
    }
    const issues = this.check(spec, `${key} ${op} request`, operation.body, body, apiVersion);
    return issues.length
      ? { ok: false, status: 400, operationId: operation.operationId, issues }
      : { ok: true, operationId: operation.operationId };
  }

  /**
   * Checks a response body against the operation's response definition: one resource, or for a list
   * operation { value: [...], nextLink? }. checked=false when the operation's response was not vendored.
   */
  validateResponse(
    method: string,
    path: string,
    apiVersion: string,
    body: unknown,
  ): { checked: boolean; issues: ArmIssue[] } {
    const hit = this.find(method, path, apiVersion);
    const operation = hit?.spec.operations[hit.op];
    if (!hit || !operation?.response) return { checked: false, issues: [] };
    const root = operation.response;
    if (!operation.list)
      return { checked: true, issues: this.check(hit.spec, `${hit.key} ${hit.op} response`, root, body, apiVersion) };
    const b = body as { value?: unknown; nextLink?: unknown } | null;
    if (!b || typeof b !== 'object' || !Array.isArray(b.value))
      return {
        checked: true,
        issues: [{ code: 'InvalidRequestContent', target: 'value', message: 'A list response needs a "value" array.' }],
      };
    const issues: ArmIssue[] = [];
    for (const k of Object.keys(b))
      if (k !== 'value' && k !== 'nextLink')
        issues.push({
          code: 'InvalidRequestContent',
          target: k,
          message: `Unexpected member '${k}' in a list response.`,
        });
    if (b.nextLink !== undefined && b.nextLink !== null && typeof b.nextLink !== 'string')
      issues.push({ code: 'InvalidRequestContent', target: 'nextLink', message: "'nextLink' must be a string." });
    b.value.forEach((item, i) => {
      for (const is of this.check(hit.spec, `${hit.key} ${hit.op} response`, root, item, apiVersion))
        issues.push({ ...is, target: `value[${i}]${is.target ? `.${is.target}` : ''}` });
    });
    return { checked: true, issues };
  }

  /** Validates one value against a root schema, choosing a discriminated subtype by its "kind". */
  private check(spec: ArmSpecFile, cacheKey: string, root: SchemaNode, body: unknown, apiVersion: string): ArmIssue[] {
    let schemaKey = cacheKey;
    const baseName = typeof root['$ref'] === 'string' ? root['$ref'].replace('#/definitions/', '') : undefined;
    const base = baseName ? spec.definitions[baseName] : undefined;
    if (base && typeof base['discriminator'] === 'string') {
      const prop = base['discriminator'];
      const kinds = subtypes(spec, baseName!);
      const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[prop] : undefined;
      const allowed =
        isObj(base['properties']) && isObj(base['properties'][prop]) ? base['properties'][prop]['enum'] : undefined;
      const sub = typeof value === 'string' ? kinds.get(value) : undefined;
      if (!sub) {
        const known = Array.isArray(allowed) ? allowed.map(String) : [...kinds.keys()];
        const vendored = typeof value === 'string' && known.includes(value);
        return [
          {
            code: 'InvalidRequestContent',
            target: prop,
            message:
              value === undefined
                ? `The property '${prop}' is required.`
                : vendored
                  ? `Kind '${String(value)}' is valid in api-version ${apiVersion} but not vendored.`
                  : `The value '${String(value)}' of '${prop}' is not one of: ${known.join(', ')} (api-version ${apiVersion}).`,
          },
        ];
      }
      root = { $ref: `#/definitions/${sub}` };
      schemaKey += ` ${sub}`;
    }
    let validate = this.cache.get(schemaKey);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(spec, root));
      this.cache.set(schemaKey, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map(issueOf);
  }
}

function issueOf(e: ErrorObject): ArmIssue {
  const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const join = (k: string) => (base ? `${base}.${k}` : k);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        code: 'InvalidRequestContent',
        target: join(String(p['missingProperty'])),
        message: `The property '${join(String(p['missingProperty']))}' is required.`,
      };
    case 'additionalProperties':
      return {
        code: 'InvalidRequestContent',
        target: join(String(p['additionalProperty'])),
        message: `Could not find member '${String(p['additionalProperty'])}' on object of type '${base || 'resource'}'.`,
      };
    case 'enum':
      return {
        code: 'InvalidRequestContent',
        target: base,
        message: `The value of '${base}' must be one of: ${(p['allowedValues'] as unknown[]).map(String).join(', ')}.`,
      };
    default:
      return {
        code: 'InvalidRequestContent',
        target: base,
        message: `'${base || 'body'}' ${e.message ?? 'is invalid'}.`,
      };
  }
}

export interface ArmErrorEnvelope {
  error: { code: string; message: string; details: ArmIssue[] };
}

export function armBadRequest(issues: readonly ArmIssue[]): ArmErrorEnvelope {
  return {
    error: {
      code: 'BadRequest',
      message:
        issues.length === 1
          ? issues[0]!.message
          : `The request content was invalid: ${issues.map((i) => i.message).join(' ')}`,
      details: [...issues],
    },
  };
}
