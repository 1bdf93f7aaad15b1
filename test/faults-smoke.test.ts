/**
 * The fault-survival suite at smoke size, in the default `npm test`: the
 * same tests as `npm run test:faults` (test/faults/**), with
 * BREAKGLASS_FAULTS_SCALE=smoke — a spread of kill points on one runbook,
 * one runbook under network faults, 400 hostile runbooks, the secrets
 * sweep of one run, ~400 single-byte report tampers, hostile tenant data.
 */
process.env['BREAKGLASS_FAULTS_SCALE'] ??= 'smoke';

await import('./faults/crash.test.js');
await import('./faults/network.test.js');
await import('./faults/input.test.js');
await import('./faults/secrets.test.js');
await import('./faults/tamper.test.js');
await import('./faults/hostile-data.test.js');
