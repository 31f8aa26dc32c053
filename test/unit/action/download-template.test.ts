// download_path's placeholders as one table: each row says where its value comes from and when it is known, and the
// table alone parses, checks and fills a template.
import { describe, expect, it } from 'vitest'
import {
  fillTemplate,
  KNOWN_BEFORE_PAYING,
  missingPlaceholder,
  PLACEHOLDER_TABLE,
  PLACEHOLDERS,
  placeholderProblem,
} from '../../../src/action/files/download-template.js'

describe('the placeholder table', () => {
  it('names every placeholder once, with where its value comes from and when it is known', () => {
    expect(PLACEHOLDER_TABLE.map((row) => [row.name, row.source, row.known])).toEqual([
      ['output_language', 'output_language', 'preflight'],
      ['language', 'output_language', 'preflight'],
      ['language_code', 'output_language', 'preflight'],
      ['proofread_id', 'proofread_id', 'input'],
      ['video_translate_id', 'video_translate_id', 'paid'],
    ])
    expect(new Set(PLACEHOLDERS).size).toBe(PLACEHOLDERS.length)
  })

  it('only the job id is unknown before paying', () => {
    expect(KNOWN_BEFORE_PAYING).toEqual(['output_language', 'language', 'language_code', 'proofread_id'])
  })
})

describe('placeholderProblem', () => {
  const v3 = { preflightGivesLanguage: true, resuming: false }

  it('an unknown name is refused with the list the table holds', () => {
    expect(placeholderProblem('v/{lang}.mp4', v3)).toBe(
      'has an unknown placeholder {lang}: use {output_language}, {language}, {language_code}, {proofread_id} or {video_translate_id}',
    )
  })

  it('a language name needs the preflight, the only source of a language before paying', () => {
    expect(placeholderProblem('v/{language_code}.mp4', { preflightGivesLanguage: false, resuming: false })).toMatch(
      /^uses \{language_code\}, which is known before paying only from the v3 preflight/,
    )
    expect(placeholderProblem('v/{language_code}.mp4', v3)).toBeUndefined()
  })

  it('a resumed job has no proofread id', () => {
    expect(placeholderProblem('v/{proofread_id}.mp4', { preflightGivesLanguage: true, resuming: true })).toMatch(/resumed job .* no proofread id/)
    expect(placeholderProblem('v/{video_translate_id}.mp4', { preflightGivesLanguage: true, resuming: true })).toBeUndefined()
  })
})

describe('fillTemplate', () => {
  it('fills each placeholder from its source, as a file name', () => {
    const values = { proofread_id: 'pr/1', output_language: 'Spanish (Spain)', video_translate_id: 'vt_1' }
    expect(fillTemplate('v/{language_code}/{proofread_id}-{video_translate_id}.mp4', values)).toMatch(/^v\/es-ES\/pr_1-[0-9a-f]{8}-vt_1\.mp4$/)
  })

  it('a placeholder without a value is an error naming the placeholder and the missing field', () => {
    expect(() => fillTemplate('v/{language}.mp4', { proofread_id: 'pr_1', video_translate_id: 'vt_1' })).toThrow(
      "HeyGen gave no output_language for pr_1, so download_path's {language} cannot be filled",
    )
  })

  it('missingPlaceholder finds a name known before paying that has no value', () => {
    expect(missingPlaceholder('v/{language}/{video_translate_id}.mp4', { proofread_id: 'p' }, KNOWN_BEFORE_PAYING)).toBe('language')
    expect(missingPlaceholder('v/{video_translate_id}.mp4', {}, KNOWN_BEFORE_PAYING)).toBeUndefined()
  })
})
