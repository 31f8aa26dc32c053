// Where a finished proofread goes after its download: a port the runner of a job hands its result to. The GitHub
// release is one implementation (github-release.ts); open-publisher.ts picks one. Publishing elsewhere is one new
// file beside github-release.ts and one branch in openPublisher.
import type { ProofreadResult } from '../report/result.js'
import type { Log } from '../runner/log.js'
import type { Job } from '../job/proofread.js'

export interface Publisher {
  /** The entries (proofread ids, or the resumed job's id) the destination already holds: not generated again. */
  readonly published: ReadonlyMap<string, ProofreadResult>
  /** Why two of the jobs, or a job and something already published, would take one name; undefined when all are free. */
  nameClash(jobs: readonly Job[], workspace: string): string | undefined
  /** Publishes a finished proofread's files; a failure becomes the result's error, with the paid job's resume hint. */
  publish(result: ProofreadResult, log: Log): Promise<ProofreadResult>
}
