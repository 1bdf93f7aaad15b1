/**
 * Registers every built-in query. Import this module (for its side effect)
 * before looking anything up in ./registry.ts. One file per query.
 */
import { registerQuery } from './registry.js';
import { query as tenantInfo } from './tenant-info.js';
import { query as fido2Registered } from './fido2-registered.js';
import { query as methodsInventory } from './methods-inventory.js';
import { query as signinsArrived } from './signins-arrived.js';
import { query as alertFired } from './alert-fired.js';
import { query as rolesEffective } from './roles-effective.js';
import { query as signinsHistory } from './signins-history.js';
import { query as drillStart } from './drill-start.js';
import { query as caExclusionPlan } from './ca-exclusion-plan.js';

for (const q of [tenantInfo, fido2Registered, methodsInventory, signinsArrived, alertFired, rolesEffective, signinsHistory, drillStart, caExclusionPlan]) registerQuery(q);
