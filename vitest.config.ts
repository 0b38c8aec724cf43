import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the browser app's components compile as tsconfig.web.json says (react-jsx), for the tests that render them
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
