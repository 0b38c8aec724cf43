import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium (Debian's package) against the built server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
