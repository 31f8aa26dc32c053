import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the bundled action against a real local server: allow them time to end.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores here and on CI: more workers only make spawned actions compete for them.
    maxWorkers: 2,
  },
})
