/**
 * `breakglass export --to maester|scubagear|zta|prowler` — the break-glass
 * accounts, exclusion group and emergency app of one tenant's declaration,
 * written in a peer tool's own configuration format, so that tool stops
 * guessing which accounts are the break-glass ones (docs/exports.md).
 *
 * Names are resolved to object ids through Graph, read-only (src/export/resolve.ts);
 * anything unresolvable stops the export before a byte is written. With
 * --output naming an existing file, the export is merged into it and the
 * user's other settings are kept; the file is replaced atomically.
 *
 * Exit codes: 0 written · 1 the declaration does not match the tenant, or the
 * file to merge into cannot be merged · 2 Graph could not be read · 64 usage
 * (incl. a tool with no such setting) · 66 unreadable declaration.
 */
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BreakglassError, UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { TenantSession } from '../core/tenant.js';
import { isGuid, type DeclaredAccount, type ExportDeclaration } from '../export/declaration.js';
import { EXPORT_TARGETS, type ExportTarget, type TargetId } from '../export/index.js';
import type { ExistingFile } from '../export/target.js';
import { closest } from '../runbook/suggest.js';
import { reportError } from './report-error.js';

const SIGN_IN_FLAGS = ['client-id', 'cloud', 'flow', 'certificate', 'certificate-passphrase-env', 'secret-env'];

export async function run(args: string[]): Promise<number> {
  try {
    return await runExport(args);
  } catch (e) {
    return reportError('export', e, { usageHint: 'Run `breakglass export --help` for usage.' });
  }
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function account(a: string): DeclaredAccount {
  if (isGuid(a)) return { id: a.toLowerCase() };
  if (UPN.test(a)) return { upn: a.toLowerCase() };
  throw new UsageError(`not a user principal name or object id: ${a} (expected name@tenant.onmicrosoft.com or a GUID)`);
}

function target(to: string | undefined): ExportTarget {
  const ids = Object.keys(EXPORT_TARGETS);
  if (!to) throw new UsageError(`--to is required: one of ${ids.join(', ')}`);
  const t = EXPORT_TARGETS[to.toLowerCase() as TargetId];
  if (!t) {
    const near = closest(to.toLowerCase(), ids);
    throw new UsageError(
      `unknown --to "${to}"${near ? `. Did you mean --to ${near}?` : ''} (one of ${ids.join(', ')})`,
    );
  }
  return t;
}

/** Where the file goes: stdout, a file (merged into when it exists), or a directory (the tool's file name). */
type Destination = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'dir'; dir: string };

function destination(output: string | undefined): Destination {
  if (output === undefined || output === '-') return { kind: 'stdout' };
  if (existsSync(output) && statSync(output).isDirectory()) return { kind: 'dir', dir: output };
  if (output.endsWith('/') || output.endsWith('\\'))
    throw new UsageError(`--output ${output}: no such directory`, EXIT.NO_INPUT);
  const parent = dirname(output);
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new UsageError(`--output ${output}: the directory ${parent} does not exist`, EXIT.NO_INPUT);
  return { kind: 'file', path: output };
}

function readExisting(path: string): ExistingFile {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new UsageError(
      `cannot read ${path} to merge into it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was written`,
      EXIT.NO_INPUT,
    );
  }
}

/** Replace the file in one step: a reader (or a crash) never sees half a configuration. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw new UsageError(
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      EXIT.NO_INPUT,
    );
  }
}

/** The declaration file (docs/declaration.md), and how it says to reach its tenant (flags still win). */
async function readDeclarationFile(
  path: string,
): Promise<{ decl: Partial<ExportDeclaration>; reach: Record<string, string | undefined> }> {
  const { readDeclaration } = await import('../config/declaration.js');
  const d = readDeclaration(path);
  const reach = { tenant: d.tenant, cloud: d.cloud, 'client-id': d.clientId };
  const decl: Partial<ExportDeclaration> = {
    // A tenant id is checked against the session; a domain or "practice" only says where to sign in.
    ...(d.tenant && isGuid(d.tenant) ? { tenant: d.tenant } : {}),
    accounts: (d.accounts ?? []).map((a) => ({
      upn: a.upn.toLowerCase(),
      ...(a.id ? { id: a.id.toLowerCase() } : {}),
    })),
    ...(d.group ? { group: isGuid(d.group) ? { id: d.group } : { name: d.group } } : {}),
    ...(d.emergencyApp && d.emergencyApp !== 'none' ? { emergencyApp: { appId: d.emergencyApp } } : {}),
  };
  return { decl, reach };
}

async function runExport(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        to: { type: 'string' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string' },
        tenant: { type: 'string' },
        scenario: { type: 'string' },
        accounts: { type: 'string' },
        group: { type: 'string' },
        'emergency-app': { type: 'string' },
        ...Object.fromEntries(SIGN_IN_FLAGS.map((n) => [n, { type: 'string' as const }])),
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values as Record<string, string | undefined>;
  const t = target(v.to);
  if (t.unsupported)
    throw new BreakglassError(t.unsupported.what, { exitCode: EXIT.USAGE, explanation: t.unsupported });
  const dest = destination(v.output);

  // The declaration: the --config file, each value overridden by its flag.
  const { decl: file, reach } = v.config ? await readDeclarationFile(v.config) : { decl: {}, reach: {} };
  const app = v['emergency-app'];
  if (app !== undefined && app !== 'none' && !isGuid(app))
    throw new UsageError(`--emergency-app ${app}: expected the app's appId (a GUID) or "none"`);
  const decl: ExportDeclaration = {
    ...(file.tenant ? { tenant: file.tenant } : {}),
    accounts: v.accounts !== undefined ? splitList(v.accounts).map(account) : (file.accounts ?? []),
    ...(v.group !== undefined
      ? { group: isGuid(v.group) ? { id: v.group } : { name: v.group } }
      : file.group
        ? { group: file.group }
        : {}),
    ...(app !== undefined
      ? app === 'none'
        ? {}
        : { emergencyApp: { appId: app } }
      : file.emergencyApp
        ? { emergencyApp: file.emergencyApp }
        : {}),
    source: v.config ? basename(v.config) : 'the command line',
  };
  if (decl.accounts.length === 0)
    throw new UsageError(
      'no break-glass accounts declared: pass --config tenants/<tenant>.yaml or --accounts bg1@contoso.onmicrosoft.com,… (breakglass never guesses them)',
    );

  const conn = await connect({ ...reach, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) });
  try {
    const { resolveDeclaration } = await import('../export/resolve.js');
    const resolved = await resolveDeclaration(decl, conn.session);

    const notes: string[] = [];
    let path: string | undefined;
    let existing: ExistingFile | undefined;
    if (dest.kind === 'file') {
      path = dest.path;
      notes.push(...fileNameNotes(t, basename(path), resolved.tenantId));
      if (existsSync(path)) existing = readExisting(path);
    } else if (dest.kind === 'dir') {
      path = join(dest.dir, t.fileName(resolved));
      if (existsSync(path)) existing = readExisting(path);
      else {
        const seed = (t.seedFrom ?? []).map((f) => join(dest.dir, f)).find((f) => existsSync(f));
        if (seed) {
          existing = readExisting(seed);
          notes.push(`started from a copy of ${seed} (left unchanged)`);
        }
      }
    }
    const out = t.render({ resolved, ...(path ? { path } : {}), ...(existing ? { existing } : {}) });
    const rendered = existing && path && existing.path !== path ? retarget(out.notes, existing.path, path) : out.notes;
    notes.push(...rendered);

    if (path) writeAtomically(path, out.text);
    else process.stdout.write(out.text);
    const { sanitize } = await import('../util/sanitize.js');
    const what = `${resolved.accounts.length} account${resolved.accounts.length === 1 ? '' : 's'}${resolved.group ? `, group ${resolved.group.displayName}` : ''}`;
    const lines = [
      path ? `wrote ${path} for ${t.tool} (${what})` : `${t.tool} configuration (${what}) written to standard output`,
      ...(path ? [] : [`save it as ${t.fileName(resolved)} (or pass --output DIR)`]),
      ...notes.map((n) => `note: ${n}`),
      `docs: ${t.docs[0]}`,
    ];
    process.stderr.write(lines.map((l) => `breakglass export: ${sanitize(l)}`).join('\n') + '\n');
    return EXIT.OK;
  } finally {
    await conn.close();
  }
}

/** Notes that name the seed file speak of the file written instead. */
function retarget(notes: string[], from: string, to: string): string[] {
  return notes.map((n) => n.replace(`merged into ${from}:`, `${to}:`));
}

/** Maester finds its file only under its own names, and a file named for another tenant is a mistake. */
function fileNameNotes(t: ExportTarget, name: string, tenantId: string): string[] {
  if (t.id !== 'maester') return [];
  const m = /^maester-config\.([0-9a-f-]{36})\.json$/i.exec(name);
  if (m && m[1]!.toLowerCase() !== tenantId)
    throw new UsageError(
      `--output ${name} is Maester's file for tenant ${m[1]}, but the declaration is for tenant ${tenantId}; nothing was written`,
      EXIT.FAIL,
    );
  if (m || name === 'maester-config.json') return [];
  return [
    `Maester reads maester-config.json or maester-config.${tenantId}.json (its tests folder, or up to five folders above it); rename the file or pass it with -ConfigFilePath`,
  ];
}

interface Connected {
  session: TenantSession;
  close(): Promise<void>;
}

/** A read-only session: the practice tenant, or a live tenant with only the permissions resolving needs. */
async function connect(v: Record<string, string | undefined>): Promise<Connected> {
  const { parseTenantFlags, resolveTenantConfig } = await import('../config/tenant-config.js');
  const { cloudProfile } = await import('../config/clouds.js');
  const { resolvePermissions } = await import('../export/resolve.js');
  const rest = SIGN_IN_FLAGS.flatMap((n) => (v[n] !== undefined ? [`--${n}`, v[n]] : []));
  const { flags } = parseTenantFlags([...rest, ...(v.tenant ? ['--tenant', v.tenant] : [])]);
  const cfg = await resolveTenantConfig({ flags });
  const graph = cloudProfile(cfg.mode === 'practice' ? 'practice' : cfg.cloud).resources.graph.replace(/\/+$/, '');
  if (cfg.mode === 'practice') {
    const { connectPractice } = await import('./practice-session.js');
    // The practice app's consent is the scenario's business; `.default` asks for what it was granted.
    const conn = await connectPractice({ scenario: v.scenario ?? 'healthy', scopes: [`${graph}/.default`] });
    return { session: conn.session, close: () => conn.close() };
  }
  if (v.scenario) throw new UsageError('--scenario only applies to the practice tenant (--tenant practice)');
  const appOnly = cfg.flow === 'client-certificate' || cfg.flow === 'client-secret';
  const { connectTenant } = await import('../tenant/connect.js');
  const session = connectTenant({
    mode: 'live',
    tenantId: cfg.tenantId,
    clientId: cfg.clientId,
    cloud: cfg.cloud,
    flow: cfg.flow,
    scopes: appOnly ? [`${graph}/.default`] : resolvePermissions().map((p) => `${graph}/${p}`),
    ...(cfg.certificatePath
      ? {
          certificate: {
            path: cfg.certificatePath,
            ...(cfg.certificatePassphraseEnv ? { passphraseEnv: cfg.certificatePassphraseEnv } : {}),
          },
        }
      : {}),
    secretEnv: cfg.secretEnv,
    callbacks: {
      // The device code goes to stderr so stdout stays the configuration file.
      onDeviceCode: (info) => process.stderr.write(`${info.message}\n`),
    },
  });
  return { session, close: () => session.close() };
}
