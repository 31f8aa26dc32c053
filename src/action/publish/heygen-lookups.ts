// The step's HeyGen clients as the ledger's free look-ups: a status call per job, a proofread detail per proofread.
import { HeyGenError } from '../../heygen/api-error.js'
import { RetryableError } from '../../heygen/client.js'
import type { ApiVersions } from '../job/api-versions.js'
import type { HeyGenLookups } from './verify.js'

/** A free call tried again on a retryable failure (a 429 or 5xx after the client's own retries), three times at most. */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof RetryableError) || attempt >= 3) throw error
    }
  }
}

const notFound = (error: unknown) => error instanceof HeyGenError && (error.details.status === 404 || error.details.status === 400)

export function heygenLookupsFor(versions: ApiVersions, apiVersion: string): HeyGenLookups {
  return {
    async job(videoTranslateId) {
      try {
        const version = await versions.versionOf(videoTranslateId)
        const status = await patiently(() => versions.client(version).getStatus(videoTranslateId))
        return {
          found: true,
          finished: status.state === 'success',
          ...(status.outputLanguage ? { outputLanguage: status.outputLanguage } : {}),
        }
      } catch (error) {
        if (notFound(error)) return { found: false, finished: false }
        throw error
      }
    },
    async proofreadLanguage(proofreadId) {
      // The proofread detail is v3's route: under api_version v2 the step sends nothing to v3, so no language is compared.
      if (apiVersion === 'v2') return undefined
      try {
        return (await patiently(() => versions.client('v3').getProofread(proofreadId))).outputLanguage
      } catch (error) {
        if (notFound(error)) return undefined
        throw error
      }
    },
  }
}
