// The GitHub release as a Publisher: today's openRelease (publish.ts) behind the port. Imported lazily by
// openPublisher, so Octokit and the release code form a chunk of their own.
import type { Transport } from '../../transport/http.js'
import type { ApiVersions } from '../job/api-versions.js'
import type { StepTiming } from '../../util/timing.js'
import type { Config } from '../config/inputs.js'
import type { ProofreadResult } from '../report/result.js'
import { openRelease } from './publish.js'
import type { Publisher } from './publisher.js'

export async function openGitHubRelease(
  config: Config,
  transport: Transport,
  versions: ApiVersions,
  timing: StepTiming,
): Promise<Publisher | ProofreadResult[]> {
  // HeyGen's free status calls confirm the ledger's entries (verify.ts).
  const opened = await openRelease(config, transport, versions, timing)
  if (Array.isArray(opened)) return opened
  return {
    published: opened.published,
    nameClash: (jobs, workspace) => opened.nameClash(jobs, workspace),
    claim: (jobs, workspace) => opened.claim(jobs, workspace),
    publish: (result, log) => opened.publish(result, log),
    close: () => opened.close(),
  }
}
