import { defineConfig } from 'vitest/config';

/**
 * The full fault-survival suite (`npm run test:faults`): crash at every
 * journal boundary, network faults, hostile input, secrets, hostile tenant
 * data, report tamper. Sized by BREAKGLASS_FAULTS_SCALE (default full);
 * test/faults-smoke.test.ts runs a small variant in the default suite.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
  },
});
