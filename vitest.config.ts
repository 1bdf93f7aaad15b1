import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'dist/**', 'test/faults/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The practice tenant refuses any call without a vendored Microsoft contract (src/practice/contracts/README.md).
    env: { BREAKGLASS_PRACTICE_CONTRACTS: 'strict' },
  },
});
