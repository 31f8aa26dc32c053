// dry_run: validate everything, run the free preflight, and print the request(s) that would be sent (never the
// key); send nothing that costs. A proofread that is not ready fails the dry run, so a job can gate a release on it.
import { idempotencyKeyFor } from '../heygen/idempotency.js'
import type { Settings } from './inputs.js'
import { heldBack, preflight } from './preflight.js'
import type { ProofreadResult } from './result.js'
import type { RunContext } from './run-context.js'
import * as runner from './runner.js'
import { openSession } from './session.js'

export async function dryRun(settings: Settings, run: RunContext | undefined): Promise<ProofreadResult[]> {
  const session = openSession(settings, new AbortController().signal, run?.runAttempt)
  try {
    const readiness = await preflight(settings, session)
    if (settings.resumeId) {
      // Under auto a resumed job is asked for on v3 first.
      const status = session.versions.client(settings.apiVersion === 'v2' ? 'v2' : 'v3').statusUrl(settings.resumeId)
      runner.info(`Dry run: would check GET ${status}${settings.downloadPath ? ' and download the video' : ''}`)
      return [{ proofread_id: '', video_translate_id: settings.resumeId, status: 'dry_run' }]
    }
    const version = session.versions.firstVersion
    for (const proofreadId of settings.proofreadIds) {
      const lines = [`Dry run: would send POST ${session.versions.client(version).generateUrl(proofreadId)}`, '  x-api-key: (masked)']
      if (version === 'v3') lines.push(`  Idempotency-Key: ${idempotencyKeyFor(proofreadId, settings, run)}`)
      if (settings.apiVersion === 'auto' && version === 'v2')
        lines.push('  (api_version auto: if HeyGen answers that v2 is gone, the same request goes to v3 with an Idempotency-Key)')
      lines.push(`  Body: ${JSON.stringify(settings.request)}`)
      runner.info(lines.join('\n'))
    }
    return readiness
      ? heldBack(readiness, 'dry_run')
      : settings.proofreadIds.map((proofreadId) => ({ proofread_id: proofreadId, video_translate_id: '', status: 'dry_run' }))
  } finally {
    await session.close()
  }
}
