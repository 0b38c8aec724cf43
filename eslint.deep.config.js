/**
 * `npm run lint:deep`: everything `npm run lint` checks, plus the rules too slow to run on every save
 * (docs/ARCHITECTURE.md gives the times; CI runs both):
 * - the React Compiler's rules of eslint-plugin-react-hooks over the browser app (state copied in effects,
 *   refs read or written during render, impure render, memoization the compiler cannot keep);
 * - rules that need the type checker and catch real faults in the server, the CLI and their tests: a promise
 *   nobody awaits or catches, an `await` on something that is not a promise, a promise passed where a
 *   callback's result is ignored. The browser app is left out of these: react-router's navigate() is typed as
 *   returning a promise that nobody awaits.
 */
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import base from './eslint.config.js';

export default tseslint.config(
  ...base,
  { files: ['src/web/**/*.{ts,tsx}'], rules: reactHooks.configs.flat.recommended.rules },
  {
    files: ['src/server/**/*.ts', 'src/shared/**/*.ts', 'src/cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
);
