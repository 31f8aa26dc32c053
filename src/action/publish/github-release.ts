// The GitHub release as a Publisher: today's openRelease (publish.ts) behind the port. Imported lazily by
// openPublisher, so Octokit and the release code form a chunk of their own.
import type { Transport } from '../../transport/http.js'
import type { StepTiming } from '../../util/timing.js'
import type { Settings } from '../config/inputs.js'
import type { ProofreadResult } from '../report/result.js'
import { openRelease } from './publish.js'
import type { Publisher } from './publisher.js'

export async function openGitHubRelease(settings: Settings, transport: Transport, timing: StepTiming): Promise<Publisher | ProofreadResult[]> {
  const opened = await openRelease(settings, transport, timing)
  if (Array.isArray(opened)) return opened
  return {
    published: opened.published,
    nameClash: (jobs, workspace) => opened.nameClash(jobs, workspace),
    publish: (result, log) => opened.publish(result, log),
  }
}
