// Lint that keeps the layers (see docs/architecture.md, "Layers"): promises are awaited or handled, and each
// layer imports only what sits under it. Type-aware, on the same tsconfig as `npm run typecheck`.
import tseslint from 'typescript-eslint';

/** Below the API nothing knows of HTTP: errors are AppError codes, statuses are the API's catalogue. */
const NO_API = { regex: '^(\\.\\./)+api/', message: 'Only the API imports api/: raise an AppError (domain/errors.ts) and let the catalogue give the status.' };

/** Nothing outside tests/ imports the tests' code. */
const NO_TESTS = { regex: '(^|/)tests/', message: 'Only tests import tests/; move what is shared into scripts/ or a module.' };

/**
 * Import restrictions per layer. A later flat-config block replaces an earlier one's options for the
 * same rule, so each layer lists all of its patterns, the tests one included.
 */
const layers = [
  {
    // Workflow code runs in Temporal's deterministic sandbox: only the workflow SDK, the domain and
    // the workflows' own modules (the contract among them). Types may come from anywhere.
    files: ['workflows/**/*.ts'],
    patterns: [
      {
        // @temporalio/common is the SDK's own deterministic code (errors, payload types) the sandbox bundles too.
        regex: '^(?!@temporalio/workflow$|@temporalio/common$|(\\.\\./)+domain/|\\./)',
        allowTypeImports: true,
        message: 'Workflows import only the workflow SDK (@temporalio/workflow, @temporalio/common), domain/ and workflows/ (type-only imports from elsewhere).',
      },
      NO_TESTS,
    ],
  },
  {
    // The contract also defines the search-attribute keys, which only @temporalio/common exports.
    files: ['workflows/definitions.ts'],
    patterns: [
      {
        regex: '^(?!@temporalio/workflow$|@temporalio/common$|(\\.\\./)+domain/|\\./)',
        allowTypeImports: true,
        message: 'The contract imports only the Temporal SDK, domain/ and workflows/ (type-only imports from elsewhere).',
      },
      NO_TESTS,
    ],
  },
  {
    // Routes parse, authorise and call a service; the store is the services' business, and what the
    // worker runs (activities, schedules) is not called from a request.
    files: ['api/routes/**/*.ts'],
    patterns: [
      { regex: '^drizzle-orm(/|$)', message: 'Routes do not query the store: call a service (services/).' },
      { regex: '(^|/)db/(schema|client)(\\.js)?$', message: 'Routes do not query the store: call a service (services/).' },
      { regex: '^(\\.\\./)+(activities|schedules)/', message: 'Routes call services, not the worker\'s activities or schedules: move what both need into services/, domain/ or config.ts.' },
      NO_TESTS,
    ],
  },
  {
    // The domain is pure rules: it knows nothing of the API, the store, activities, workflows or delivery.
    files: ['domain/**/*.ts'],
    patterns: [
      { regex: '^(\\.\\./)+(api|db|activities|workflows|services|notify)/', message: 'domain/ imports no api, db, activities, workflows, services or notify.' },
      NO_TESTS,
    ],
  },
  {
    // Services sit under the API and the activities: they raise AppError codes, never HTTP answers.
    files: ['services/**/*.ts'],
    patterns: [
      NO_API,
      { regex: '^(\\.\\./)+activities/', message: 'Activities call services, not the other way: move what both need into services/ or domain/.' },
      NO_TESTS,
    ],
  },
  {
    // Activities use services, the store and the domain; of the workflows only the contract, or types.
    files: ['activities/**/*.ts'],
    patterns: [
      {
        regex: '^(\\.\\./)+workflows/(?!definitions\\.js$)',
        allowTypeImports: true,
        message: 'Activities import from workflows/ only the contract (workflows/definitions.ts) or types.',
      },
      NO_API,
      NO_TESTS,
    ],
  },
  {
    // The store sits under the services: they own its queries and call it, never the other way.
    files: ['db/**/*.ts'],
    patterns: [
      { ...NO_API, regex: '^(\\.\\./|\\./)+api/' },
      { regex: '^(\\.\\./)+services/', message: 'db/ never imports services/: services call the store; move what both need into db/ or domain/.' },
      NO_TESTS,
    ],
  },
  {
    // Notifications, schedules and the worker sit below the API too.
    files: ['notify/**/*.ts', 'schedules/**/*.ts', 'worker.ts'],
    patterns: [{ ...NO_API, regex: '^(\\.\\./|\\./)+api/' }, NO_TESTS],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'dist/**', 'data/**', 'bench/tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Some files carry directives for rules this config does not turn on; they are not errors.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_TESTS] }],
    },
  },
  // Tests may import each other's support code.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  ...layers.map(({ files, patterns }) => ({ files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } })),
);
