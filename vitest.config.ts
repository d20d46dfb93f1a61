import { defineConfig } from 'vitest/config';
import { SQLITE_ONLY } from './scripts/pg/sqlite-only-tests.js';

// npm run test:pg: the same files on PostgreSQL, but for those that test SQLite itself.
const onPostgres = process.env.TEST_STORE === 'postgres';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(onPostgres ? SQLITE_ONLY.map((t) => t.file) : [])],
    globalSetup: ['tests/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files share one Temporal dev server (see tests/global-setup.ts) but each has its own task queue
    // and SQLite file; two at a time suits a 2-core machine.
    maxWorkers: 2,
    fileParallelism: true,
    // Every answer the API gives in a test is also serialized by zod and must be the same text (api/answer-serializer.ts).
    env: { ANSWER_SERIALIZER_CHECK: '1' },
  },
});
