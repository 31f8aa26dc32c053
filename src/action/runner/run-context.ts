// The workflow run this step belongs to, from @actions/github's context: the v3 Idempotency-Key's scope
// and the link to the run in the job summary. Loaded only when needed: the package costs start-up time.
import type { RunIdentity } from '../../heygen/idempotency.js'

export interface RunContext extends RunIdentity {
  runAttempt: number
  /** The run's page, for the job summary. */
  url: string
}

/** Undefined outside a workflow run (a local try-out), where there is no run to scope a key to. */
export async function readRunContext(env: NodeJS.ProcessEnv = process.env): Promise<RunContext | undefined> {
  // Checked before loading the package: a local run never pays for it.
  if (!env.GITHUB_RUN_ID || !env.GITHUB_REPOSITORY) return undefined
  const { context } = await import('@actions/github')
  return runContextFrom(context)
}

/** The fields the action uses, from a context shaped like @actions/github's. */
export function runContextFrom(context: {
  repo: { owner: string; repo: string }
  runId: number
  runAttempt: number
  serverUrl: string
}): RunContext | undefined {
  if (!Number.isSafeInteger(context.runId)) return undefined
  const repository = `${context.repo.owner}/${context.repo.repo}`
  return {
    repository,
    runId: context.runId,
    runAttempt: Number.isSafeInteger(context.runAttempt) ? context.runAttempt : 1,
    url: `${context.serverUrl}/${repository}/actions/runs/${context.runId}`,
  }
}
