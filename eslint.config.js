// ESLint with typescript-eslint's recommended type-checked rules, on the TypeScript that tsconfig.check.json types
// (src, test, sandbox, scripts, bench). `npm run lint` runs it after Prettier and tsc.
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  // dist/ is ncc's output of src/; soak/ is not in tsconfig.check.json, so it has no type information to lint with.
  globalIgnores(['dist/', 'coverage/', 'build/', 'bench/.out/', 'soak/']),
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
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (expect.any, expect.stringContaining…) are typed `any` by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  // Plain JavaScript (this file, bench's .mjs helpers) has no types to check against.
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
)
