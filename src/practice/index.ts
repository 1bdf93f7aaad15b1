/**
 * The practice tenant's public surface. Import lazily (await import) from
 * anything `--help` loads: this pulls in TLS, jose and the world.
 */
export { startPracticeServer, type PracticeServer, type PracticeServerOptions, type PracticeWorld } from './server.js';
export type { FaultConfig } from './faults.js';
export type { CountersSnapshot, RequestCount } from './counters.js';
export { ADMIN_KEY_HEADER } from './admin.js';
export { createPracticeNetworkModule } from './identity/msal-network.js';
export type { PracticeApplication, DelegatedSignIn, IdentityDirectory } from './identity/directory.js';
