// The v3 Idempotency-Key: a re-run of the same workflow run replays the request; anything else is a new request.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deriveIdempotencyKey } from '../../../src/heygen/idempotency.js'
import type { GenerateRequest } from '../../../src/heygen/request.js'

const BODY: GenerateRequest = { captions: true, translate_audio_only: false }
const RUN = { repository: 'acme/videos', runId: 9876543210 }
const ALPHABET = /^[A-Za-z0-9_\-:.]{1,255}$/

describe('deriveIdempotencyKey', () => {
  it('fits the alphabet and length HeyGen accepts', () => {
    const key = deriveIdempotencyKey('pr_1', BODY, RUN)
    expect(key).toMatch(ALPHABET)
    expect(key).toMatch(/^gha-proofread:[0-9a-f]{48}$/)
  })

  it('fits the alphabet even for a proofread id and repository full of odd characters', () => {
    const key = deriveIdempotencyKey('../../v1/x é', BODY, { repository: 'ácme/vídeos', runId: 1 })
    expect(key).toMatch(ALPHABET)
  })

  it('is the same for an equal body built separately', () => {
    expect(deriveIdempotencyKey('pr_1', { captions: true, translate_audio_only: false }, RUN)).toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs for another workflow run', () => {
    expect(deriveIdempotencyKey('pr_1', BODY, { ...RUN, runId: 9876543211 })).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs for another repository with the same run id', () => {
    expect(deriveIdempotencyKey('pr_1', BODY, { ...RUN, repository: 'acme/other' })).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs for another proofread in the same run', () => {
    expect(deriveIdempotencyKey('pr_2', BODY, RUN)).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs when an option changes (captions off is a new request)', () => {
    expect(deriveIdempotencyKey('pr_1', { ...BODY, captions: false }, RUN)).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
    expect(deriveIdempotencyKey('pr_1', { ...BODY, callback_id: 'x' }, RUN)).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('outside a workflow run (no run identity) is new on every call', () => {
    const first = deriveIdempotencyKey('pr_1', BODY, undefined)
    const second = deriveIdempotencyKey('pr_1', BODY, undefined)
    expect(first).toMatch(ALPHABET)
    expect(second).toMatch(ALPHABET)
    expect(first).not.toBe(second)
  })
})

describe('readRunContext (@actions/github context)', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })

  /** The context is read from the environment when @actions/github loads: a fresh module graph per case. */
  async function contextWith(env: Record<string, string | undefined>) {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
    vi.resetModules()
    const { readRunContext } = await import('../../../src/action/runner/run-context.js')
    return readRunContext()
  }

  const RUNNER = { GITHUB_REPOSITORY: 'acme/videos', GITHUB_RUN_ID: '9876543210', GITHUB_RUN_ATTEMPT: '1', GITHUB_SERVER_URL: 'https://github.com' }

  it('gives the repository, run id, attempt and the run page', async () => {
    expect(await contextWith(RUNNER)).toEqual({
      repository: 'acme/videos',
      runId: 9876543210,
      runAttempt: 1,
      url: 'https://github.com/acme/videos/actions/runs/9876543210',
    })
  })

  it('is the same key when the user re-runs the failed job (a new run attempt), so HeyGen replays instead of charging', async () => {
    const { runContextFrom } = await import('../../../src/action/runner/run-context.js')
    const context = { repo: { owner: 'acme', repo: 'videos' }, runId: 9876543210, runAttempt: 1, serverUrl: 'https://github.com' }
    const rerun = runContextFrom({ ...context, runAttempt: 3 })
    expect(rerun?.runAttempt).toBe(3)
    expect(deriveIdempotencyKey('pr_1', BODY, rerun)).toBe(deriveIdempotencyKey('pr_1', BODY, runContextFrom(context)))
  })

  it('is undefined outside a workflow run', async () => {
    expect(await contextWith({ ...RUNNER, GITHUB_RUN_ID: undefined })).toBeUndefined()
  })
})
