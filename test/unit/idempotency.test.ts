// The v3 Idempotency-Key: a re-run of the same workflow run replays the request; anything else is a new request.
import { describe, expect, it } from 'vitest'
import { deriveIdempotencyKey } from '../../src/idempotency.js'
import type { GenerateRequest } from '../../src/inputs.js'

const BODY: GenerateRequest = { captions: true, translate_audio_only: false }
const RUN = { GITHUB_REPOSITORY: 'acme/videos', GITHUB_RUN_ID: '9876543210', GITHUB_RUN_ATTEMPT: '1' }
const ALPHABET = /^[A-Za-z0-9_\-:.]{1,255}$/

describe('deriveIdempotencyKey', () => {
  it('fits the alphabet and length HeyGen accepts', () => {
    const key = deriveIdempotencyKey('pr_1', BODY, RUN)
    expect(key).toMatch(ALPHABET)
    expect(key).toMatch(/^gha-proofread:[0-9a-f]{48}$/)
  })

  it('fits the alphabet even for a proofread id and repository full of odd characters', () => {
    const key = deriveIdempotencyKey('../../v1/x é', BODY, { GITHUB_REPOSITORY: 'ácme/vídeos', GITHUB_RUN_ID: '1' })
    expect(key).toMatch(ALPHABET)
  })

  it('is the same when the user re-runs the failed job (a new GITHUB_RUN_ATTEMPT), so HeyGen replays instead of charging', () => {
    expect(deriveIdempotencyKey('pr_1', BODY, { ...RUN, GITHUB_RUN_ATTEMPT: '3' })).toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('is the same for an equal body built separately', () => {
    expect(deriveIdempotencyKey('pr_1', { captions: true, translate_audio_only: false }, RUN)).toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs for another workflow run', () => {
    expect(deriveIdempotencyKey('pr_1', BODY, { ...RUN, GITHUB_RUN_ID: '9876543211' })).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs for another repository with the same run id', () => {
    expect(deriveIdempotencyKey('pr_1', BODY, { ...RUN, GITHUB_REPOSITORY: 'acme/other' })).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs for another proofread in the same run', () => {
    expect(deriveIdempotencyKey('pr_2', BODY, RUN)).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('differs when an option changes (captions off is a new request)', () => {
    expect(deriveIdempotencyKey('pr_1', { ...BODY, captions: false }, RUN)).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
    expect(deriveIdempotencyKey('pr_1', { ...BODY, callback_id: 'x' }, RUN)).not.toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
  })

  it('outside a workflow run (no GITHUB_RUN_ID) is new on every call', () => {
    const local = { GITHUB_REPOSITORY: 'acme/videos' }
    const first = deriveIdempotencyKey('pr_1', BODY, local)
    const second = deriveIdempotencyKey('pr_1', BODY, local)
    expect(first).toMatch(ALPHABET)
    expect(second).toMatch(ALPHABET)
    expect(first).not.toBe(second)
  })

  it('reads process.env by default', () => {
    const saved = { id: process.env.GITHUB_RUN_ID, repo: process.env.GITHUB_REPOSITORY }
    try {
      process.env.GITHUB_RUN_ID = RUN.GITHUB_RUN_ID
      process.env.GITHUB_REPOSITORY = RUN.GITHUB_REPOSITORY
      expect(deriveIdempotencyKey('pr_1', BODY)).toBe(deriveIdempotencyKey('pr_1', BODY, RUN))
    } finally {
      for (const [name, value] of [
        ['GITHUB_RUN_ID', saved.id],
        ['GITHUB_REPOSITORY', saved.repo],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
})
