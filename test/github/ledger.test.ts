// The ledger: labels written whole and read back unambiguously whatever the language is called, so a proofread is
// recognised exactly, and only when complete; HeyGen confirms an entry before it saves a payment.
import { describe, expect, it } from 'vitest'
import { entriesFor, labelFor, languageName, readLabel } from '../../src/action/publish/ledger.ts'
import { confirmEntry, type HeyGenLookups, trustedEntry } from '../../src/action/publish/verify.ts'
import type { ReleaseAsset } from '../../src/github/assets.ts'

let nextId = 1
const asset = (name: string, label: string, state = 'uploaded'): ReleaseAsset => ({
  id: nextId++,
  name,
  label,
  state,
  size: 1,
  downloadUrl: `https://x/${name}`,
  uploader: 'github-actions[bot]',
})

describe('labels', () => {
  it('name the language, the kind, the proofread and the job', () => {
    expect(labelFor({ kind: 'video', language: 'es-ES', proofreadId: '8ce0-es', videoTranslateId: '10c0-es' })).toBe(
      'Spanish (Spain) · video · proofread 8ce0-es · job 10c0-es',
    )
    expect(labelFor({ kind: 'captions', language: 'fr', proofreadId: 'p', videoTranslateId: 'j' })).toBe('French · captions · proofread p · job j')
    // A language HeyGen already names stays as it is; none known says what the file is.
    expect(labelFor({ kind: 'video', language: 'Spanish (Mexico)', proofreadId: 'p', videoTranslateId: 'j' })).toBe(
      'Spanish (Mexico) · video · proofread p · job j',
    )
    expect(labelFor({ kind: 'video', videoTranslateId: 'j' })).toBe('video · job j')
    expect(languageName('zz-ZZ-nonsense-!')).toBe('zz-ZZ-nonsense-!')
  })

  it('are read back exactly; labels the action did not write are not records', () => {
    expect(readLabel('Spanish (Spain) · audio · proofread 8ce0-es · job 10c0-es')).toEqual({
      kind: 'audio',
      proofreadId: '8ce0-es',
      videoTranslateId: '10c0-es',
    })
    expect(readLabel('video · job j')).toEqual({ kind: 'video', videoTranslateId: 'j' })
    expect(readLabel('the old trailer')).toBeUndefined()
    expect(readLabel('')).toBeUndefined()
  })

  it('read back the kind that was written whatever the language is called (one ending in captions or audio, or holding a record)', () => {
    for (const language of ['Klingon captions', 'Old audio', 'x · captions · proofread q · job k', 'Evil · video']) {
      for (const kind of ['video', 'captions', 'audio'] as const) {
        const label = labelFor({ kind, language, proofreadId: 'p1', videoTranslateId: 'j1' })
        expect(readLabel(label), label).toEqual({ kind, proofreadId: 'p1', videoTranslateId: 'j1' })
      }
    }
  })

  it('still read labels of the older form (kind after the language)', () => {
    expect(readLabel('Spanish (Spain) captions · proofread p · job j')).toEqual({ kind: 'captions', proofreadId: 'p', videoTranslateId: 'j' })
    expect(readLabel('Spanish (Spain) · proofread p · job j')).toEqual({ kind: 'video', proofreadId: 'p', videoTranslateId: 'j' })
  })
})

describe('entriesFor', () => {
  it('a proofread has an entry only with its uploaded video, and only its own id, whole', () => {
    const assets = [
      asset('a.vtt', 'Spanish · captions · proofread p1 · job j1'),
      asset('b.mp4', 'Spanish · video · proofread p10 · job j2'),
      asset('c.mp4', 'French · video · proofread p2 · job j3', 'open'),
    ]
    expect(entriesFor(assets, { proofreadId: 'p1' })).toEqual([])
    const withVideo = [...assets, asset('a.mp4', 'Spanish · video · proofread p1 · job j1')]
    expect(entriesFor(withVideo, { proofreadId: 'p1' }).map((e) => e.assets.map((a) => a.name))).toEqual([['a.vtt', 'a.mp4']])
    expect(entriesFor(assets, { proofreadId: 'p2' })).toEqual([])
    expect(entriesFor(assets, { videoTranslateId: 'j2' }).map((e) => e.videoTranslateId)).toEqual(['j2'])
  })

  it('one entry per job, newest first, so a forged label beside the real one is told apart', () => {
    const real = asset('p1.mp4', 'Spanish · video · proofread p1 · job real')
    const forged = asset('evil.exe', 'Spanish (Spain) · video · proofread p1 · job forged')
    expect(entriesFor([real, forged], { proofreadId: 'p1' }).map((e) => e.videoTranslateId)).toEqual(['forged', 'real'])
  })
})

describe('HeyGen confirms an entry before it saves a payment', () => {
  const heygen = (jobs: Record<string, { finished: boolean; outputLanguage?: string }>, language?: string): HeyGenLookups => ({
    job: (id) => Promise.resolve(jobs[id] ? { found: true, ...jobs[id] } : { found: false, finished: false }),
    proofreadLanguage: () => Promise.resolve(language),
  })
  const entry = (job: string) => ({ videoTranslateId: job, assets: [asset(`${job}.mp4`, `video · proofread p1 · job ${job}`)] })
  const key = { proofreadId: 'p1' }

  it('a job HeyGen does not know, one not finished, or one in another language is not trusted', async () => {
    expect(await confirmEntry(entry('nope'), key, heygen({}))).toMatchObject({ trusted: false, why: 'HeyGen knows no job nope' })
    expect(await confirmEntry(entry('j'), key, heygen({ j: { finished: false } }))).toMatchObject({ trusted: false })
    const french = await confirmEntry(entry('j'), key, heygen({ j: { finished: true, outputLanguage: 'fr-FR' } }, 'es-ES'))
    expect(french).toEqual({ trusted: false, why: "HeyGen's job j is in fr-FR, but proofread p1 is in es-ES" })
    expect(await confirmEntry(entry('j'), key, heygen({ j: { finished: true, outputLanguage: 'es-ES' } }, 'es-es'))).toEqual({ trusted: true })
  })

  it('the first confirmed entry is taken, the forged ones said why', async () => {
    const found = await trustedEntry([entry('forged'), entry('real')], key, heygen({ real: { finished: true } }))
    expect(found.entry?.videoTranslateId).toBe('real')
    expect(found.distrusted.map((d) => d.entry.videoTranslateId)).toEqual(['forged'])
  })
})
