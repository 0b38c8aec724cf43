import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// ---------------------------------------------------------------- the layout, as import rules (docs/ARCHITECTURE.md)
// One `no-restricted-imports` setting applies per file (the last matching block wins), so each block
// below lists every pattern its files must follow. Imports are relative ('../../server/…'): the
// patterns are regular expressions over the import string.

const noNodeBuiltins = { regex: '^node:', message: 'this code also runs in the browser: no Node built-ins (pass what it needs in)' };

/** src/shared is pure logic for the server, the CLI and the browser. */
const sharedImports = [
  { regex: '^(\\.\\./)+(server|web|cli)(/|$)', message: 'src/shared imports nothing from server, web or cli: move what both need into src/shared' },
  noNodeBuiltins,
];

/** src/web: the browser takes types from the server's zod schemas (erased at build), nothing else. */
const webImports = [
  { regex: '^(\\.\\./)+cli(/|$)', message: 'src/web imports nothing from the CLI' },
  {
    regex: '^(\\.\\./)+server/(?!modules/[a-z-]+/[a-z.-]+\\.schema\\.js$|http/contract\\.js$)',
    message: 'src/web imports no server code: share it through src/shared, or take types from a module’s schema or the contract (import type)',
  },
  {
    // the contract (src/server/http/contract.ts) maps each route the browser calls to its response schema
    regex: '^(\\.\\./)+server/(modules/[a-z-]+/[a-z.-]+\\.schema|http/contract)\\.js$',
    allowTypeImports: true,
    message: 'from a server schema the browser takes types only (import type): the schema module pulls in server code',
  },
  noNodeBuiltins,
];

/** Server code never reaches into the browser app or the CLI. */
const serverImports = [{ regex: '^(\\.\\./)+(web|cli)(/|$)', message: 'server code imports nothing from src/web or src/cli' }];

/**
 * Modules talk through services: another module's repository is not imported (types excepted). The audit and
 * events repositories are the exception by design: every transaction writes its audit row and domain event
 * through them (docs/ARCHITECTURE.md, "Same transaction").
 */
const otherModulesRepo = {
  regex: '^\\.\\./(?!audit/audit\\.repo\\.js$|events/events\\.repo\\.js$)[a-z-]+/[a-z.-]+\\.repo\\.js$',
  allowTypeImports: true,
  message: 'modules talk through services: call the other module’s service, not its repository',
};

/** Routes are thin: parse, authorise, call the service. */
const routesImports = [{ regex: '\\.repo\\.js$', message: 'routes call services; only a service reaches a repository' }];

const restrict = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

/**
 * Services hold the rules and write no SQL: the queries live in the module's repository. A service may open
 * the unit of work (`db.transaction().execute(…)`) and pass `tx` to repository functions; it builds no query.
 */
const noSqlMessage = 'a service writes no SQL: put the query in the module’s repository (<area>.repo.ts) and call it, passing tx';
const serviceNoSql = [
  { selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|selectNoFrom|with|replaceInto|mergeInto)$/]', message: noSqlMessage },
  { selector: "TaggedTemplateExpression[tag.name='sql'], TaggedTemplateExpression[tag.object.name='sql']", message: noSqlMessage },
];
const serviceImportPaths = [{ name: 'kysely', importNames: ['sql'], message: noSqlMessage }];

/** A pack is parsed (readStoredPack, activePackCached, validatePackValue), never cast: a cast skips the defaults and the checks. */
const noPackCast = { selector: "TSAsExpression > TSTypeReference[typeName.name='Pack']", message: 'parse a pack (readStoredPack / activePackCached), do not cast to Pack' };

/** Query keys come from one factory (src/web/queryKeys.ts), so an invalidation names the same key as the query it refreshes. */
const queryKeyLiterals = [
  { selector: "Property[key.name='queryKey'] > ArrayExpression", message: 'take the query key from src/web/queryKeys.ts (keys.…), not an array literal' },
  {
    selector: "CallExpression[callee.property.name=/^(get|set)Query(Data|State)$|^(invalidate|refetch|cancel|remove|reset|fetch|prefetch|ensure)Quer(y|ies)(Data)?$/] > ArrayExpression",
    message: 'take the query key from src/web/queryKeys.ts (keys.…), not an array literal',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'e2e/screenshots/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'warn',
      'no-console': 'off',
      'no-restricted-syntax': ['error', noPackCast],
    },
  },
  {
    // the rules of hooks; the React Compiler's rules (slower: about 17 s of CPU over src/web) run in `npm run lint:deep`
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['src/shared/**/*.{ts,tsx}'], ignores: ['src/shared/**/*.test.ts'], rules: restrict(sharedImports) },
  { files: ['src/web/**/*.{ts,tsx}'], rules: restrict(webImports) },
  { files: ['src/web/**/*.{ts,tsx}'], ignores: ['src/web/queryKeys.ts'], rules: { 'no-restricted-syntax': ['error', noPackCast, ...queryKeyLiterals] } },
  { files: ['src/server/**/*.ts'], rules: restrict(serverImports) },
  { files: ['src/server/modules/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict([...serverImports, otherModulesRepo]) },
  { files: ['src/server/modules/**/*.routes.ts'], rules: restrict([...serverImports, otherModulesRepo, ...routesImports]) },
  {
    files: ['src/server/modules/**/*.service.ts'],
    rules: { ...restrict([...serverImports, otherModulesRepo], serviceImportPaths), 'no-restricted-syntax': ['error', noPackCast, ...serviceNoSql] },
  },
);
