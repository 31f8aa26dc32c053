// dry_run with `release`: the release is checked exactly as a real run checks it before paying (found, takes
// assets, ledger read and confirmed, names free, claims free), and the step says what it would upload; nothing is
// uploaded or claimed.
import type { Config } from '../config/inputs.js'
import type { ProofreadResult } from '../report/result.js'
import * as runner from '../runner/runner.js'
import type { Job } from '../job/proofread.js'
import type { Session } from '../job/session.js'
import { inert } from '../../util/outside-text.js'
import { openRelease } from './publish.js'

/** The preflight's answer, as far as naming the files needs it. */
interface Ready {
  proofreadId: string
  outputLanguage?: string
}

/** The refusal a real run would meet (as its results), or undefined with the would-upload lines printed. */
export async function dryRunRelease(
  config: Config,
  session: Session,
  readiness: readonly Ready[] | undefined,
): Promise<ProofreadResult[] | undefined> {
  const opened = await openRelease(config, session.transport, session.versions)
  if (Array.isArray(opened)) return opened.map((result) => ({ ...result, status: 'dry_run' }))
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const jobs: Job[] = config.work.resumeId
    ? opened.published.has(config.work.resumeId)
      ? []
      : [{ resumeId: config.work.resumeId }]
    : (readiness ?? config.work.proofreadIds.map((proofreadId) => ({ proofreadId }))).filter((job) => !opened.published.has(job.proofreadId))
  const refusal = opened.nameClash(jobs, workspace) ?? (await opened.wouldClaim(jobs, workspace))
  const tag = inert(opened.release.tag, 200)
  if (refusal) {
    return jobs.map((job) => ({
      proofread_id: 'proofreadId' in job ? job.proofreadId : '',
      video_translate_id: 'resumeId' in job ? job.resumeId : '',
      status: 'dry_run',
      error: `a real run would be refused before paying: ${refusal}`,
    }))
  }
  const extras = [...(config.heygen.request.captions ? ['.vtt'] : []), ...(config.heygen.request.translate_audio_only ? ['.mp3'] : [])]
  const names = opened.plannedNames(jobs, workspace)
  const lines = jobs.map((job, i) => {
    const who = 'proofreadId' in job ? `proofread ${job.proofreadId}` : `job ${job.resumeId}`
    const base = names[i]
    const files = base ? [...extras, '.mp4'].map((extension) => `${base}${extension}`).join(', ') : 'files named by the job id HeyGen gives'
    return `  ${who}: ${inert(files, 300)}`
  })
  if (jobs.length > 0)
    runner.info(`Dry run: would upload to ${opened.release.draft ? 'draft ' : ''}release ${tag} (names and claims free):\n${lines.join('\n')}`)
  else runner.info(`Dry run: release ${tag} already holds every proofread: a real run would generate and upload nothing`)
  return undefined
}
