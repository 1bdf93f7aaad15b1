/**
 * `check`: runs built-in checks (BG-001…) inline and takes the worst verdict.
 *
 *   check: BG-007            # or [BG-006, BG-007], or all
 *   with: { accounts: "${inputs.accounts}", group: "${inputs.exclusionGroup}", workspace: … }
 *
 * Fails closed: no results, or a check that could not run, is `error`.
 */
import { z } from 'zod';
import type { CheckConfig } from '../core/check.js';
import type { CheckResult } from '../core/events.js';
import type { TenantSession } from '../core/tenant.js';
import type { StepCatalog, StepKind } from '../core/step.js';
import { StepConfigError } from '../core/step-config-error.js';
import { unionPermissions } from './permissions.js';
import { errorResult } from './explain.js';

const schema = z.strictObject({
  check: z.union([
    z.literal('all'),
    z.string().regex(/^BG-\d{3}$/, 'a check id looks like BG-007'),
    z.array(z.string().regex(/^BG-\d{3}$/, 'a check id looks like BG-007')).min(1),
  ]),
});
export type CheckStepConfig = z.infer<typeof schema>;

/** `with:` of a check step: the break-glass declaration the checks judge against (CheckConfig). */
const checkArgs = z.strictObject({
  accounts: z.union([z.array(z.string().min(1)), z.string().min(1)]).optional(),
  group: z.string().min(1).optional(),
  workspace: z.string().min(1).optional(),
  validationMaxAgeDays: z.number().int().positive().optional(),
  rotationMaxAgeDays: z.number().int().positive().optional(),
  /** App id of the declared emergency app (service-principal-layered); `none` or empty when there is none. */
  emergencyApp: z.string().optional(),
  /** The layered door's exclusion group, which must be empty (BG-025); empty when there is none. */
  emergencyGroup: z.string().optional(),
  /** App id of a service principal kept as a break-glass identity (BG-023, BG-024); `none` or empty when there is none. */
  breakGlassApp: z.string().optional(),
  /** Its declared Microsoft Entra roles: a list, or a comma-separated string. */
  breakGlassAppRoles: z.union([z.array(z.string().min(1)), z.string()]).optional(),
  /** Its declared Microsoft Graph application permissions (default none). */
  breakGlassAppPermissions: z.union([z.array(z.string().min(1)), z.string()]).optional(),
});

const list = (v: unknown): string[] | undefined =>
  Array.isArray(v)
    ? v.map(String)
    : typeof v === 'string'
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : undefined;

export function checkIds(config: CheckStepConfig, catalog: StepCatalog): string[] {
  if (config.check === 'all') return catalog.checks().map((c) => c.id);
  const ids = Array.isArray(config.check) ? config.check : [config.check];
  ids.forEach((id, i) => {
    if (!catalog.check(id)) {
      const known = catalog.checks().map((c) => c.id);
      throw new StepConfigError(
        `unknown check "${id}"`,
        Array.isArray(config.check) ? ['check', i] : ['check'],
        known.length ? `known checks: ${known.join(', ')}` : 'no checks are registered',
      );
    }
  });
  return ids;
}

/** Resolved `with:` → CheckConfig. Accounts may be a list or a comma-separated string. */
export function checkConfigFrom(args: Record<string, unknown>, now: Date): CheckConfig {
  const raw = args['accounts'];
  const accounts = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.split(/[,\s]+/).filter(Boolean)
      : [];
  const cfg: CheckConfig = { accounts, now };
  // `none` (a runbook input's default): no emergency app is declared.
  const app = typeof args['emergencyApp'] === 'string' ? args['emergencyApp'].trim() : '';
  if (app && app.toLowerCase() !== 'none') cfg.emergencyApp = app;
  if (typeof args['group'] === 'string') cfg.group = args['group'];
  if (typeof args['workspace'] === 'string') cfg.workspace = args['workspace'];
  if (typeof args['validationMaxAgeDays'] === 'number') cfg.validationMaxAgeDays = args['validationMaxAgeDays'];
  if (typeof args['rotationMaxAgeDays'] === 'number') cfg.rotationMaxAgeDays = args['rotationMaxAgeDays'];
  if (typeof args['emergencyApp'] === 'string') cfg.emergencyApp = args['emergencyApp'];
  const layeredGroup = typeof args['emergencyGroup'] === 'string' ? args['emergencyGroup'].trim() : '';
  if (layeredGroup) cfg.emergencyGroup = layeredGroup;
  const bgApp = typeof args['breakGlassApp'] === 'string' ? args['breakGlassApp'].trim() : '';
  if (bgApp && bgApp.toLowerCase() !== 'none') {
    cfg.breakGlassApp = bgApp;
    cfg.breakGlassAppRoles = list(args['breakGlassAppRoles']) ?? [];
    cfg.breakGlassAppPermissions = list(args['breakGlassAppPermissions']) ?? [];
  }
  return cfg;
}

/** The shared fetch plan + evaluation (src/checks/run.ts), loaded when a check step runs. */
async function loadRunChecks() {
  return (await import('../checks/run.js')).runChecks;
}

const RANK: Record<CheckResult['verdict'], number> = { 'not-applicable': 0, pass: 1, warn: 2, fail: 3, error: 4 };

export function worstVerdict(results: CheckResult[]): 'pass' | 'warn' | 'fail' | 'error' {
  if (results.length === 0) return 'error';
  const worst = results.reduce(
    (w, r) => (RANK[r.verdict] > RANK[w] ? r.verdict : w),
    'not-applicable' as CheckResult['verdict'],
  );
  return worst === 'not-applicable' ? 'pass' : worst;
}

export const kind: StepKind<CheckStepConfig> = {
  name: 'check',
  schema,
  mayMutate: false,
  describe(config, _step, catalog) {
    const ids = checkIds(config, catalog);
    return {
      mutating: false,
      destructive: false,
      permissions: unionPermissions(ids.map((id) => catalog.check(id)!.permissions)),
      outputs: ['verdict', 'passed', 'failed', 'errors', 'warnings'],
      needsTenant: true,
    };
  },
  withArgs() {
    return [{ args: checkArgs }];
  },
  async run(ctx) {
    const ids = checkIds(ctx.config, ctx.catalog);
    let results: CheckResult[];
    let tenant: TenantSession | undefined;
    try {
      tenant = await ctx.tenant();
      const runChecks = await loadRunChecks();
      results = await runChecks(ctx.catalog.checks(), tenant, ids, checkConfigFrom(ctx.args, ctx.clock.now()));
    } catch (err) {
      return errorResult(`Checks ${ids.join(', ')} could not run`, err, tenant?.drainEvidence() ?? []);
    }
    const verdict = worstVerdict(results);
    const count = (v: string) => results.filter((r) => r.verdict === v).length;
    const outputs = {
      verdict,
      passed: count('pass'),
      failed: count('fail'),
      errors: count('error'),
      warnings: count('warn'),
    };
    const bad = results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'not-applicable');
    // "N passed" counts only passes: a check that did not apply is named as such, never counted as a pass.
    const notApplicable = results.filter((r) => r.verdict === 'not-applicable').map((r) => r.id);
    const summary =
      bad.length === 0
        ? `${count('pass')} check(s) passed` +
          (notApplicable.length ? `; not applicable: ${notApplicable.join(', ')}` : '')
        : bad.map((r) => `${r.id} ${r.verdict.toUpperCase()}: ${r.reason}`).join('; ');
    return {
      status: verdict,
      summary,
      outputs,
      checks: results,
      evidence: [...results.flatMap((r) => r.evidence), ...tenant.drainEvidence()],
    };
  },
};
