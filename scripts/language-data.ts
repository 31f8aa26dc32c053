// `node scripts/language-data.ts` writes src/heygen/language-data.ts: the English names CLDR gives languages, regions
// and scripts (Node's Intl.DisplayNames is CLDR), as comparison keys (heygen/language-key.ts) → BCP 47 subtags. The step
// then looks a name up instead of asking Intl for every code at start-up; test/unit/heygen/language-data.test.ts checks
// that the committed module is what this script writes on the project's Node. Run it again after a Node (ICU) update.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { languageKey } from '../src/heygen/language-key.ts'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'
const PAIRS = [...ALPHABET].flatMap((a) => [...ALPHABET].map((b) => `${a}${b}`))
const TRIPLES = PAIRS.flatMap((pair) => [...ALPHABET].map((c) => `${pair}${c}`))

/**
 * Region names CLDR keeps beside its display names (en.xml's `alt="variant"` entries, and names it used before a
 * country's rename) that Intl.DisplayNames does not expose: HeyGen's list says "Turkish (Turkey)" as well as "(Türkiye)".
 */
const OTHER_REGION_NAMES: Record<string, string> = {
  // CLDR: TR alt="variant" (the display name is now "Türkiye").
  Turkey: 'TR',
  // CLDR: CZ alt="variant" (the display name is "Czechia").
  'Czech Republic': 'CZ',
  // CLDR: CI alt="variant".
  'Ivory Coast': 'CI',
  // CLDR: SZ alt="variant" (the display name is "Eswatini").
  Swaziland: 'SZ',
  // CLDR: TL alt="variant".
  'East Timor': 'TL',
  // CLDR: CV alt="variant".
  'Cabo Verde': 'CV',
  // CLDR: CD and CG alt="variant".
  'Congo (DRC)': 'CD',
  'Congo (Republic)': 'CG',
  // CLDR's name for MK before the 2019 rename to "North Macedonia".
  Macedonia: 'MK',
}

type Table = Record<string, string>

/** Adds a name unless taken: the first code named so keeps it (a two-letter language before a three-letter one). */
function add(table: Table, name: string | undefined, tag: string): void {
  if (!name) return
  const key = languageKey(name)
  if (key !== '' && !(key in table)) table[key] = tag
}

function canonical(tag: string): string {
  return Intl.getCanonicalLocales(tag)[0] ?? tag
}

function display(type: 'language' | 'region' | 'script', options: Partial<Intl.DisplayNamesOptions> = {}): Intl.DisplayNames {
  return new Intl.DisplayNames('en', { type, fallback: 'none', ...options })
}

/** Every region CLDR names in English (ISO 3166 pairs and UN M.49 numbers), long and short, with the spellings a name takes. */
function regionNames(): Table {
  const table: Table = {}
  const codes = [...PAIRS.map((pair) => pair.toUpperCase()), ...Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'))]
  for (const style of ['long', 'short'] as const) {
    const names = display('region', { style })
    for (const code of codes) {
      const name = names.of(code)
      if (!name) continue
      const region = new Intl.Locale(`und-${code}`).region ?? code
      add(table, name, region)
      // "Hong Kong SAR China" is also "Hong Kong SAR" (HeyGen's "English (Hong Kong SAR)").
      if (name.endsWith(' SAR China')) add(table, name.slice(0, -' China'.length), region)
      // "Myanmar (Burma)": either name alone.
      const inner = /^(.+?) \((.+)\)$/.exec(name)
      if (inner?.[1] && inner[2]) for (const part of [inner[1], inner[2]]) add(table, part, region)
    }
  }
  for (const [name, region] of Object.entries(OTHER_REGION_NAMES)) add(table, name, region)
  return table
}

/** Every script CLDR names in English (ISO 15924 codes): "Simplified", "Traditional", "Latin", "Cyrillic"... */
function scriptNames(): Table {
  const table: Table = {}
  const names = display('script')
  for (const first of ALPHABET.toUpperCase()) for (const rest of TRIPLES) add(table, names.of(`${first}${rest}`), `${first}${rest}`)
  return table
}

/**
 * Every language CLDR names in English (two letters first, then three), canonical ("Hebrew" is `he`, never `iw`), and
 * the dialect names CLDR gives a language with a region or script ("American English" `en-US`, "Simplified Chinese"
 * `zh-Hans`, "Latin American Spanish" `es-419`), scanned over the two-letter languages (CLDR's own locales).
 */
function languageNames(regions: Table, scripts: Table): Table {
  const table: Table = {}
  const standard = display('language', { languageDisplay: 'standard' })
  const dialect = display('language', { languageDisplay: 'dialect' })
  const named = [...PAIRS, ...TRIPLES].filter((code) => standard.of(code) !== undefined)
  for (const code of named) add(table, standard.of(code), canonical(code))
  const subtags = [...new Set([...Object.values(regions), ...Object.values(scripts)])].sort()
  for (const code of named.filter((c) => c.length === 2)) {
    for (const subtag of subtags) {
      const name = dialect.of(`${code}-${subtag}`)
      // A dialect name is one of CLDR's own ("British English"), not "English (United Kingdom)".
      if (name && !name.includes('(')) add(table, name, canonical(`${code}-${subtag}`))
    }
  }
  return table
}

function literal(table: Table): string {
  const entries = Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{\n${entries.map(([key, tag]) => `  ${JSON.stringify(key)}: ${JSON.stringify(tag)},`).join('\n')}\n}`
}

/** The data module's text, formatted as the project's Prettier settings format it. */
export async function languageDataModule(): Promise<string> {
  const regions = regionNames()
  const scripts = scriptNames()
  const languages = languageNames(regions, scripts)
  const text = [
    `// Generated by scripts/language-data.ts from CLDR ${process.versions.cldr ?? '?'} (Node ${process.versions.node}'s Intl): do not edit.`,
    "// English names as comparison keys (language-key.ts) → BCP 47 subtags; HeyGen's own words are in languages.ts.",
    '',
    "/** Language names, and CLDR's dialect names of a language with a region or script → BCP 47 tag. */",
    `export const LANGUAGE_NAMES: Readonly<Record<string, string>> = ${literal(languages)}`,
    '',
    '/** Region names (long and short, older and variant ones) → region subtag. */',
    `export const REGION_NAMES: Readonly<Record<string, string>> = ${literal(regions)}`,
    '',
    '/** Script names → script subtag. */',
    `export const SCRIPT_NAMES: Readonly<Record<string, string>> = ${literal(scripts)}`,
    '',
  ].join('\n')
  const options = await prettier.resolveConfig(fileURLToPath(new URL('../src/heygen/language-data.ts', import.meta.url)))
  return prettier.format(text, { ...options, parser: 'typescript' })
}

export const LANGUAGE_DATA_FILE = fileURLToPath(new URL('../src/heygen/language-data.ts', import.meta.url))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(LANGUAGE_DATA_FILE, await languageDataModule())
  console.log(`Wrote ${LANGUAGE_DATA_FILE}`)
}
