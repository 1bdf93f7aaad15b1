// ESLint (flat config): typescript-eslint with type information, and the
// floors of docs/architecture.md as an import-boundary rule. An import may
// only point to its own floor or a lower one; practice and tenant sit side
// by side and meet only through core.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Floors, lowest first: each may import the ones listed for it (and itself). */
const FLOORS = {
  core: [],
  util: ['core'],
  config: ['core', 'util'],
  journal: ['core', 'util'],
  expr: ['core', 'util'],
  runbook: ['core', 'util', 'config', 'expr'],
  state: ['core', 'util', 'journal'],
  tenant: ['core', 'util', 'config', 'expr', 'runbook'],
  practice: ['core', 'util', 'config', 'expr', 'runbook'],
  actions: ['core', 'util', 'config', 'expr', 'runbook', 'tenant', 'checks', 'queries'],
  checks: ['core', 'util', 'config', 'expr', 'runbook', 'tenant'],
  queries: ['core', 'util', 'config', 'expr', 'runbook', 'tenant', 'actions', 'checks'],
  // Peer-tool exporters: pure renderers plus a resolver that talks to Graph through core's TenantSession.
  export: ['core', 'util', 'config'],
  steps: ['core', 'util', 'config', 'expr', 'runbook', 'tenant', 'actions', 'checks', 'queries'],
  engine: ['core', 'util', 'config', 'expr', 'runbook', 'state', 'journal', 'steps'],
  report: ['core', 'util', 'config', 'expr', 'runbook', 'state', 'journal', 'steps', 'engine', 'checks', 'tenant'],
  frontend: ['core', 'util', 'config', 'expr', 'runbook', 'state', 'journal', 'steps', 'engine', 'report', 'checks'],
  commands: [
    'core',
    'util',
    'config',
    'expr',
    'runbook',
    'state',
    'journal',
    'tenant',
    'practice',
    'actions',
    'checks',
    'queries',
    'steps',
    'engine',
    'report',
    'frontend',
    'export',
    'commands',
  ],
};
const FRONT_ENDS = ['screens', 'components', 'plain', 'frontend'];

const elements = [
  ...Object.keys(FLOORS)
    .filter((f) => f !== 'frontend')
    .map((f) => ({ type: f, pattern: `src/${f}` })),
  ...FRONT_ENDS.map((f) => ({ type: 'frontend', pattern: `src/${f}` })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'examples/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        performance: 'readonly',
        NodeJS: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^(_|React$)',
          caughtErrors: 'none',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Sanitizers match terminal control characters on purpose.
      'no-control-regex': 'off',
      // Implementations of async interfaces (actions, queries, operator ports) need not await.
      '@typescript-eslint/require-await': 'off',
      // Props, ports and step kinds declare callbacks with method syntax and never use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // The practice tenant stringifies JSON it parsed itself; flagged values are strings or absent.
      '@typescript-eslint/no-base-to-string': 'off',
      // AbortSignal.reason is typed any and an Ink load error unknown: both are passed on unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // TypeScript checks names; this rule does not know TS globals and types.
      'no-undef': 'off',
    },
  },
  {
    // Tests poke at parsed JSON bodies and spies; the unsafe-* family would only add casts there.
    files: ['test/**', 'src/**/*.test.{ts,tsx}', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // `f = await until(...)` documents which frame a step waited for.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['src/**/*'],
      'import/resolver': { [`${import.meta.dirname}/eslint/ts-resolver.cjs`]: {} },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: 'this import points up a floor, or across from tenant to practice (floors: docs/architecture.md)',
          policies: [
            { allow: { to: { module: { origin: 'external' } } } },
            { allow: { to: { module: { origin: 'core' } } } },
            ...Object.entries(FLOORS).map(([floor, below]) => ({
              from: { element: { type: floor } },
              allow: { to: { element: { types: { anyOf: [floor, ...below] } } } },
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
