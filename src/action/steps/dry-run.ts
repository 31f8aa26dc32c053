// dry_run: validate everything, run the free preflight (its GETs are all a dry run sends), and print the request(s)
// a real run would send (never the key); send nothing that costs. A proofread that is not ready fails the dry run, so a job can gate a release on it.
import { idempotencyKeyFor } from '../../heygen/idempotency.js'
import { printableRequest } from '../inputs/callback-url.js'
import type { Settings } from '../inputs/inputs.js'
import type { StepTiming } from '../../util/timing.js'
import { heldBack, preflight } from './preflight.js'
import type { ProofreadResult } from '../report/result.js'
import type { RunContext } from '../runner/run-context.js'
import * as runner from '../runner/runner.js'
import { openSession, type Session } from './session.js'

export async function dryRun(settings: Settings, run: RunContext | undefined, timing?: StepTiming): Promise<ProofreadResult[]> {
  const session = openSession(settings, new AbortController().signal, { runAttempt: run?.runAttempt, timing })
  try {
    const readiness = await preflight(settings, session)
    if (settings.resumeId) {
      // Under auto a resumed job is asked for on v3 first.
      const status = session.versions.client(settings.apiVersion === 'v2' ? 'v2' : 'v3').statusUrl(settings.resumeId)
      runner.info(`Dry run: would check GET ${status}${settings.downloadPath ? ' and download the video' : ''}`)
      return [{ proofread_id: '', video_translate_id: settings.resumeId, status: 'dry_run' }]
    }
    // A real run sends no generate call when the preflight refuses one proofread: neither does a dry run say it would.
    const refused = readiness?.filter((r) => !r.ready) ?? []
    if (refused.length > 0) {
      runner.info(
        `Dry run: a real run would send no generate call: the preflight holds every proofread back, because ${refused.length} of ${settings.proofreadIds.length} cannot go ahead (${refused.map((r) => r.proofreadId).join(', ')}).`,
      )
    } else for (const proofreadId of settings.proofreadIds) runner.info(wouldSend(proofreadId, settings, session, run))
    return readiness
      ? heldBack(readiness, 'dry_run')
      : settings.proofreadIds.map((proofreadId) => ({ proofread_id: proofreadId, video_translate_id: '', status: 'dry_run' }))
  } finally {
    await session.close()
  }
}

/** The generate request a real run would send for a proofread, key masked. */
function wouldSend(proofreadId: string, settings: Settings, session: Session, run: RunContext | undefined): string {
  const version = session.versions.firstVersion
  const lines = [`Dry run: would send POST ${session.versions.client(version).generateUrl(proofreadId)}`, '  x-api-key: (masked)']
  if (version === 'v3') lines.push(`  Idempotency-Key: ${idempotencyKeyFor(proofreadId, settings, run)}`)
  // A re-run attempt under auto starts on v3 (its Idempotency-Key replays): then there is nothing to fall back to.
  if (settings.apiVersion === 'auto' && version === 'v2')
    lines.push('  (api_version auto: if HeyGen answers that v2 is gone, the same request goes to v3 with an Idempotency-Key)')
  lines.push(`  Body: ${JSON.stringify(printableRequest(settings.request))}`)
  return lines.join('\n')
}
