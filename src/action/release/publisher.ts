// Where a finished proofread goes after its download: a port the runner of a job hands its result to. The GitHub
// release is one implementation (github-release.ts), loaded only when `release` is set, so a step that does not
// publish never loads Octokit. Publishing elsewhere is one new file beside it and one branch in openPublisher.
import type { Transport } from '../../transport/http.js'
import type { StepTiming } from '../../util/timing.js'
import type { Settings } from '../inputs/inputs.js'
import type { ProofreadResult } from '../report/result.js'
import type { Log } from '../runner/log.js'
import type { Job } from '../steps/proofread.js'

export interface Publisher {
  /** The entries (proofread ids, or the resumed job's id) the destination already holds: not generated again. */
  readonly published: ReadonlyMap<string, ProofreadResult>
  /** Why two of the jobs, or a job and something already published, would take one name; undefined when all are free. */
  nameClash(jobs: readonly Job[], workspace: string): string | undefined
  /** Publishes a finished proofread's files; a failure becomes the result's error, with the paid job's resume hint. */
  publish(result: ProofreadResult, log: Log): Promise<ProofreadResult>
}

/**
 * The step's publisher, or undefined when it publishes nowhere; a refusal (no release, no access) comes back as the
 * step's results, before any HeyGen call.
 */
export async function openPublisher(
  settings: Settings,
  transport: Transport,
  timing: StepTiming,
): Promise<Publisher | ProofreadResult[] | undefined> {
  if (!settings.release) return undefined
  // A chunk of its own: Octokit and the release code are loaded only by a step that publishes.
  const { openGitHubRelease } = await import('./github-release.js')
  return openGitHubRelease(settings, transport, timing)
}
