// dry_run with `release`, in-process (the ledger's and the claims' rules; no signal, no second process): the release is
// checked as a real run checks it (a missing one, an immutable one, a name taken, another run's live claim all fail the
// dry run as they would refuse the real run), and the step says what it would upload; nothing is uploaded, claimed or
// paid.
import { describe, expect, it } from 'vitest'
import { errorOf } from '../harness.ts'
import { useRelease } from '../release-harness.ts'

const { sandbox, github, publish } = useRelease('sk-e2e-Dr9d-52e3-Yr', 5)
const writes = () => github.requests.filter((r) => r.method !== 'GET').length

describe('dry_run with release', () => {
  it('says what it would upload, and uploads, claims and pays nothing', async () => {
    const run = await publish({ proofread_id: 'a1-es\nb2-fr', captions: 'true', dry_run: 'true' })
    expect(run.code, run.log).toBe(0)
    expect(run.log).toContain('Dry run: would upload to release v1.0.0 (names and claims free):')
    expect(run.log).toContain('proofread a1-es: a1-es.vtt, a1-es.mp4')
    expect(sandbox.generateCalls()).toHaveLength(0)
    expect(writes()).toBe(0)
  })

  it('a release that does not exist fails the dry run, as it refuses the real run', async () => {
    const run = await publish({ proofread_id: 'a1-es', dry_run: 'true', release: 'v9.9.9' })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toContain('the release with tag v9.9.9 of octo-org/release-videos')
  })

  it('an immutable release, a taken name and another run’s live claim fail it too', async () => {
    github.addRelease('v4.0.0', { immutable: true })
    const closed = await publish({ proofread_id: 'a1-es', dry_run: 'true', release: 'v4.0.0' })
    expect(closed.code).toBe(1)
    expect(errorOf(closed)).toContain('is immutable and already published')
    github.addAsset('v1.0.0', { name: 'a1-es.mp4', label: 'the old trailer' })
    const taken = await publish({ proofread_id: 'a1-es', dry_run: 'true' })
    expect(taken.code).toBe(1)
    expect(errorOf(taken)).toContain("already has an asset named a1-es.mp4, which is not proofread a1-es's")
    // Another run claimed b2-fr a moment ago (a real run's claim asset, as claims.ts writes it).
    const { claimAssetName, claimLabel } = await import('../../../src/action/publish/claims.ts')
    const owner = { proofreadId: 'b2-fr' }
    const until = new Date(Date.now() + 3600_000)
    github.addAsset('v1.0.0', {
      name: claimAssetName({ owner, what: { kind: 'payment' } }),
      label: claimLabel({ owner, runId: '777', attempt: 1, step: 'other-step', until }),
    })
    const claimed = await publish({ proofread_id: 'b2-fr', dry_run: 'true' })
    expect(claimed.code).toBe(1)
    expect(errorOf(claimed)).toContain('a real run would be refused before paying: proofread b2-fr is being generated for release v1.0.0 by run 777')
    expect(sandbox.generateCalls()).toHaveLength(0)
    expect(writes()).toBe(0)
  })
})
