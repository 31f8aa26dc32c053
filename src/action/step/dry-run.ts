// dry_run: validate everything, build the plan (the free preflight's GETs are all a dry run sends) and print it: the
// request(s) a real run would send (never the key), and each proofread's file and asset names when known before
// paying. A plan a real run would refuse fails the dry run, so a job can gate a release on it.
import { idempotencyKeyFor } from '../../heygen/idempotency.js'
import { printableRequest } from '../config/callback-url.js'
import type { Config } from '../config/inputs.js'
import { plannedNames } from '../report/planned-names.js'
import type { ProofreadResult } from '../report/result.js'
import type { RunContext } from '../runner/run-context.js'
import * as runner from '../runner/runner.js'
import { buildPlan, type PlannedJob } from '../plan/plan.js'
import { heldBack } from '../plan/preflight.js'
import { openSession, type Session } from '../job/session.js'
import type { StepRun } from './step-run.js'

export async function dryRun(config: Config, run: RunContext | undefined, step: StepRun): Promise<ProofreadResult[]> {
  const session = openSession(config, step.signal, { runAttempt: run?.runAttempt, timing: step.timing, notes: step })
  try {
    const plan = await buildPlan(config, session, undefined)
    // With `release`, the release is checked as a real run checks it, and what would go up is said (a lazy chunk, as in a real run).
    if (config.publish) {
      const { dryRunRelease } = await import('../publish/dry-run.js')
      const refusedByRelease = await dryRunRelease(config, session, plan.kind === 'run' ? plan.readiness : undefined)
      if (refusedByRelease) return refusedByRelease
    }
    if (config.work.resumeId) {
      // Under auto a resumed job is asked for on v3 first.
      const status = session.versions.client(config.heygen.apiVersion === 'v2' ? 'v2' : 'v3').statusUrl(config.work.resumeId)
      runner.info(`Dry run: would check GET ${status}${config.files.downloadPath ? ' and download the video' : ''}`)
      return [{ proofread_id: '', video_translate_id: config.work.resumeId, status: 'dry_run' }]
    }
    if (plan.kind === 'refused') {
      // A real run sends no generate call when the plan is refused: neither does a dry run say it would.
      const refused = plan.results.filter((r) => r.error)
      runner.info(
        plan.by === 'preflight'
          ? `Dry run: a real run would send no generate call: the preflight holds every proofread back, because ${refused.length} of ${config.work.proofreadIds.length} cannot go ahead (${refused.map((r) => r.proofread_id).join(', ')}).`
          : `Dry run: a real run would send no generate call: ${refused[0]?.error ?? 'the plan was refused'}`,
      )
      return plan.results.map((result) => ({ ...result, status: 'dry_run' }))
    }
    for (const job of plan.jobs) runner.info(wouldSend(job, config, session, run))
    return plan.readiness
      ? heldBack(plan.readiness, 'dry_run')
      : config.work.proofreadIds.map((proofreadId) => ({ proofread_id: proofreadId, video_translate_id: '', status: 'dry_run' }))
  } finally {
    await session.close()
  }
}

/** The generate request a real run would send for a proofread, key masked, and where its files would go. */
function wouldSend(job: PlannedJob, config: Config, session: Session, run: RunContext | undefined): string {
  const proofreadId = job.label
  const version = session.versions.firstVersion
  const lines = [`Dry run: would send POST ${session.versions.client(version).generateUrl(proofreadId)}`, '  x-api-key: (masked)']
  if (version === 'v3') lines.push(`  Idempotency-Key: ${idempotencyKeyFor(proofreadId, config.heygen, run)}`)
  // A re-run attempt under auto starts on v3 (its Idempotency-Key replays): then there is nothing to fall back to.
  if (config.heygen.apiVersion === 'auto' && version === 'v2')
    lines.push('  (api_version auto: if HeyGen answers that v2 is gone, the same request goes to v3 with an Idempotency-Key)')
  lines.push(`  Body: ${JSON.stringify(printableRequest(config.heygen.request))}`)
  // Each file and asset name as a real run would resolve it (the job id shown as a placeholder where it names them).
  lines.push(...plannedNames(config, proofreadId, 'proofreadId' in job.job ? job.job.outputLanguage : undefined))
  return lines.join('\n')
}
