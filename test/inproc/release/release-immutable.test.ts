// Releases that cannot take assets, and drafts, in-process (the ledger's rules; no signal, no second process): an
// immutable published release is refused before paying, naming the draft flow; a draft (which GitHub's get-by-tag route
// does not return) is found by listing releases and published into; a forged ledger label neither blocks a proofread
// nor is touched.
import { describe, expect, it } from 'vitest'
import { errorOf } from '../harness.ts'
import { useRelease } from '../release-harness.ts'

const { sandbox, github, publish, names } = useRelease('sk-e2e-Im7c-41d2-Xq', 5)

describe('immutable and draft releases', () => {
  it('an immutable, published release is refused before any HeyGen call, showing the draft flow', async () => {
    github.addRelease('v4.0.0', { immutable: true })
    const run = await publish({ proofread_id: 'a1-es', release: 'v4.0.0' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toHaveLength(0)
    const error = errorOf(run)
    expect(error).toContain('release v4.0.0 of octo-org/release-videos is immutable and already published')
    expect(error).toContain('create the release as a draft')
    expect(error).toContain('no credits were spent')
    expect(github.count('uploads', 'POST')).toBe(0)
  })

  it('a draft of an immutable release is found by listing releases, and takes the videos', async () => {
    github.addRelease('v5.0.0', { draft: true, immutable: true })
    const run = await publish({ proofread_id: 'a1-es', release: 'v5.0.0' })
    expect(run.code, run.log).toBe(0)
    expect(run.log).toContain('Publishing to draft release v5.0.0')
    expect(names('v5.0.0')).toEqual(['a1-es.mp4'])
    // Published by the user afterwards: from then on nothing can change it; a re-run finds the video and pays nothing.
    github.publishRelease('v5.0.0')
    const again = await publish({ proofread_id: 'a1-es', release: 'v5.0.0' })
    expect(again.code, again.log).toBe(0)
    expect(JSON.parse(again.outputs.results ?? '[]')).toMatchObject([{ status: 'published' }])
    expect(sandbox.jobs).toHaveLength(1)
    // A proofread not on it yet is refused before paying.
    const more = await publish({ proofread_id: 'a1-es\nb2-fr', release: 'v5.0.0' })
    expect(more.code).toBe(1)
    expect(errorOf(more)).toContain('is immutable and already published')
    expect(sandbox.jobs).toHaveLength(1)
  })

  it('a forged ledger label (another asset naming the proofread and a job HeyGen does not know) neither blocks nor is touched', async () => {
    const forged = github.addAsset('v1.0.0', {
      name: 'evil.exe',
      label: 'Spanish (Spain) · video · proofread a1-es · job vt-forged',
      uploader: 'mallory',
    })
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(1)
    expect(run.log).toMatch(/evil\.exe is labelled as proofread a1-es's, but HeyGen knows no job vt-forged: not trusted, and left as it is/)
    expect(github.assets().find((a) => a.id === forged.id)).toEqual(forged)
    const results = JSON.parse(run.outputs.results ?? '[]') as Array<{ asset_urls: string[] }>
    expect(results[0]?.asset_urls.at(-1)).toMatch(/\/a1-es\.mp4$/)
  })
})
