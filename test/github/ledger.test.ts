// The ledger: labels written whole and read back, so a proofread is recognised exactly, and only when complete.
import { describe, expect, it } from 'vitest'
import { labelFor, languageName, publishedAssets, readLabel } from '../../src/action/publish/ledger.ts'
import type { ReleaseAsset } from '../../src/github/assets.ts'

const asset = (name: string, label: string, state = 'uploaded'): ReleaseAsset => ({
  id: name.length,
  name,
  label,
  state,
  size: 1,
  downloadUrl: `https://x/${name}`,
})

describe('labels', () => {
  it('name the language, the proofread and the job', () => {
    expect(labelFor({ kind: 'video', language: 'es-ES', proofreadId: '8ce0-es', videoTranslateId: '10c0-es' })).toBe(
      'Spanish (Spain) · proofread 8ce0-es · job 10c0-es',
    )
    expect(labelFor({ kind: 'captions', language: 'fr', proofreadId: 'p', videoTranslateId: 'j' })).toBe('French captions · proofread p · job j')
    // A language HeyGen already names stays as it is; none known says what the file is.
    expect(labelFor({ kind: 'video', language: 'Spanish (Mexico)', proofreadId: 'p', videoTranslateId: 'j' })).toBe(
      'Spanish (Mexico) · proofread p · job j',
    )
    expect(labelFor({ kind: 'video', videoTranslateId: 'j' })).toBe('Video · job j')
    expect(languageName('zz-ZZ-nonsense-!')).toBe('zz-ZZ-nonsense-!')
  })

  it('are read back exactly; labels the action did not write are not records', () => {
    expect(readLabel('Spanish (Spain) audio · proofread 8ce0-es · job 10c0-es')).toEqual({
      kind: 'audio',
      proofreadId: '8ce0-es',
      videoTranslateId: '10c0-es',
    })
    expect(readLabel('Video · job j')).toEqual({ kind: 'video', videoTranslateId: 'j' })
    expect(readLabel('the old trailer')).toBeUndefined()
    expect(readLabel('')).toBeUndefined()
  })
})

describe('publishedAssets', () => {
  it('a proofread counts as published only with its uploaded video, and only its own id, whole', () => {
    const assets = [
      asset('a.vtt', 'Spanish captions · proofread p1 · job j1'),
      asset('b.mp4', 'Spanish · proofread p10 · job j2'),
      asset('c.mp4', 'French · proofread p2 · job j3', 'open'),
    ]
    expect(publishedAssets(assets, { proofreadId: 'p1' })).toEqual([])
    expect(publishedAssets([...assets, asset('a.mp4', 'Spanish · proofread p1 · job j1')], { proofreadId: 'p1' }).map((a) => a.name)).toEqual([
      'a.vtt',
      'a.mp4',
    ])
    expect(publishedAssets(assets, { proofreadId: 'p2' })).toEqual([])
    expect(publishedAssets(assets, { videoTranslateId: 'j2' }).map((a) => a.name)).toEqual(['b.mp4'])
  })
})
