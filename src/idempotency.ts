// The v3 Idempotency-Key: the same for every attempt and re-run of one workflow run, new for a new run.
import { createHash, randomUUID } from 'node:crypto'
import type { GenerateRequest, Settings } from './inputs.js'

/**
 * Derived from the repository, the workflow run id (not the attempt: re-running a failed job must replay,
 * not pay again), the proofread id and a hash of the body (changing an option is a new request).
 * Outside a workflow run there is no run id, so each invocation gets its own key.
 */
export function deriveIdempotencyKey(proofreadId: string, request: GenerateRequest, env: NodeJS.ProcessEnv = process.env): string {
  const bodyHash = sha256(JSON.stringify(request))
  const run = env.GITHUB_RUN_ID ? `${env.GITHUB_REPOSITORY ?? ''}#${env.GITHUB_RUN_ID}` : `local:${randomUUID()}`
  // Hashed whole: repository names hold `/`, which the key's alphabet does not allow.
  return `gha-proofread:${sha256(JSON.stringify([run, proofreadId, bodyHash])).slice(0, 48)}`
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The key a generate call sends: v3 only (v2 has no idempotency), the user's own if given, else derived. */
export function idempotencyKeyFor(proofreadId: string, settings: Pick<Settings, 'apiVersion' | 'idempotencyKey' | 'request'>): string | undefined {
  if (settings.apiVersion !== 'v3') return undefined
  return settings.idempotencyKey ?? deriveIdempotencyKey(proofreadId, settings.request)
}
