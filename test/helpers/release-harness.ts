// What the publishing story files share, in-process or end to end: the HeyGen sandbox (step-harness.ts) with the
// file's key, a GitHub stand-in started once per file and reset before each test, and a step that publishes to
// release v1.0.0 on it.
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { type GitHubStandIn, startGitHubStandIn } from '../../sandbox/github-stand-in.ts'
import type { ActionRun, RunActionOptions } from '../../sandbox/run-action.ts'
import { type Harness, type HarnessOptions } from './step-harness.ts'

export interface ReleaseHarness<O extends RunActionOptions = RunActionOptions> extends Harness<O> {
  /** The file's GitHub stand-in (GITHUB_API_URL of every publishing run). */
  github: GitHubStandIn
  /** Runs the action with `release: v1.0.0` (unless given), against the stand-in; `env` over the runner's. */
  publish: (inputs: Record<string, string>, env?: Record<string, string>) => Promise<ActionRun>
  /** The names of the assets on a release, sorted. */
  names: (tag?: string) => string[]
}

/** `useSandbox` is the harness of the file's kind: test/e2e/harness.ts's or test/inproc/harness.ts's. */
export function useReleaseWith<O extends RunActionOptions>(useSandbox: (options: HarnessOptions) => Harness<O>, key: string): ReleaseHarness<O> {
  const harness = useSandbox({ key, inputs: { api_version: 'v3', poll_interval: '0.05' } })
  let started: GitHubStandIn | undefined
  // Stands for the stand-in beforeAll starts, so a file can take it at load time.
  const github = new Proxy({} as GitHubStandIn, {
    get: (_, name) => {
      if (!started) throw new Error('the GitHub stand-in is not started: use it inside a test or a hook')
      return Reflect.get(started, name) as unknown
    },
  })
  beforeAll(async () => {
    started = await startGitHubStandIn()
  })
  beforeEach(() => started?.reset())
  afterAll(async () => {
    await started?.close()
  })
  return {
    ...harness,
    github,
    publish: (inputs, env = {}) =>
      harness.act({ release: 'v1.0.0', ...inputs }, { env: { GITHUB_API_URL: github.apiUrl, ...env } } as unknown as Omit<O, 'inputs'>),
    names: (tag) =>
      github
        .assets(tag)
        .map((a) => a.name)
        .sort(),
  }
}
