// HeyGen names languages in English ("Spanish (Spain)", "Chinese (Cantonese, Traditional)"), never by code. Files are
// named the way localization pipelines name them: a readable form of the name, a lowercase slug, or a BCP 47 tag.
import { createHash } from 'node:crypto'

/**
 * HeyGen's words that CLDR's English display names spell differently (CLDR: "South Korea", and "Mandarin" is no
 * display name at all): each gives the language, script or region it stands for.
 */
const HEYGEN_WORDS: Record<string, Subtag> = {
  // CLDR says "South Korea".
  korea: { region: 'KR' },
  // Mandarin is what CLDR calls plain "Chinese" (zh); HeyGen names it as a dialect beside the script.
  mandarin: { language: 'zh' },
  // CLDR says "Wu Chinese".
  wu: { language: 'wuu' },
  // HeyGen's Taiwan Mandarin: Chinese as spoken in Taiwan.
  'taiwanese mandarin': { language: 'zh', region: 'TW' },
  // CLDR's script names are "Simplified Han" / "Traditional Han" in some data versions, "Simplified" in others.
  simplified: { script: 'Hans' },
  traditional: { script: 'Hant' },
  // CLDR's name for 419 in most versions; kept here so a data update cannot break es-419.
  'latin america': { region: '419' },
}

/** Three-letter languages HeyGen names as dialects (Cantonese, Wu...), looked up before a scan of every code. */
const DIALECTS = ['yue', 'wuu', 'hak', 'nan', 'hsn', 'gan', 'fil', 'haw', 'ceb', 'ckb']
/** Scripts a language name may carry (CLDR's English names: Latin, Cyrillic, Simplified...). */
const SCRIPTS = ['Latn', 'Cyrl', 'Arab', 'Hans', 'Hant', 'Deva', 'Beng', 'Grek', 'Hebr', 'Jpan', 'Kore', 'Thai', 'Guru', 'Gujr', 'Taml', 'Telu']

interface Subtag {
  language?: string
  script?: string
  region?: string
}

/** CLDR's English display names (lowercase) → subtag, one map per kind (Arabic is a script and a language), built on first use. */
interface Names {
  languages: Map<string, Subtag>
  scripts: Map<string, Subtag>
  regions: Map<string, Subtag>
}
let names: Names | undefined
let rare: Map<string, Subtag> | undefined

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'
const PAIRS = [...ALPHABET].flatMap((a) => [...ALPHABET].map((b) => `${a}${b}`))

/** Adds a name unless taken: the first (two-letter) code keeps a name that several codes share. */
function add(map: Map<string, Subtag>, name: string | undefined, subtag: Subtag): void {
  if (name && !map.has(name.toLowerCase())) map.set(name.toLowerCase(), subtag)
}

function cldrNames(): Names {
  if (names) return names
  const built: Names = { languages: new Map(), scripts: new Map(), regions: new Map() }
  const display = (type: 'language' | 'script' | 'region', style: 'long' | 'short' = 'long') =>
    new Intl.DisplayNames('en', { type, style, fallback: 'none' })
  for (const style of ['long', 'short'] as const) {
    const regions = display('region', style)
    for (const region of [...PAIRS.map((pair) => pair.toUpperCase()), '419']) add(built.regions, regions.of(region), { region })
  }
  const scripts = display('script')
  for (const script of SCRIPTS) add(built.scripts, scripts.of(script), { script })
  const languages = display('language')
  for (const code of [...PAIRS, ...DIALECTS]) add(built.languages, languages.of(code), { language: canonical(code) })
  names = built
  return built
}

/** Every three-letter language CLDR names in English: scanned (a quarter of a second) only for a name not found otherwise. */
function rareLanguages(): Map<string, Subtag> {
  if (rare) return rare
  const map = new Map<string, Subtag>()
  const languages = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' })
  for (const pair of PAIRS) for (const c of ALPHABET) add(map, languages.of(`${pair}${c}`), { language: canonical(`${pair}${c}`) })
  rare = map
  return map
}

function canonical(code: string): string {
  try {
    return Intl.getCanonicalLocales(code)[0] ?? code
  } catch {
    return code
  }
}

function normal(word: string): string {
  return word.trim().replace(/\s+/g, ' ').toLowerCase()
}

function languageNamed(word: string): Subtag | undefined {
  const key = normal(word)
  return cldrNames().languages.get(key) ?? rareLanguages().get(key)
}

/** A word inside the parentheses: HeyGen's own first, then a region, a script, or a language (a dialect such as Wu). */
function qualifier(word: string): Subtag | undefined {
  const key = normal(word)
  const { regions, scripts } = cldrNames()
  return HEYGEN_WORDS[key] ?? regions.get(key) ?? scripts.get(key) ?? languageNamed(word)
}

/**
 * The BCP 47 tag of a HeyGen language name ("Spanish (Spain)" → `es-ES`, "Spanish (Latin America)" → `es-419`,
 * "Chinese (Cantonese, Traditional)" → `yue-Hant`, "Arabic" → `ar`); undefined for a name it cannot map.
 */
export function languageCode(name: string): string | undefined {
  const match = /^([^()]+?)\s*(?:\(([^()]*)\))?$/.exec(name.trim())
  if (!match?.[1] || name.length > 200) return undefined
  const base = languageNamed(match[1])
  if (!base?.language) return undefined
  const tag: Subtag = { language: base.language }
  for (const word of (match[2] ?? '').split(',').filter((w) => w.trim() !== '')) {
    const subtag = qualifier(word)
    if (!subtag) return undefined
    // A dialect word inside the parentheses (Cantonese, Wu) names the language itself.
    Object.assign(tag, subtag)
  }
  return canonical([tag.language, tag.script, tag.region].filter(Boolean).join('-'))
}

/** Longest language file name; longer names get a short hash instead of the rest. */
const MAX_LANGUAGE_CHARS = 80

/**
 * The name as a readable, portable file name: letters and digits kept (accents dropped), every run of spaces and
 * punctuation one `-`, case kept ("Spanish (Spain)" → `Spanish-Spain`). A name that loses more than that (letters
 * outside A-Z, or over 80 characters) gets a short hash of the original, so two names never share a file.
 */
export function languageFileName(name: string): string {
  const ascii = name.normalize('NFKD').replace(/\p{M}/gu, '')
  const readable = ascii.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  const lost = /[^\x00-\x7f]/.test(ascii.replace(/[^\p{L}\p{N}]/gu, '')) || readable === '' || readable.length > MAX_LANGUAGE_CHARS
  if (!lost) return readable
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8)
  const kept = readable.slice(0, MAX_LANGUAGE_CHARS)
  return kept ? `${kept}-${hash}` : `language-${hash}`
}

/** The `{language}` slug: the file name, lowercase ("Chinese (Mandarin, Simplified)" → `chinese-mandarin-simplified`). */
export function languageSlug(name: string): string {
  return languageFileName(name).toLowerCase()
}
