import { globSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

/**
 * The tests that run the bundled action (dist/index.js) in a child process: what only a child process proves (signals,
 * the bundle starting, masking before the first line, proxies, a few full stories per area). A new file in one of these
 * folders joins the e2e project by itself; everything else under test/ is one of the two unit projects, which need no bundle.
 */
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/proxy/**/*.test.ts',
  'test/local-run.test.ts',
  'test/local-action.test.ts',
  // Its part (b) runs the bundle on fuzzed inputs: dist/ and src/ must agree on what is valid.
  'test/fuzz/inputs.property.test.ts',
]

/** A file under test/e2e/ that runs the step in-process (soak/publishing.ts runs it by this path) and mocks a module. */
const IN_PROCESS_UNDER_E2E = ['test/e2e/release/many-legs.test.ts']

/** E2E's files as paths, less those that run in-process: they belong to the isolated unit project. */
const E2E_FILES = globSync(E2E, { cwd: import.meta.dirname, exclude: IN_PROCESS_UNDER_E2E })

/**
 * Tests that share one module graph per worker (`isolate: false`): importing src/ and its packages once per worker
 * instead of once per file roughly halves these files' CPU time (CONTRIBUTING.md, "The tests"). Only
 * files that leave no process-wide state behind belong here; a new file anywhere else gets a fresh process by default.
 */
const SHARED = [
  'test/unit/**/*.test.ts',
  'test/github/**/*.test.ts',
  'test/summary/**/*.test.ts',
  'test/{contracts,install,layers,licenses,project,run-blocks,workflows,sandbox,release,local-inputs}.test.ts',
  'test/inproc/**/*.test.ts',
  'test/fuzz/**/*.test.ts',
]

/** Files of those folders that need a process of their own: they change what @actions/* keep for the whole process. */
const OWN_PROCESS = [
  // @actions/core keeps the first GITHUB_STEP_SUMMARY it sees; these two point it at their own files.
  'test/unit/action/money-stories.test.ts',
  'test/unit/action/runner.test.ts',
  // vi.mock, or vi.resetModules to read @actions/github's context again from a stubbed environment.
  'test/unit/action/report.test.ts',
  'test/unit/heygen/idempotency.test.ts',
  'test/unit/heygen/rate-limits-step.test.ts',
]

/** SHARED's files as paths: a glob cannot say "this folder except these", and both unit projects need the split. */
const SHARED_FILES = globSync(SHARED, { cwd: import.meta.dirname, exclude: E2E }).filter((file) => !OWN_PROCESS.includes(file))

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
      // `npm run test:unit` runs both unit projects: the inner loop, no bundle needed.
      // The step's orchestration runs in-process here (test/inproc/), one process per file: each story chdirs into its
      // workspace and replaces process.env for the step.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E_FILES, ...SHARED_FILES] } },
      { extends: true, test: { name: 'unit-shared', include: SHARED_FILES, isolate: false } },
      // `npm run test:e2e`: refuses at once when dist/ was built from other sources than src/.
      // The spawning files share one module graph too: what they change lives in their children, not in this process.
      { extends: true, test: { name: 'e2e', include: E2E_FILES, isolate: false, globalSetup: ['test/e2e/dist-is-current.ts'] } },
    ],
    // `npm test` measures it (--coverage) and fails under the floor; .ci/run runs `npm test`.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // index.ts is the one line the runner calls (`await run()`): the bundle's entry, run by the e2e project only.
      exclude: ['src/index.ts'],
      // The summary line only: CI reads the floor and the figures. The HTML pages, when wanted, on demand:
      // `npm test -- --coverage.reporter=text-summary --coverage.reporter=html` (coverage/index.html).
      reporter: ['text-summary'],
      // The figures are printed even when a test failed: a red run still says where coverage stands.
      reportOnFailure: true,
      // Measured at 93.4 % of statements, 86.2 % of branches, 93.3 % of functions, 95.2 % of lines (CONTRIBUTING.md).
      thresholds: { statements: 91, branches: 84, functions: 91, lines: 93 },
    },
  },
})
