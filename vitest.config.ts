import { defineConfig } from 'vitest/config'

/**
 * The tests that run the bundled action (dist/index.js) in a child process: what only a child process proves (signals,
 * the bundle starting, masking before the first line, proxies, a few full stories per area). A new file in one of these
 * folders joins the e2e project by itself; everything else under test/ is the unit project, which needs no bundle.
 */
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/proxy/**/*.test.ts',
  'test/local-run.test.ts',
  'test/local-action.test.ts',
  // Its part (b) runs the bundle on fuzzed inputs: dist/ and src/ must agree on what is valid.
  'test/fuzz/inputs.property.test.ts',
]

export default defineConfig({
  test: {
    // Stories that spawn the bundle or wait on a render allow time to end; in-process ones end in milliseconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores here and on CI: more workers only make spawned actions compete for them.
    maxWorkers: 2,
    // Child processes, not threads: an in-process story (test/inproc/) runs the step in the workspace (process.chdir).
    pool: 'forks',
    projects: [
      // `npm run test:unit`: the inner loop. The step's orchestration runs in-process here (test/inproc/).
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E } },
      // `npm run test:e2e`: refuses at once when dist/ was built from other sources than src/.
      { extends: true, test: { name: 'e2e', include: E2E, globalSetup: ['test/e2e/dist-is-current.ts'] } },
    ],
    // `npm test` measures it (--coverage) and fails under the floor; .ci/run runs `npm test`.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // index.ts is the one line the runner calls (`await run()`): the bundle's entry, run by the e2e project only.
      exclude: ['src/index.ts'],
      reporter: ['text-summary', 'html'],
      // The figures are printed even when a test failed: a red run still says where coverage stands.
      reportOnFailure: true,
      // Measured at 91.9 % of statements, 85.3 % of branches, 92.7 % of functions, 93.9 % of lines (CONTRIBUTING.md).
      thresholds: { statements: 89, branches: 82, functions: 89, lines: 91 },
    },
  },
})
