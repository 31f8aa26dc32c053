// Issue 23: a job's placeholder values are built in one place (placeholderValues), for the plan before paying, the
// job's download and the publisher's asset names alike; the table says which placeholder reads which value.
import { describe, expect, it } from 'vitest'
import { fillTemplate, PLACEHOLDER_TABLE, placeholderValues } from '../../../src/action/files/download-template.js'
import { destinationBeforePaying } from '../../../src/action/files/paths.js'

const WORKSPACE = '/home/runner/work/acme/acme'
const job = { proofreadId: 'pr_es', outputLanguage: 'Spanish (Spain)' }

describe('placeholderValues', () => {
  it('gives every row of the table its value from a job whose facts are all known', () => {
    const values = placeholderValues({ ...job, videoTranslateId: 'vt_1' })
    for (const row of PLACEHOLDER_TABLE) expect(values[row.source], `{${row.name}}`).toBeTruthy()
    expect(fillTemplate('{proofread_id}/{language_code}-{video_translate_id}.mp4', values)).toBe('pr_es/es-ES-vt_1.mp4')
  })

  it('before paying there is no job id, and a fact not known yet (no language from a v2 step) is no value', () => {
    expect(placeholderValues({ proofreadId: 'pr_es' })).toEqual({ proofread_id: 'pr_es' })
    // A resumed job has no proofread id: the template then names the placeholder HeyGen left without a value.
    const resumed = placeholderValues({ proofreadId: '', outputLanguage: undefined, videoTranslateId: 'vt_9' })
    expect(resumed).toEqual({ video_translate_id: 'vt_9' })
    expect(() => fillTemplate('{output_language}.mp4', resumed)).toThrow('HeyGen gave no output_language for vt_9')
  })
})

describe('destinationBeforePaying', () => {
  it('is the file when its name holds no job id', () => {
    expect(destinationBeforePaying('videos/{language_code}.mp4', job, { workspace: WORKSPACE, several: true })).toEqual({
      video: `${WORKSPACE}/videos/es-ES.mp4`,
      base: `${WORKSPACE}/videos/es-ES`,
    })
  })

  it('is undefined when the job id names the file: a folder, or {video_translate_id}', () => {
    expect(destinationBeforePaying('videos/{language_code}/', job, { workspace: WORKSPACE, several: false })).toBeUndefined()
    expect(destinationBeforePaying('videos/{video_translate_id}.mp4', job, { workspace: WORKSPACE, several: false })).toBeUndefined()
  })

  it('says which placeholder cannot be filled, before paying', () => {
    expect(() => destinationBeforePaying('videos/{output_language}.mp4', { proofreadId: 'pr_es' }, { workspace: WORKSPACE, several: false })).toThrow(
      "download_path's {output_language} cannot be filled",
    )
  })
})
