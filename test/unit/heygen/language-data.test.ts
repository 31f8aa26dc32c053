// The committed CLDR name data is exactly what scripts/language-data.ts writes on the project's Node: a Node (ICU)
// update that changes CLDR's names fails here, and `node scripts/language-data.ts` brings the module up to date.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LANGUAGE_DATA_FILE, languageDataModule } from '../../../scripts/language-data.ts'
import { LANGUAGE_NAMES, REGION_NAMES, SCRIPT_NAMES } from '../../../src/heygen/language-data.js'

describe('the generated language data', () => {
  it('equals what the generator writes from this Node’s CLDR', async () => {
    expect(await languageDataModule()).toBe(readFileSync(LANGUAGE_DATA_FILE, 'utf8'))
  }, 120_000)

  it('holds the long and short region names, the "SAR" and "and" spellings, older names, and dialect names', () => {
    expect(REGION_NAMES).toMatchObject({
      'hong kong sar china': 'HK',
      'hong kong sar': 'HK',
      'hong kong': 'HK',
      'bosnia and herzegovina': 'BA',
      uk: 'GB',
      'united kingdom': 'GB',
      turkiye: 'TR',
      turkey: 'TR',
      'latin america': '419',
    })
    expect(SCRIPT_NAMES).toMatchObject({ simplified: 'Hans', traditional: 'Hant', latin: 'Latn', cyrillic: 'Cyrl' })
    expect(LANGUAGE_NAMES).toMatchObject({ bangla: 'bn', hebrew: 'he', 'american english': 'en-US', 'simplified chinese': 'zh-Hans' })
  })
})
