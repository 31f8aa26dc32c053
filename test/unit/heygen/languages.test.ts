// HeyGen's language names as localization pipelines name files: a BCP 47 tag (CLDR's English names, and a short
// table for HeyGen's own spellings), a readable file name and a lowercase slug.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { languageCode, languageFileName, languageSlug } from '../../../src/heygen/languages.js'

/** HeyGen's own list (../shared/heygen/language-names.txt, copied into the repository): every name, in file order. */
const HEYGEN_NAMES = readFileSync(new URL('../../fixtures/heygen-language-names.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))

/** The names of the list whose tag is a decision, not CLDR's reading of the name (docs/languages.md says why). */
const DECIDED: Record<string, string | undefined> = {
  Mandarin: 'zh',
  'Bengali (India)': 'bn-IN',
  'Turkish (Turkey)': 'tr-TR',
  'Turkish (Türkiye)': 'tr-TR',
  'English (Hong Kong SAR)': 'en-HK',
  'English (UK)': 'en-GB',
  'Bosnian (Bosnia and Herzegovina)': 'bs-BA',
  'Korean (Korea)': 'ko-KR',
  'Chinese (Mandarin, Simplified)': 'zh-Hans',
  'Chinese (Cantonese, Simplified)': 'yue-Hans',
  'Chinese (Cantonese, Traditional)': 'yue-Hant',
  'Chinese (Taiwanese Mandarin, Traditional)': 'zh-Hant-TW',
  // CLDR says "Myanmar (Burma)": either name is Myanmar.
  'Burmese (Myanmar)': 'my-MM',
  'Chinese (Wu, Simplified)': 'wuu-Hans',
  'Chinese (Jilu Mandarin, Simplified)': 'zh-Hans-x-jilu',
  'Chinese (Northeastern Mandarin, Simplified)': 'zh-Hans-x-dongbei',
  'Chinese (Southwestern Mandarin, Simplified)': 'zh-Hans-x-xinan',
  'Chinese (Zhongyuan Mandarin Henan, Simplified)': 'zh-Hans-x-henan',
  'Chinese (Zhongyuan Mandarin Shaanxi, Simplified)': 'zh-Hans-x-shaanxi',
  'Custom Accent English': 'en',
  'American English': 'en-US',
  'English - Your Accent': 'en',
  'English - American Accent': 'en-US',
  // HeyGen's audio-only entry names no language: {language_code} is refused before paying, {language} works.
  audio: undefined,
  es: 'es',
  en: 'en',
  fr: 'fr',
  'es-ES': 'es-ES',
}

describe("every name of HeyGen's own list (test/fixtures/heygen-language-names.txt)", () => {
  it('holds the list: about 180 names, the product entries and the codes among them', () => {
    expect(HEYGEN_NAMES.length).toBeGreaterThan(180)
    for (const name of Object.keys(DECIDED)) expect(HEYGEN_NAMES).toContain(name)
  })

  it.each(HEYGEN_NAMES)('%j gets its tag', (name) => {
    const code = languageCode(name)
    if (name in DECIDED) return expect(code).toBe(DECIDED[name])
    // Every other name is "Language" or "Language (Region)" or "Language (Script, Region)" in CLDR's words.
    expect(code).toBeDefined()
    const words = /^([^()]+?)(?: \((.+)\))?$/.exec(name)
    const parts = (code ?? '').split('-')
    expect(parts.length).toBe(1 + (words?.[2]?.split(',').length ?? 0))
    // And CLDR's own name of that tag is the name HeyGen sent: the tag says what the name says, no more.
    expect(new Intl.DisplayNames('en', { type: 'language', languageDisplay: 'standard' }).of(code ?? '')).toBe(name)
  })

  it('two names of the list share a tag only when they name one language', () => {
    const byTag = new Map<string, string[]>()
    for (const name of HEYGEN_NAMES) {
      const code = languageCode(name)
      if (code) byTag.set(code, [...(byTag.get(code) ?? []), name])
    }
    const shared = [...byTag.values()].filter((names) => names.length > 1).map((names) => names.join(' = '))
    expect(shared.sort()).toEqual(
      [
        'American English = English (United States) = English - American Accent',
        'Chinese = Mandarin',
        'English = Custom Accent English = English - Your Accent = en',
        'English (UK) = English (United Kingdom)',
        'French = fr',
        'Spanish = es',
        'Spanish (Spain) = es-ES',
        'Turkish (Türkiye) = Turkish (Turkey)',
      ].sort(),
    )
  })
})

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

  it.each([
    // Spellings HeyGen's list does not hold but a name may take: other regions, "&"/"and", "SAR", older and newer names.
    ['English (Hong Kong)', 'en-HK'],
    ['Chinese (Macao SAR)', 'zh-MO'],
    ['Portuguese (Macao SAR China)', 'pt-MO'],
    ['Bosnian (Bosnia & Herzegovina)', 'bs-BA'],
    ['Croatian (Bosnia and Herzegovina)', 'hr-BA'],
    ['Czech (Czech Republic)', 'cs-CZ'],
    ['Turkish (Turkiye)', 'tr-TR'],
    ['Turkish (TÜRKIYE)', 'tr-TR'],
    ['Turkish (Cyprus)', 'tr-CY'],
    ['Macedonian (Macedonia)', 'mk-MK'],
    ['Burmese (Burma)', 'my-MM'],
    ['French (Côte d’Ivoire)', 'fr-CI'],
    ["French (Cote d'Ivoire)", 'fr-CI'],
    ['French (Ivory Coast)', 'fr-CI'],
    ['English (Saint Lucia)', 'en-LC'],
    ['English (St. Lucia)', 'en-LC'],
    ['Spanish (US)', 'es-US'],
    ['Bengali (Bangladesh)', 'bn-BD'],
    ['Bangla (India)', 'bn-IN'],
    ['Bengali', 'bn'],
    ['Arabic (world)', 'ar-001'],
    // CLDR's dialect display names, as a pipeline may have named the proofread.
    ['British English', 'en-GB'],
    ['Simplified Chinese', 'zh-Hans'],
    ['Latin American Spanish', 'es-419'],
    ['Brazilian Portuguese', 'pt-BR'],
    ['Flemish', 'nl-BE'],
    ['Mandarin', 'zh'],
    ['Chinese (Northeastern Mandarin, Traditional)', 'zh-Hant-x-dongbei'],
    // Codes sent as the name come back as themselves, canonical.
    ['es', 'es'],
    ['es-ES', 'es-ES'],
    ['es-es', 'es-ES'],
    ['pt_BR', 'pt-BR'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['iw', 'he'],
    // Written as a code, a code: `ga` is Irish; the Ga language is "Ga".
    ['ga', 'ga'],
    ['Ga', 'gaa'],
  ])('%j is %s', (name, code) => {
    expect(languageCode(name)).toBe(code)
  })

  it.each([
    'Elvish',
    'Spanish (Mars)',
    'Spanish (Spain',
    'xx',
    'es-XX',
    'audio',
    '',
    '(Spain)',
    'Spanish (Spain) (Spain)',
    'es\n\u0085::warning::x',
    'x'.repeat(1000),
  ])('%j maps to nothing', (name) => {
    expect(languageCode(name)).toBeUndefined()
  })
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
