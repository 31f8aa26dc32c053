// Issue 27: a dry run prints each proofread's resolved file and asset names, so a release manager sees them before paying.
import { describe, expect, it } from 'vitest'
import { plannedNames } from '../../../src/action/report/planned-names.js'

const WORKSPACE = '/home/runner/work/acme/acme'
const base = {
  work: { proofreadIds: ['pr_es', 'pr_fr'] },
  heygen: { request: { captions: true, translate_audio_only: false } },
  publish: undefined,
  files: {},
}

describe('plannedNames', () => {
  it('fills the language placeholders from the preflight and names the release assets', () => {
    const lines = plannedNames(
      { ...base, files: { downloadPath: 'videos/{language_code}.mp4' }, publish: { release: 'v1.0.0' } as never },
      'pr_es',
      'Spanish (Spain)',
      WORKSPACE,
    )
    expect(lines).toEqual(['  Would save: videos/es-ES.mp4, videos/es-ES.vtt', '  Release assets: es-ES.mp4, es-ES.vtt'])
  })

  it('{output_language} gives HeyGen’s name made file-safe (Spanish-Spain), not the code', () => {
    expect(plannedNames({ ...base, files: { downloadPath: 'videos/{output_language}.mp4' } }, 'pr_es', 'Spanish (Spain)', WORKSPACE)).toEqual([
      '  Would save: videos/Spanish-Spain.mp4, videos/Spanish-Spain.vtt',
    ])
  })

  it('a folder names each file by the job id a real run would get', () => {
    expect(plannedNames({ ...base, files: { downloadPath: 'videos/' } }, 'pr_es', undefined, WORKSPACE)).toEqual([
      '  Would save: videos/<video_translate_id>.mp4, videos/<video_translate_id>.vtt',
    ])
  })

  it('says nothing without download_path', () => {
    expect(plannedNames({ ...base }, 'pr_es', 'Spanish (Spain)', WORKSPACE)).toEqual([])
  })
})
