import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files share one Temporal dev server (see tests/global-setup.ts) but each has its own task queue
    // and SQLite file; two at a time suits a 2-core machine.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
