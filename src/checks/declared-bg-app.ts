/**
 * The service principal declared as a break-glass identity, as BG-023 and
 * BG-024 both start from it: not applicable when none is declared, an error
 * when it could not be read (never a pass), a failure when no application has
 * the declared appId — otherwise the app and its reference for findings.
 */
import type { CheckDefinition, CheckConfig } from '../core/check.js';
import type { CheckResult, ObjectRef } from '../core/events.js';
import type { BreakGlassApp, TenantSnapshot } from './snapshot.js';
import { errorResult, notApplicable, readError, result } from './result.js';

export type DeclaredApp = { app: BreakGlassApp; appRef: ObjectRef };

export function declaredBreakGlassApp(
  check: CheckDefinition<TenantSnapshot>,
  snap: TenantSnapshot,
  config: CheckConfig,
  remediation: string,
): DeclaredApp | Omit<CheckResult, 'evidence'> {
  const appId = config.breakGlassApp?.trim();
  if (!appId) return notApplicable(check, 'no service principal is declared as a break-glass identity');
  if (!snap.bgApp.ok)
    return errorResult(check, `could not read the break-glass app: ${readError(snap.bgApp)}`, remediation);
  const app = snap.bgApp.value;
  if (!app)
    return result(check, {
      verdict: 'fail',
      reason: `no application has the declared appId ${appId}`,
      objects: [{ type: 'application', name: appId }],
      remediation,
    });
  return { app, appRef: { type: 'application', id: app.application.id, name: app.application.displayName } };
}
