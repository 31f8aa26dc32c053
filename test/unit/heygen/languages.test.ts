// HeyGen's language names as localization pipelines name files: a BCP 47 tag (CLDR's English names, and a short
// table for HeyGen's own spellings), a readable file name and a lowercase slug.
import { describe, expect, it } from 'vitest'
import { languageCode, languageFileName, languageSlug } from '../../../src/heygen/languages.js'

describe('languageCode: a HeyGen name to its BCP 47 tag', () => {
  it.each([
    // The names HeyGen's material shows (API-NOTES.md), with the tags localization tools use.
    ['Spanish', 'es'],
    ['Spanish (Spain)', 'es-ES'],
    ['Spanish (Mexico)', 'es-MX'],
    ['Spanish (Latin America)', 'es-419'],
    ['Spanish (United States)', 'es-US'],
    ['Portuguese (Brazil)', 'pt-BR'],
    ['Portuguese (Portugal)', 'pt-PT'],
    ['English', 'en'],
    ['English (United States)', 'en-US'],
    ['French (Canada)', 'fr-CA'],
    ['German (Germany)', 'de-DE'],
    ['Japanese (Japan)', 'ja-JP'],
    ['Korean (Korea)', 'ko-KR'],
    ['Arabic', 'ar'],
    ['Albanian (Albania)', 'sq-AL'],
    ['Chinese (Mandarin, Simplified)', 'zh-Hans'],
    ['Chinese (Taiwanese Mandarin, Traditional)', 'zh-Hant-TW'],
    ['Chinese (Cantonese, Traditional)', 'yue-Hant'],
    ['Chinese (Wu, Simplified)', 'wuu-Hans'],
    // CLDR names beyond HeyGen's examples: scripts, short region names, three-letter languages, deprecated codes.
    ['Serbian (Cyrillic)', 'sr-Cyrl'],
    ['Chinese (Hong Kong)', 'zh-HK'],
    ['Filipino', 'fil'],
    ['Hebrew', 'he'],
    ['Indonesian', 'id'],
    ['Norwegian Bokmål', 'nb'],
    ['  spanish  (  spain )', 'es-ES'],
  ])('%j is %s', (name, code) => {
    expect(languageCode(name)).toBe(code)
  })

  it.each(['Elvish', 'Spanish (Mars)', 'Spanish (Spain', 'es', '', '(Spain)', 'Spanish (Spain) (Spain)', 'es\n\u0085::warning::x', 'x'.repeat(1000)])(
    '%j maps to nothing',
    (name) => {
      expect(languageCode(name)).toBeUndefined()
    },
  )
})

describe('languageFileName and languageSlug: readable, portable, without a hash when only punctuation changes', () => {
  it.each([
    ['Spanish (Spain)', 'Spanish-Spain', 'spanish-spain'],
    ['Chinese (Mandarin, Simplified)', 'Chinese-Mandarin-Simplified', 'chinese-mandarin-simplified'],
    ['English', 'English', 'english'],
    ['Norwegian Bokmål', 'Norwegian-Bokmal', 'norwegian-bokmal'],
    ['../..', undefined, undefined],
  ])('%j', (name, readable, slug) => {
    if (readable === undefined) {
      expect(languageFileName(name)).toMatch(/^language-[0-9a-f]{8}$/)
    } else {
      expect(languageFileName(name)).toBe(readable)
      expect(languageSlug(name)).toBe(slug)
    }
  })

  it('a name with letters outside A-Z, or a very long one, keeps what it can and gets a hash, so two never meet', () => {
    expect(languageFileName('中文 (简体)')).toMatch(/^language-[0-9a-f]{8}$/)
    expect(languageFileName('Chinese 中文')).toMatch(/^Chinese-[0-9a-f]{8}$/)
    expect(languageFileName('中文')).not.toBe(languageFileName('日本語'))
    const long = languageFileName(`Spanish ${'x'.repeat(500)}`)
    expect(long.length).toBeLessThanOrEqual(89)
    expect(long).toMatch(/^Spanish-x+-[0-9a-f]{8}$/)
  })

  it('every character of a hostile name is gone from the file name but letters and digits', () => {
    for (const name of ['es\n\u0085::warning title=X::x', '##[add-mask]x', 'a\u2028b\u2029c\u00a0d', 'CON/../..\\x']) {
      expect(languageFileName(name)).toMatch(/^[A-Za-z0-9-]+$/)
    }
  })
})
