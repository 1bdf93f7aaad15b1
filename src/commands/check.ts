/**
 * `breakglass check` — the read-only built-in checks, headless, for
 * pipelines and cron: no TUI, no prompts (except a device-code sign-in
 * message on stderr for live tenants).
 *
 * Exit codes: 0 all pass (warn / not-applicable allowed), 1 any fail,
 * 2 any error (error wins over fail: a check that could not run must not
 * be mistaken for a known state), 64 usage (incl. no accounts declared),
 * 66 unreadable config/runbook.
 *
 * Accounts and the exclusion group come from flags or the config file,
 * never from a guess; when none are given, candidates proposed from CA
 * exclusions are printed as suggestions and the command stops.
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { EXIT } from '../core/exit-codes.js';
import type { CheckConfig } from '../core/check.js';
import type { TenantSession } from '../core/tenant.js';
import type { ConnectedSession } from '../tenant/connect.js';
import { UsageError } from '../core/errors.js';
import { reportError } from './report-error.js';
import { WORKSPACE_READS } from './derive-workspace.js';
import type { Declaration } from '../config/declaration.js';
import { splitList } from '../config/split-list.js';

const FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: breakglass check [runbook|--all] [--tenant practice|<id>] [--scenario NAME]
                        [--accounts a,b] [--group G] [--workspace ID] [--checks BG-001,…]
                        [--config FILE] [--emergency-app ID|none] [--what-if] [--format text|json|junit|sarif|markdown] [--output FILE] [--also FORMAT=FILE]
       breakglass check --explain BG-0NN
Runs the read-only break-glass checks without the TUI.
  --accounts     the break-glass accounts' UPNs, comma-separated (required, or "accounts" in --config)
  --group        exclusion group object id or display name
  --workspace    Log Analytics workspace resource id (/subscriptions/…/workspaces/…)
  --checks       only these check ids; a runbook argument runs the checks its steps use
  --config       the tenant's declaration, JSON or YAML: { tenant, cloud, clientId, accounts, group, workspace,
                 emergencyApp, checks, whatIf, … } (docs/declaration.md); flags override its values
  --emergency-app  the emergency application's appId, or "none"
  --also         FORMAT=FILE: the same results in another format too (repeat; one set of reads)
  --what-if      also run BG-018 (Conditional Access What-If, Graph beta)
  --explain      print a check's page (what it judges, why, how to fix) and exit
  --scenario     practice tenant scenario (with --tenant practice; default healthy)
Exit: 0 pass (warnings allowed) · 1 a check failed · 2 a check could not run · 64 usage`;

const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Check ids a runbook's check steps use (including group children). */
async function checksOfRunbook(ref: string): Promise<string[]> {
  const { loadRunbook } = await import('../runbook/parse.js');
  const { existsSync } = await import('node:fs');
  let path = ref;
  if (!existsSync(path)) {
    const { shippedRunbooksDir } = await import('../runbook/library.js');
    const { join } = await import('node:path');
    const candidate = join(shippedRunbooksDir(), ref.endsWith('.md') ? ref : `${ref}.md`);
    if (existsSync(candidate)) path = candidate;
    else
      throw new UsageError(
        `no runbook "${ref}" (not a file, not a shipped runbook id). List them with \`breakglass list\`.`,
        EXIT.NO_INPUT,
      );
  }
  const r = await loadRunbook(path, (await import('../steps/catalog.js')).builtInCatalog());
  if (!r.runbook) {
    const first = r.diagnostics.find((d) => d.severity === 'error');
    throw new UsageError(
      `runbook ${path} is invalid${first ? `: ${first.line}:${first.col}: ${first.message}` : ''} — see \`breakglass validate ${path}\``,
      r.unreadable ? EXIT.NO_INPUT : EXIT.FAIL,
    );
  }
  const ids = new Set<string>();
  const walk = (steps: typeof r.runbook.steps): void => {
    for (const s of steps) {
      if (s.kind === 'check') {
        const c = s.config.check ?? s.config.checks;
        for (const id of Array.isArray(c) ? c : [c])
          if (typeof id === 'string' && /^BG-\d{3}$/i.test(id)) ids.add(id.toUpperCase());
      }
      walk(s.children);
    }
  };
  walk(r.runbook.steps);
  if (ids.size === 0) throw new UsageError(`runbook ${path} has no built-in check steps (check: BG-0nn); use --all`);
  return [...ids].sort();
}

interface Connected {
  session: ConnectedSession;
  /** The tenant's id (GUID) as signed in to; carried into every output so fleets can merge. */
  tenantId: string;
  /** In-process practice only: the break-glass set-up its scenario declares, and the scenario's name. */
  declared?: { scenario: string; accounts: string[]; group?: string; workspace?: string; emergencyApp?: string };
  close(): Promise<void>;
}

async function connect(
  tenantArg: string | undefined,
  scenario: string | undefined,
  rest: string[],
  scopesGraph: string[],
  scopesArm: boolean,
  stateDirFlag?: string,
): Promise<Connected> {
  const { connectTenant } = await import('../tenant/connect.js');
  const { parseTenantFlags, resolveTenantConfig, APP_ONLY_FLOWS } = await import('../config/tenant-config.js');
  const { cloudProfile } = await import('../config/clouds.js');
  const { flags } = parseTenantFlags([...rest, ...(tenantArg ? ['--tenant', tenantArg] : [])]);
  const cfg = await resolveTenantConfig({ flags });
  const resources = cloudProfile(cfg.mode === 'practice' ? 'practice' : cfg.cloud).resources;
  const trim = (s: string) => s.replace(/\/+$/, '');
  const delegated = [
    ...scopesGraph.map((s) => `${trim(resources.graph)}/${s}`),
    ...(scopesArm ? [`${trim(resources.arm)}/user_impersonation`] : []),
  ];
  const appOnly = APP_ONLY_FLOWS.includes(cfg.flow);
  const scopes = appOnly
    ? [`${trim(resources.graph)}/.default`, ...(scopesArm ? [`${trim(resources.arm)}/.default`] : [])]
    : delegated;
  const credentials = {
    ...(cfg.certificatePath
      ? {
          certificate: {
            path: cfg.certificatePath,
            ...(cfg.certificatePassphraseEnv ? { passphraseEnv: cfg.certificatePassphraseEnv } : {}),
          },
        }
      : {}),
    secretEnv: cfg.secretEnv,
  };
  // A practice tenant already running (`breakglass practice serve`, BREAKGLASS_PRACTICE_URL) serves
  // "--tenant practice" and — to rehearse a fleet pipeline unchanged — a declared tenant id that is
  // exactly the practice tenant's own id. Every output then says PRACTICE.
  if (process.env['BREAKGLASS_PRACTICE_URL'] && !scenario) {
    const { externalPractice } = await import('../practice/target.js');
    const target = await externalPractice(process.env);
    if (cfg.mode === 'practice' || target.tenantId.toLowerCase() === cfg.tenantId.toLowerCase()) {
      const session = connectTenant({
        mode: 'practice',
        cloud: 'practice',
        tenantId: target.tenantId,
        endpoints: target.endpoints,
        caPem: target.caPem,
        clientId: cfg.clientId,
        flow: cfg.flow,
        scopes: appOnly ? scopes : [`${trim(resources.graph)}/.default`],
        label: `PRACTICE · ${target.tenantId}`,
        ...credentials,
        callbacks: { onDeviceCode: (info) => void target.approve(info.userCode) },
      });
      return { session, tenantId: target.tenantId, close: () => session.close() };
    }
  }
  if (cfg.mode === 'practice') {
    const { connectPractice } = await import('./practice-session.js');
    // The practice app's consent is the scenario's business; `.default` asks for what it was granted.
    const { resolveStateDir, practiceKeyStore } = await import('../state/paths.js');
    const conn = await connectPractice({
      scenario: scenario ?? 'healthy',
      keyStore: practiceKeyStore(resolveStateDir(stateDirFlag)),
      scopes: [`${trim(resources.graph)}/.default`, ...(scopesArm ? [`${trim(resources.arm)}/.default`] : [])],
    });
    const declared = conn.server.world.declaredBreakGlass;
    return {
      session: conn.session,
      tenantId: conn.server.tenantId,
      ...(declared ? { declared: { scenario: scenario ?? 'healthy', ...declared } } : {}),
      close: () => conn.close(),
    };
  }
  if (scenario) throw new UsageError('--scenario only applies to the practice tenant (--tenant practice)');
  const session = connectTenant({
    mode: 'live',
    tenantId: cfg.tenantId,
    clientId: cfg.clientId,
    cloud: cfg.cloud,
    flow: cfg.flow,
    scopes,
    ...credentials,
    callbacks: {
      // Headless: the device code goes to stderr so stdout stays machine-readable.
      onDeviceCode: (info) =>
        process.stderr.write(`${(info as { message?: string }).message ?? JSON.stringify(info)}\n`),
    },
  });
  return { session, tenantId: cfg.tenantId, close: () => session.close() };
}

export async function run(args: string[]): Promise<number> {
  try {
    return await runCheck(args);
  } catch (e) {
    return reportError('check', e, { usageHint: 'Run `breakglass check --help` for usage.' });
  }
}

async function runCheck(args: string[]): Promise<number> {
  const tenantFlagNames = ['client-id', 'cloud', 'flow', 'certificate', 'certificate-passphrase-env', 'secret-env'];
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        all: { type: 'boolean' },
        tenant: { type: 'string' },
        scenario: { type: 'string' },
        accounts: { type: 'string' },
        group: { type: 'string' },
        workspace: { type: 'string' },
        checks: { type: 'string' },
        config: { type: 'string' },
        'what-if': { type: 'boolean' },
        'emergency-app': { type: 'string' },
        also: { type: 'string', multiple: true },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        verbose: { type: 'boolean' },
        explain: { type: 'string' },
        'state-dir': { type: 'string' },
        ...Object.fromEntries(tenantFlagNames.map((n) => [n, { type: 'string' as const }])),
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const { positionals } = parsed;
  const v = parsed.values as Record<string, string | boolean | undefined>;
  // A check's page needs no tenant: print it and stop.
  if (v.explain !== undefined) return explain(v.explain as string);
  if (positionals.length > 1)
    throw new UsageError(`expected at most one runbook, got ${positionals.length}: ${positionals.join(' ')}`);
  if (positionals.length && v.all) throw new UsageError('give a runbook or --all, not both');
  const format = (v.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${v.format}" (one of ${FORMATS.join(', ')})`);

  const also = ((parsed.values as { also?: string[] }).also ?? []).map((a): [Format, string] => {
    const m = /^([a-z]+)=(.+)$/.exec(a);
    if (!m || !FORMATS.includes(m[1] as Format))
      throw new UsageError(`--also takes FORMAT=FILE with FORMAT one of ${FORMATS.join(', ')} (got "${a}")`);
    return [m[1] as Format, m[2]!];
  });
  // The declaration reader (YAML, zod) loads only when there is a declaration to read.
  const file: Declaration = v.config
    ? (await import('../config/declaration.js')).readDeclaration(v.config as string)
    : {};
  const accounts = (
    v.accounts !== undefined ? splitList(v.accounts as string) : (file.accounts ?? []).map((a) => a.upn)
  ).map((a) => a.toLowerCase());
  const bad = accounts.filter((a) => !UPN.test(a));
  if (bad.length)
    throw new UsageError(`not a user principal name: ${bad.join(', ')} (expected name@tenant.onmicrosoft.com)`);

  const { permissionsFor, runChecksDetailed, resolveChecks, UnknownCheckError } = await import('../checks/run.js');
  const { BUILT_IN_CHECKS } = await import('../checks/index.js');
  let ids: string[] | 'all' = 'all';
  if (positionals[0]) ids = await checksOfRunbook(positionals[0]);
  const only = v.checks !== undefined ? splitList(v.checks as string) : file.checks;
  if (only?.length) ids = ids === 'all' ? only : ids.filter((i) => only.map((o) => o.toUpperCase()).includes(i));
  try {
    resolveChecks(BUILT_IN_CHECKS, ids);
  } catch (e) {
    if (e instanceof UnknownCheckError) throw new UsageError(e.message);
    throw e;
  }

  const config: CheckConfig = {
    accounts,
    ...((v.group ?? file.group) ? { group: (v.group ?? file.group) as string } : {}),
    ...((v.workspace ?? file.workspace) ? { workspace: (v.workspace ?? file.workspace) as string } : {}),
    ...(file.validationMaxAgeDays ? { validationMaxAgeDays: file.validationMaxAgeDays } : {}),
    ...(file.rotationMaxAgeDays ? { rotationMaxAgeDays: file.rotationMaxAgeDays } : {}),
    ...(file.lastSignedValidation ? { lastSignedValidation: file.lastSignedValidation } : {}),
    whatIf: !!(v['what-if'] || file.whatIf),
  };
  const emergencyApp = ((v['emergency-app'] as string | undefined) ?? file.emergencyApp)?.trim();
  if (emergencyApp && emergencyApp.toLowerCase() !== 'none') config.emergencyApp = emergencyApp;
  if (file.emergencyGroup?.trim()) config.emergencyGroup = file.emergencyGroup.trim();
  if (file.breakGlassApp && file.breakGlassApp !== 'none') {
    config.breakGlassApp = file.breakGlassApp.appId;
    config.breakGlassAppRoles = file.breakGlassApp.roles;
    config.breakGlassAppPermissions = file.breakGlassApp.permissions;
    config.breakGlassAppAzureRoles = file.breakGlassApp.azureRoles;
    if (file.breakGlassApp.allowedLocation) config.breakGlassAppAllowedLocation = file.breakGlassApp.allowedLocation;
  }

  const perms = permissionsFor(BUILT_IN_CHECKS, ids);
  // The declaration names its tenant, cloud and app; a flag on the command line still wins.
  const fromFile: Record<string, string | undefined> = { cloud: file.cloud, 'client-id': file.clientId };
  const tenantRest = tenantFlagNames.flatMap((n) => {
    const val = (v[n] as string | undefined) ?? fromFile[n];
    return val !== undefined ? [`--${n}`, val] : [];
  });
  const conn = await connect(
    (v.tenant as string | undefined) ?? file.tenant,
    v.scenario as string | undefined,
    tenantRest,
    perms.graph,
    perms.arm.length > 0,
    v['state-dir'] as string | undefined,
  );
  try {
    // Sign in first: a failed sign-in is one clear error, not nineteen copies of it.
    await conn.session.identity();
    // A practice scenario declares its own break-glass set-up; it fills what neither a flag nor
    // the declaration file gave, and the operator is told where it came from.
    if (accounts.length === 0 && conn.declared) {
      const d = conn.declared;
      accounts.push(...d.accounts);
      if (!config.group && d.group) config.group = d.group;
      if (!config.workspace && d.workspace) config.workspace = d.workspace;
      if (
        !config.emergencyApp &&
        emergencyApp === undefined &&
        d.emergencyApp &&
        d.emergencyApp.toLowerCase() !== 'none'
      )
        config.emergencyApp = d.emergencyApp;
      process.stderr.write(
        `breakglass check: checking the break-glass set-up declared by practice scenario ${d.scenario}: ${d.accounts.join(', ')}` +
          `${config.group ? `, group ${config.group}` : ''}\n`,
      );
    }
    if (accounts.length === 0) return await noAccounts(conn.session);
    // No workspace, and checks that look in it: offer the ones the tenant sends its sign-in logs to.
    const wsChecks = resolveChecks(BUILT_IN_CHECKS, ids).filter((c) => c.reads.some((r) => WORKSPACE_READS.has(r)));
    if (!config.workspace && wsChecks.length > 0) {
      const chosen = await offerWorkspace(conn.session, args, format === 'text' && !v.output);
      if (chosen.stop) return EXIT.USAGE;
      if (chosen.workspace) config.workspace = chosen.workspace;
    }
    // The reads start with Graph: the ARM and Log Analytics tokens are asked for meanwhile, not
    // each when its first request is made.
    if (perms.arm.length > 0) conn.session.prefetchTokens(config.workspace ? ['arm', 'logs'] : ['arm']);
    const started = Date.now();
    const { results } = await runChecksDetailed(BUILT_IN_CHECKS, conn.session, ids, config);
    const { exitCodeFor } = await import('../checks/output/report.js');
    const report = {
      tool: { name: 'breakglass' as const, version: (await import('../util/version.js')).version() },
      tenant: { id: conn.tenantId, label: conn.session.label, mode: conn.session.mode },
      generatedAt: new Date().toISOString(),
      durationMs: Date.now() - started,
      config: {
        accounts,
        ...(config.group ? { group: config.group } : {}),
        ...(config.workspace ? { workspace: config.workspace } : {}),
        ...(v.config ? { declaration: v.config as string } : {}),
      },
      results,
      rationale: Object.fromEntries(BUILT_IN_CHECKS.map((c) => [c.id, c.rationale])),
    };
    const write = (file: string, text: string): void => {
      try {
        writeFileSync(file, text);
      } catch (e) {
        throw new UsageError(
          `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          EXIT.NO_INPUT,
        );
      }
    };
    // --also: the same results in more formats, from the one set of reads.
    for (const [f, file] of also) write(file, await render(f, report, { isTTY: false }, !!v.verbose));
    const out = await render(format, report, v.output ? { isTTY: false } : process.stdout, !!v.verbose);
    if (v.output) {
      write(v.output as string, out);
      if (format !== 'text') {
        const { summarize } = await import('../checks/output/report.js');
        const s = summarize(results);
        process.stderr.write(
          `breakglass check: ${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.error} errors → ${v.output}\n`,
        );
      }
    } else process.stdout.write(out);
    return exitCodeFor(results);
  } finally {
    await conn.close();
  }
}

async function render(
  format: Format,
  report: import('../checks/output/report.js').CheckReport,
  stream: { isTTY?: boolean; columns?: number },
  verbose: boolean,
): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../checks/output/json.js')).renderJson(report);
    case 'junit':
      return (await import('../checks/output/junit.js')).renderJunit(report);
    case 'sarif':
      return (await import('../checks/output/sarif.js')).renderSarif(report);
    case 'markdown':
      return (await import('../checks/output/markdown.js')).renderMarkdown(report);
    default: {
      const t = await import('../checks/output/text.js');
      return t.renderText(report, { color: t.colorAllowed(stream), width: stream.columns ?? 100, verbose });
    }
  }
}

/** `--explain BG-0NN`: the check's page (docs/checks/BG-0NN.md) as terminal text; an unknown id is a usage error. */
async function explain(idArg: string): Promise<number> {
  const id = idArg.trim().toUpperCase();
  const { BUILT_IN_CHECKS } = await import('../checks/index.js');
  const ids = BUILT_IN_CHECKS.map((c) => c.id);
  if (!ids.includes(id)) throw new UsageError(`no check "${idArg}" to explain. Valid ids: ${ids.join(', ')}`);
  const page = await import('../checks/output/page.js');
  const md = page.readCheckPage(id);
  // Every built-in check ships a page (test/check-pages.test.ts); a package without it is incomplete.
  if (md === undefined)
    throw new UsageError(`the page of ${id} (${page.pagePath(id)}) is missing from this installation`, EXIT.NO_INPUT);
  const { colorAllowed } = await import('../checks/output/text.js');
  process.stdout.write(
    page.renderPage(md, { color: colorAllowed(process.stdout), width: Math.min(100, process.stdout.columns ?? 80) }),
  );
  return EXIT.OK;
}

/**
 * The workspaces the Entra diagnostic settings send sign-in logs to, offered (./derive-workspace.ts):
 * at a terminal the person chooses one or none; otherwise the exact flag is printed and the check
 * stops (stop → the usage code). No workspace: nothing to offer, or none chosen — the checks go on.
 */
async function offerWorkspace(
  session: TenantSession,
  args: string[],
  canAsk: boolean,
): Promise<{ stop: boolean; workspace?: string }> {
  const { findWorkspaceCandidates, workspaceHint } = await import('./derive-workspace.js');
  const cands = await findWorkspaceCandidates(session);
  if (cands.length === 0) return { stop: false };
  const { sanitize } = await import('../util/sanitize.js');
  if (!(canAsk && process.stdin.isTTY && process.stderr.isTTY)) {
    const quoted = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
    const lines = workspaceHint(cands, ['breakglass', 'check', ...quoted].join(' '));
    process.stderr.write(lines.map((l) => `breakglass check: ${sanitize(l)}`).join('\n') + '\n');
    return { stop: true };
  }
  const { default: select } = await import('@inquirer/select');
  const none = '\u0000none';
  const picked = await select(
    {
      message: 'No --workspace given. Which workspace holds the break-glass alert rules?',
      choices: [
        ...cands.map((c) => ({
          name: sanitize(c.workspace),
          value: c.workspace,
          description: `Entra diagnostic setting ${c.settings.map((n) => `"${sanitize(n)}"`).join(', ')} sends sign-in logs here`,
        })),
        { name: 'None: check without a workspace', value: none },
      ],
    },
    { output: process.stderr },
  );
  if (picked === none) return { stop: false };
  process.stderr.write(
    `breakglass check: checking the alert rules in ${sanitize(picked)} (chosen; pass --workspace to skip this question)\n`,
  );
  return { stop: false, workspace: picked };
}

/** No accounts declared: exit 64, listing CA-exclusion candidates as suggestions when we can read them. */
async function noAccounts(session: TenantSession): Promise<number> {
  const lines = [
    'no break-glass accounts declared: pass --accounts a@x.onmicrosoft.com,b@x.onmicrosoft.com or set "accounts" in --config.',
    'breakglass never guesses which accounts are the break-glass accounts.',
  ];
  try {
    const { fetchSnapshot } = await import('../checks/fetch-plan.js');
    const { suggestCandidates } = await import('../checks/suggest.js');
    const { snapshot } = await fetchSnapshot(session, ['caPolicies'], { accounts: [] });
    const cands = suggestCandidates(snapshot);
    if (cands.length) {
      const names = await resolveNames(
        session,
        cands.map((c) => c.id),
      );
      lines.push(
        '',
        'Suggestions only (objects excluded from most Conditional Access policies) — verify before using:',
      );
      for (const c of cands)
        lines.push(`  suggestion: ${c.kind} ${names[c.id] ?? c.id}  (excluded by ${c.excludedBy} policies)`);
    }
  } catch {
    // Suggestions are a courtesy; the usage error stands on its own.
  }
  const { sanitize } = await import('../util/sanitize.js');
  process.stderr.write(lines.map((l) => `breakglass check: ${sanitize(l)}`).join('\n') + '\n');
  return EXIT.USAGE;
}

async function resolveNames(session: TenantSession, ids: string[]): Promise<Record<string, string>> {
  const res = await session.graph.batch(
    ids.map((id) => ({
      method: 'GET' as const,
      path: `/directoryObjects/${id}?$select=id,displayName,userPrincipalName`,
    })),
  );
  const out: Record<string, string> = {};
  res.forEach((r, i) => {
    const b = r.body as { userPrincipalName?: string; displayName?: string } | undefined;
    if (r.status < 300 && b) out[ids[i]!] = b.userPrincipalName ?? b.displayName ?? ids[i]!;
  });
  return out;
}

export { USAGE };
