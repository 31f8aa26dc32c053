// What every story file shares, whether its step runs as a child process (test/e2e/harness.ts) or in this process
// (test/inproc/harness.ts): one sandbox per file, the step run against it with the file's key, the check that the key
// never leaks, and the runner's annotations read back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/heygen-sandbox.ts'
import type { ActionRun, RunActionOptions } from '../../sandbox/run-action.ts'

/**
 * For the stories written against one API version that count every request: the v2 route (a test may still pass
 * `api_version: v3`) and no preflight. The default, auto, and the preflight have their own file (today.test.ts).
 */
export const PINNED = { api_version: 'v2', preflight: 'false' }

export interface HarnessOptions {
  /** The file's own key: distinctive, so a leak points at the file it came from. */
  key: string
  /** Inputs every run of the file gets, under the test's own `with:` block. */
  inputs?: Record<string, string>
  sandbox?: SandboxOptions
}

/** `O`: how a step of the file may be run (the child process's options, or the in-process ones with `timing`). */
export interface Harness<O extends RunActionOptions = RunActionOptions> {
  /** The file's sandbox: started once before its tests, reset before each one. */
  sandbox: Sandbox
  /** Runs the action with the test's `with:` block (over the key, the sandbox as base_url and the file's inputs); checks the key never leaks. */
  act: (inputs: Record<string, string>, options?: Omit<O, 'inputs'>) => Promise<ActionRun>
  /** A new folder, removed after the test. */
  tempDir: (prefix: string) => string
}

/** How a story's step runs: the bundled action in a child process, or src/main.ts's run() in this one. */
export type StepRunner<O extends RunActionOptions> = (options: O) => Promise<ActionRun>

/** Registers the file's sandbox hooks and returns what its tests use, its steps run by `runStep`. */
export function useStepHarness<O extends RunActionOptions>(options: HarnessOptions, runStep: StepRunner<O>): Harness<O> {
  let started: Sandbox | undefined
  const folders: string[] = []
  // Stands for the sandbox beforeAll starts, so a file can take it at load time, before it exists.
  const sandbox = new Proxy({} as Sandbox, {
    get: (_, name) => {
      if (!started) throw new Error('the sandbox is not started: use it inside a test or a hook')
      return Reflect.get(started, name) as unknown
    },
  })

  beforeAll(async () => {
    started = await startSandbox(options.sandbox)
  })
  beforeEach(() => sandbox.reset())
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  afterAll(async () => {
    await started?.close()
  })

  /**
   * The key must never be readable: masked before anything else is printed, then in no other stdout/stderr line
   * (nor is any line of a multi-line key), no output, no summary, and never sent to the file host.
   */
  function expectKeyKept(run: ActionRun, key: string): void {
    const secrets = [options.key, key, ...key.split(/\r?\n|\r/)].filter((secret) => secret.trim() !== '')
    if (key !== '') {
      expect(run.stdout.split(/\r?\n/)[0], 'the key is masked before anything else is printed').toBe(`::add-mask::${escapeCommand(key)}`)
    }
    for (const secret of secrets) {
      expect(shownLines(run.stdout, secret), 'stdout shows the key').toEqual([])
      expect(shownLines(run.stderr, secret), 'stderr shows the key').toEqual([])
      for (const [name, value] of Object.entries(run.outputs)) expect(value, `output ${name} holds the key`).not.toContain(secret)
      expect(run.summary, 'the job summary shows the key').not.toContain(secret)
      for (const request of sandbox.fileRequests) {
        expect(JSON.stringify(request.headers), `headers of ${request.method} ${request.path} on the file host`).not.toContain(secret)
        expect(request.path).not.toContain(secret)
      }
    }
  }

  return {
    sandbox,
    async act(inputs, runOptions = {} as Omit<O, 'inputs'>) {
      const all = { api_key: options.key, base_url: sandbox.url, ...options.inputs, ...inputs }
      const run = await runStep({ ...runOptions, inputs: all } as unknown as O)
      folders.push(run.tempDir)
      // The key the action was given: api_key, or HEYGEN_API_KEY when that is empty.
      expectKeyKept(run, all.api_key || runOptions.env?.HEYGEN_API_KEY || '')
      return run
    },
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      folders.push(dir)
      return dir
    },
  }
}

/** The runner's escaping of a workflow-command value (what `::add-mask::` carries). */
function escapeCommand(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** The lines of a stream that show `text`, but for the `::add-mask::` lines, whose value the runner hides. */
function shownLines(stream: string, text: string): string[] {
  return stream.split(/\r?\n/).filter((line) => line.includes(text) && !line.startsWith('::add-mask::'))
}

/** The messages of `::error::` / `::warning::` lines, with the runner's escapes decoded. */
export function annotations(log: string, kind: 'error' | 'warning' | 'notice'): string[] {
  const prefix = `::${kind}::`
  return log
    .split(/\r?\n/)
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

/** The one `::error::` message the user reads; fails the test when there is not exactly one. */
export function errorOf(run: ActionRun): string {
  const errors = annotations(run.stdout, 'error')
  expect(errors, `one ::error:: line in:\n${run.log}`).toHaveLength(1)
  return errors[0] ?? ''
}
