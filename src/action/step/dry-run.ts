// dry_run: validate everything, build the plan (the free preflight's GETs are all a dry run sends) and print it: the
// request(s) a real run would send (never the key), and each proofread's file and asset names when known before
// paying. A plan a real run would refuse fails the dry run, so a job can gate a release on it.
import { basename } from 'node:path'
import { assetName } from '../../github/assets.js'
import { idempotencyKeyFor } from '../../heygen/idempotency.js'
import { printableRequest } from '../config/callback-url.js'
import type { Settings } from '../config/inputs.js'
import type { ProofreadResult } from '../report/result.js'
import type { RunContext } from '../runner/run-context.js'
import * as runner from '../runner/runner.js'
import { buildPlan, type PlannedJob } from '../plan/plan.js'
import { heldBack } from '../plan/preflight.js'
import { openSession, type Session } from '../job/session.js'
import type { StepRun } from './step-run.js'

export async function dryRun(settings: Settings, run: RunContext | undefined, step: StepRun): Promise<ProofreadResult[]> {
  const session = openSession(settings, step.signal, { runAttempt: run?.runAttempt, timing: step.timing, notes: step })
  try {
    // The release is not read in a dry run: its ledger and asset names are the real run's to check.
    const plan = await buildPlan(settings, session, undefined)
    if (settings.resumeId) {
      // Under auto a resumed job is asked for on v3 first.
      const status = session.versions.client(settings.apiVersion === 'v2' ? 'v2' : 'v3').statusUrl(settings.resumeId)
      runner.info(`Dry run: would check GET ${status}${settings.downloadPath ? ' and download the video' : ''}`)
      return [{ proofread_id: '', video_translate_id: settings.resumeId, status: 'dry_run' }]
    }
    if (plan.kind === 'refused') {
      // A real run sends no generate call when the plan is refused: neither does a dry run say it would.
      const refused = plan.results.filter((r) => r.error)
      runner.info(
        plan.by === 'preflight'
          ? `Dry run: a real run would send no generate call: the preflight holds every proofread back, because ${refused.length} of ${settings.proofreadIds.length} cannot go ahead (${refused.map((r) => r.proofread_id).join(', ')}).`
          : `Dry run: a real run would send no generate call: ${refused[0]?.error ?? 'the plan was refused'}`,
      )
      return plan.results.map((result) => ({ ...result, status: 'dry_run' }))
    }
    for (const job of plan.jobs) runner.info(wouldSend(job, settings, session, run))
    return plan.readiness
      ? heldBack(plan.readiness, 'dry_run')
      : settings.proofreadIds.map((proofreadId) => ({ proofread_id: proofreadId, video_translate_id: '', status: 'dry_run' }))
  } finally {
    await session.close()
  }
}

/** The generate request a real run would send for a proofread, key masked, and where its files would go. */
function wouldSend(job: PlannedJob, settings: Settings, session: Session, run: RunContext | undefined): string {
  const proofreadId = job.label
  const version = session.versions.firstVersion
  const lines = [`Dry run: would send POST ${session.versions.client(version).generateUrl(proofreadId)}`, '  x-api-key: (masked)']
  if (version === 'v3') lines.push(`  Idempotency-Key: ${idempotencyKeyFor(proofreadId, settings, run)}`)
  // A re-run attempt under auto starts on v3 (its Idempotency-Key replays): then there is nothing to fall back to.
  if (settings.apiVersion === 'auto' && version === 'v2')
    lines.push('  (api_version auto: if HeyGen answers that v2 is gone, the same request goes to v3 with an Idempotency-Key)')
  lines.push(`  Body: ${JSON.stringify(printableRequest(settings.request))}`)
  if (job.destination) {
    const { video, base } = job.destination
    const extras = settings.request.captions || settings.request.translate_audio_only
    lines.push(`  Would save: ${video}${extras ? ` (captions and audio beside it as ${basename(base)}.<extension>)` : ''}`)
    if (settings.release) lines.push(`  Would publish as: ${assetName(basename(video))}`)
  } else if (settings.downloadPath) lines.push('  Would save: a file named by its video_translate_id (known once the job starts)')
  return lines.join('\n')
}
