// ESLint's core recommended rules with typescript-eslint's recommended type-checked rules, on the TypeScript that
// tsconfig.check.json types (src, test, sandbox, scripts, bench, soak). `npm run lint` runs it after Prettier and tsc.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  // dist/ is ncc's output of src/.
  globalIgnores(['dist/', 'coverage/', 'build/', 'bench/.out/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // A leading underscore is how this code names a parameter it must accept but does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Finding control characters in outside text (ids, messages, file names) is this action's job: its patterns
      // name them on purpose (\x00-\x1f, \x0b, \x0c...).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (expect.any, expect.stringContaining…) are typed `any` by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  // Plain JavaScript (this file, bench's .mjs helpers, test fixtures) has no types to check against; it runs on Node.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', setTimeout: 'readonly' } },
  },
)
