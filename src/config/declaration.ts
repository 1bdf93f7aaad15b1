/**
 * The per-tenant break-glass declaration: one JSON or YAML file per tenant
 * (in the repository that holds the pipeline) naming the tenant, how to reach
 * it, and exactly which accounts, group, workspace and emergency app are the
 * break-glass ones. `breakglass check --config FILE` reads it; so does
 * `breakglass export`. Nothing in it is a secret, and secret-looking keys are
 * refused like unknown ones.
 *
 * Every problem is reported as `file:line:col: message` so a pipeline log
 * points at the line to fix. Unknown keys are refused (a misspelt `acounts:`
 * must not silently mean "no accounts").
 */
import { AZURE_ROLES, AZURE_SCOPE, azureRoleId } from './azure-roles.js';
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { splitList } from './split-list.js';
import { LIVE_CLOUDS } from './clouds.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** A declaration is a few dozen lines; anything far larger is a mistake (or hostile). */
const MAX_CHARS = 256 * 1024;

/** One break-glass account: its UPN, and (better) its object id, which renaming cannot change. */
export interface DeclaredAccount {
  upn: string;
  id?: string;
}

export interface Declaration {
  /** Tenant id (GUID), verified domain, or "practice". */
  tenant?: string;
  cloud?: (typeof LIVE_CLOUDS)[number];
  /** The app registration `check` signs in as (Application (client) ID). */
  clientId?: string;
  accounts?: DeclaredAccount[];
  group?: string;
  workspace?: string;
  /** appId of the emergency application, or "none" when the tenant has none (declared, not guessed). */
  emergencyApp?: string;
  /** The layered door's exclusion group, which must stay empty (BG-025): object id or display name. */
  emergencyGroup?: string;
  /** A service principal kept as a break-glass identity (BG-023, BG-024), or "none". */
  breakGlassApp?:
    | {
        appId: string;
        roles: string[];
        permissions: string[];
        /** Azure roles (BG-026): built-in role at /subscriptions/{id} or /providers/Microsoft.Management/managementGroups/{id}. */
        azureRoles: { role: string; scope: string }[];
        /** The named location id (or AllTrusted) a workload-identity CA policy must leave open (BG-026). */
        allowedLocation?: string;
      }
    | 'none';
  checks?: string[];
  whatIf?: boolean;
  validationMaxAgeDays?: number;
  rotationMaxAgeDays?: number;
  lastSignedValidation?: Record<string, string>;
}

/** A comma-separated string or a list of strings (the command line's `a,b` form is accepted in the file too). */
const stringList = z.union([
  z.string().transform((s) => splitList(s)),
  z.array(z.string().min(1, 'must not be empty')),
]);

const account = z.union([
  z.string().regex(UPN, 'must be a user principal name like bg1@contoso.onmicrosoft.com'),
  z.strictObject({
    upn: z.string().regex(UPN, 'must be a user principal name like bg1@contoso.onmicrosoft.com'),
    id: z.string().regex(GUID, 'must be the account object id (a GUID)').optional(),
  }),
]);

const days = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(3650, 'must be at most 3650 days');

export const DECLARATION_SCHEMA = z.strictObject({
  tenant: z
    .string()
    .refine(
      (t) => t.toLowerCase() === 'practice' || GUID.test(t) || DOMAIN.test(t),
      'must be a tenant id (GUID), a verified domain such as contoso.onmicrosoft.com, or "practice"',
    )
    .optional(),
  cloud: z.enum(LIVE_CLOUDS).optional(),
  clientId: z.string().regex(GUID, 'must be the Application (client) ID, a GUID').optional(),
  accounts: z
    .union([z.string().transform((s) => splitList(s)), z.array(account)])
    .optional()
    .transform((l) => l?.map((a) => (typeof a === 'string' ? { upn: a } : a))),
  group: z.string().min(1).optional(),
  workspace: z
    .string()
    .regex(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i,
      'must be a Log Analytics workspace resource id (/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…)',
    )
    .optional(),
  emergencyApp: z
    .union([
      z.string().refine((s) => s === 'none' || GUID.test(s), 'must be the app\'s appId (a GUID) or "none"'),
      z.strictObject({ appId: z.string().regex(GUID, "must be the app's appId (a GUID)") }),
    ])
    .optional()
    .transform((a) => (typeof a === 'object' ? a.appId : a)),
  emergencyGroup: z.string().min(1).optional(),
  breakGlassApp: z
    .union([
      z.literal('none'),
      z.strictObject({
        appId: z.string().regex(GUID, "must be the app's appId (a GUID)"),
        roles: stringList.default([]),
        permissions: stringList.default([]),
        azureRoles: z
          .array(
            z.strictObject({
              role: z.string().refine((r) => azureRoleId(r) !== undefined, {
                message: `must be an Azure built-in role: ${Object.keys(AZURE_ROLES).join(', ')}`,
              }),
              scope: z
                .string()
                .regex(
                  AZURE_SCOPE,
                  'must be /subscriptions/<id> or /providers/Microsoft.Management/managementGroups/<id>',
                ),
            }),
          )
          .default([]),
        allowedLocation: z
          .string()
          .refine((l) => l === 'AllTrusted' || GUID.test(l), 'must be a named location id (GUID) or AllTrusted')
          .optional(),
      }),
    ])
    .optional(),
  checks: stringList.optional(),
  whatIf: z.boolean().optional(),
  validationMaxAgeDays: days.optional(),
  rotationMaxAgeDays: days.optional(),
  lastSignedValidation: z
    .record(
      z.string(),
      z.string().refine((d) => !Number.isNaN(Date.parse(d)), 'must be an ISO date such as 2026-01-31'),
    )
    .optional(),
});

export const DECLARATION_KEYS = Object.keys(DECLARATION_SCHEMA.shape);

export { splitList };

/** Reads and validates a declaration file. Throws UsageError (`file:line:col: …`); 66 when unreadable. */
export function readDeclaration(path: string): Declaration {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      EXIT.NO_INPUT,
    );
  }
  return parseDeclaration(text, path);
}

/** Validates declaration text (JSON is YAML, so one parser serves both). */
export function parseDeclaration(text: string, path: string): Declaration {
  if (text.length > MAX_CHARS)
    throw new UsageError(`${path}: the file is larger than ${MAX_CHARS / 1024} KiB — is it the right file?`);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    const p = lines.linePos(offset ?? 0);
    return `${path}:${p.line}:${p.col}`;
  };
  const yamlError = doc.errors[0];
  if (yamlError)
    throw new UsageError(
      `${at(yamlError.pos[0])}: not valid JSON or YAML: ${yamlError.message.split('\n')[0]}`,
      EXIT.USAGE,
    );
  let raw: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); a declaration needs hardly any aliases.
    raw = doc.toJS({ maxAliasCount: 10 });
  } catch (e) {
    throw new UsageError(`${at(0)}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError(
      `${at(doc.contents?.range?.[0])}: the config file must hold a map like { accounts: [bg1@contoso.onmicrosoft.com] }`,
    );
  const parsed = DECLARATION_SCHEMA.safeParse(raw);
  if (parsed.success) return stripUndefined(parsed.data);
  const messages = parsed.error.issues.map((issue) => {
    const path_ = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const node = nodeAt(doc.contents, path_, key);
      return `${at(node?.range?.[0])}: unknown key "${[...path_, key].join('.')}" (known: ${
        path_.length === 0 ? DECLARATION_KEYS.join(', ') : path_[0] === 'accounts' ? 'upn, id' : 'appId'
      })`;
    }
    const node = nodeAt(doc.contents, path_);
    const label = path_.length ? `"${path_.join('.')}"` : 'the file';
    return `${at(node?.range?.[0])}: ${label} ${describe(issue)}`;
  });
  throw new UsageError(messages.join('\n'));
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map (key: value lines)',
  record: 'a map (key: value lines)',
};

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_union') {
    // The most specific branch's message says more than "invalid input".
    const inner = issue.errors.flat().find((i) => i.code !== 'invalid_type');
    return inner ? describe(inner) : 'must be a list (or a comma-separated string)';
  }
  return issue.message;
}

/** The YAML node at `path` (or the key node of `key` inside it), for its position. */
function nodeAt(root: unknown, path: (string | number)[], key?: string): Node | undefined {
  let cur = root as Node | undefined;
  for (const seg of path) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return cur;
      cur = pair.value as Node;
    } else if (isSeq(cur)) {
      const next = cur.items[Number(seg)] as Node | undefined;
      if (!next) return cur;
      cur = next;
    } else return cur;
  }
  if (key !== undefined && isMap(cur)) {
    const pair = cur.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (pair) return pair.key as Node;
  }
  return cur;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
