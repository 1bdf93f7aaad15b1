/**
 * The practice tenant's world: state + simulation. See docs/practice-scenarios.md.
 */
import type { World } from './world.js';
import {
  simulateSignIn as simulateSignInImpl,
  whatIf,
  evaluateConditionalAccess,
  type SimulatedSignIn,
} from './signins.js';
import { registerFido2 as registerFido2Impl } from './methods.js';
import { tick as tickImpl } from './monitoring.js';

export { World } from './world.js';
export type { WorldOptions, FoundApplication } from './world-state.js';
export { loadWorld, parseScenario, ScenarioError, listScenarios, scenarioDirs } from './load.js';
export { ScenarioSchema, scenarioJsonSchema, type Scenario, type ScenarioInput } from './schema.js';
export { WorldError } from './errors.js';
export {
  GLOBAL_ADMIN_ROLE_ID,
  DIRECTORY_ROLES,
  GRAPH_APP_ROLES,
  MS_GRAPH_APP_ID,
  KNOWN_AAGUIDS,
  PHONE_METHOD_IDS,
} from './catalog.js';
export { whatIf, evaluateConditionalAccess, type SimulatedSignIn };
export * as directory from './directory.js';
export * as methods from './methods.js';
export * as monitoring from './monitoring.js';
export type * from './state.js';

/** Simulate a user's sign-in (fido2 / password …); visible in logs after the ingestion delay. */
export function simulateSignIn(w: World, s: SimulatedSignIn): ReturnType<typeof simulateSignInImpl> {
  return simulateSignInImpl(w, s);
}
/** Register a FIDO2 key with a TAP, as at aka.ms/mysecurityinfo. */
export function registerFido2(
  w: World,
  args: Parameters<typeof registerFido2Impl>[1],
): ReturnType<typeof registerFido2Impl> {
  return registerFido2Impl(w, args);
}
/** Advance ingestion and alert evaluation to the current simulated time. */
export function tick(w: World): void {
  tickImpl(w);
}
