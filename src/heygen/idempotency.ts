// The v3 Idempotency-Key: the same for every attempt and re-run of one workflow run, new for a new run.
import { createHash, randomUUID } from 'node:crypto'
import type { GenerateRequest } from './request.js'

/** The workflow run a key belongs to; undefined outside a workflow run. */
export interface RunIdentity {
  repository: string
  runId: number
}

/**
 * Derived from the repository, the workflow run id (not the attempt: re-running a failed job must replay,
 * not pay again), the proofread id and a hash of the body (changing an option is a new request).
 * Outside a workflow run there is no run id, so each invocation gets its own key.
 */
export function deriveIdempotencyKey(proofreadId: string, request: GenerateRequest, run: RunIdentity | undefined): string {
  const bodyHash = sha256(JSON.stringify(request))
  const scope = run ? `${run.repository}#${run.runId}` : `local:${randomUUID()}`
  // Hashed whole: repository names hold `/`, which the key's alphabet does not allow.
  return `gha-proofread:${sha256(JSON.stringify([scope, proofreadId, bodyHash])).slice(0, 48)}`
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The key a v3 generate call sends: the user's own if given, else derived. */
export function idempotencyKeyFor(
  proofreadId: string,
  config: { idempotencyKey?: string; request: GenerateRequest },
  run: RunIdentity | undefined,
): string {
  return config.idempotencyKey ?? deriveIdempotencyKey(proofreadId, config.request, run)
}
