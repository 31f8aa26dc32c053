// Which publisher a step hands its results to: the GitHub release when `release` is set, none otherwise. The
// implementation is imported lazily, so a step that does not publish never loads Octokit or the release code.
import type { Transport } from '../../transport/http.js'
import type { ApiVersions } from '../job/api-versions.js'
import type { StepTiming } from '../../util/timing.js'
import type { Config } from '../config/inputs.js'
import type { ProofreadResult } from '../report/result.js'
import type { Publisher } from './publisher.js'

/**
 * The step's publisher, or undefined when it publishes nowhere; a refusal (no release, no access) comes back as the
 * step's results, before any HeyGen call.
 */
export async function openPublisher(
  config: Config,
  transport: Transport,
  versions: ApiVersions,
  timing: StepTiming,
): Promise<Publisher | ProofreadResult[] | undefined> {
  if (!config.publish) return undefined
  // A chunk of its own: Octokit and the release code are loaded only by a step that publishes.
  const { openGitHubRelease } = await import('./github-release.js')
  return openGitHubRelease(config, transport, versions, timing)
}
