/**
 * `npm run deps` (part of `npm test`): the layout's rules, checked on every import, type-only ones included
 * (tsPreCompilationDeps). docs/architecture.md says why each exists.
 */
const FEATURES = '(library|firesides|series|scheduler|topics|privacy)';
const ENTRY_POINTS = '^src/(main|shard|deploy-commands|library/check-cli|db/backup-cli)\\.ts$';
const DEV_ONLY = ['(^|/)packages/', '^tests/', '^demo/', '^bench/', '^scripts/'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No two files import each other, directly or through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-circular',
      comment: 'No two folders import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-imports-no-tools',
      comment: 'src/ and commands/ never import the emulator, the tests, the demo or the bench.',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { path: DEV_ONLY },
    },
    {
      name: 'production-imports-no-dev-dependency',
      comment: 'What npm start runs must work after npm ci --omit=dev (type-only imports of @types are fine).',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'plumbing-imports-no-feature',
      comment: 'src/core, src/db, src/discord and src/ops serve every feature and know none of them, nor the commands.',
      severity: 'error',
      from: { path: '^src/(core|db|discord|ops)/' },
      to: { path: [`^src/${FEATURES}/`, '^commands/', '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'core-imports-nothing',
      comment: 'Config, errors and the logger import nothing else of the project.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src|commands)/', pathNot: '^src/core/' },
    },
    {
      name: 'feature-through-index',
      comment: 'Another feature reaches one only through its index.ts (tests may reach inside what they test).',
      severity: 'error',
      from: { path: `^src/${FEATURES}/` },
      to: { path: `^src/${FEATURES}/`, pathNot: [`^src/$1/`, `^src/${FEATURES}/index\\.ts$`] },
    },
    {
      name: 'outside-through-index',
      comment: 'commands/ and the composition root reach a feature only through its index.ts.',
      severity: 'error',
      from: { path: ['^commands/', '^src/[^/]+\\.ts$'] },
      to: { path: `^src/${FEATURES}/`, pathNot: `^src/${FEATURES}/index\\.ts$` },
    },
    {
      name: 'src-runs-in-production',
      comment:
        'Every file in src/ is reached from an entry point (npm start, deploy-commands, content:check, db:schema).',
      severity: 'error',
      from: { path: ENTRY_POINTS },
      to: { path: '^src/', pathNot: ENTRY_POINTS, reachable: false },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
