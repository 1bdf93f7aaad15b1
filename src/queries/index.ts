/** The built-in queries, one file each; the catalogue (src/steps/catalog.ts) lists them. */
import type { AnyQuery } from '../core/catalog.js';
import { query as tenantInfo } from './tenant-info.js';
import { query as fido2Registered } from './fido2-registered.js';
import { query as methodsInventory } from './methods-inventory.js';
import { query as signinsArrived } from './signins-arrived.js';
import { query as alertFired } from './alert-fired.js';
import { query as rolesEffective } from './roles-effective.js';
import { query as signinsHistory } from './signins-history.js';
import { query as drillStart } from './drill-start.js';
import { query as caExclusionPlan } from './ca-exclusion-plan.js';
import { query as authMethodPolicy } from './auth-method-policy.js';
import { query as appProveToken } from './app-prove-token.js';
import { query as appAuditTrail } from './app-audit-trail.js';
import { query as appSignInsArrived } from './app-signins-arrived.js';
import { query as auditActionsByAccounts } from './audit-actions-by-accounts.js';

/** Every built-in query. */
export const BUILT_IN_QUERIES: readonly AnyQuery[] = [
  tenantInfo,
  fido2Registered,
  methodsInventory,
  signinsArrived,
  alertFired,
  rolesEffective,
  signinsHistory,
  drillStart,
  caExclusionPlan,
  authMethodPolicy,
  appProveToken,
  appAuditTrail,
  appSignInsArrived,
  auditActionsByAccounts,
];
