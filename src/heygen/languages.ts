// HeyGen names languages in English ("Spanish (Spain)", "Chinese (Cantonese, Traditional)"), or echoes a code a client sent. Files are
// named the way localization pipelines name them: a readable form of the name, a lowercase slug, or a BCP 47 tag.
import { createHash } from 'node:crypto'
import { LANGUAGE_NAMES, REGION_NAMES, SCRIPT_NAMES } from './language-data.js'
import { languageKey } from './language-key.js'

/** What a name says about a tag: BCP 47's subtags, and a private-use one for a dialect BCP 47 has no subtag for. */
interface Subtags {
  language?: string
  script?: string
  region?: string
  privateUse?: string
}

/**
 * HeyGen's words that CLDR cannot know, each with its reason: looked up before CLDR's names (language-data.ts, generated).
 * `audio`, HeyGen's entry for audio-only dubbing, is deliberately absent: it names no language (docs/languages.md).
 */
const HEYGEN_WORDS: Readonly<Record<string, Subtags>> = {
  // CLDR says "South Korea"; HeyGen says "Korean (Korea)".
  korea: { region: 'KR' },
  // CLDR's English name of bn is now "Bangla"; HeyGen's list still says "Bengali (India)" beside "Bangla (Bangladesh)".
  bengali: { language: 'bn' },
  // HeyGen names the Mandarin it speaks, bare or as a dialect beside the script; CLDR has no "Mandarin" (it is plain Chinese, zh).
  mandarin: { language: 'zh' },
  // CLDR says "Wu Chinese".
  wu: { language: 'wuu' },
  // HeyGen's Taiwan Mandarin: Chinese as spoken in Taiwan.
  'taiwanese mandarin': { language: 'zh', region: 'TW' },
  // Mandarin dialects BCP 47 registers no subtag for: zh with a private-use subtag (the dialect's Chinese name), so each
  // keeps a tag (and a file) of its own, and a tool that truncates a tag still reads zh-Hans.
  'jilu mandarin': { language: 'zh', privateUse: 'jilu' },
  'northeastern mandarin': { language: 'zh', privateUse: 'dongbei' },
  'southwestern mandarin': { language: 'zh', privateUse: 'xinan' },
  'zhongyuan mandarin henan': { language: 'zh', privateUse: 'henan' },
  'zhongyuan mandarin shaanxi': { language: 'zh', privateUse: 'shaanxi' },
  // HeyGen's product entries for a voice that keeps the speaker's own accent: the words are English.
  'english - your accent': { language: 'en' },
  'custom accent english': { language: 'en' },
  // HeyGen's product entry for English with an American accent: CLDR's "American English" (en-US).
  'english - american accent': { language: 'en', region: 'US' },
}

/** A tag's subtags ("es-419" → language es, region 419). */
function subtagsOf(tag: string | undefined): Subtags | undefined {
  if (tag === undefined) return undefined
  const locale = new Intl.Locale(tag)
  return { language: locale.language, ...(locale.script ? { script: locale.script } : {}), ...(locale.region ? { region: locale.region } : {}) }
}

function entry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

/** A whole language name: HeyGen's word, else CLDR's language or dialect name ("American English"). */
function languageNamed(key: string): Subtags | undefined {
  return entry(HEYGEN_WORDS, key) ?? subtagsOf(entry(LANGUAGE_NAMES, key))
}

/** A word inside the parentheses: HeyGen's own first, then a region, a script, or a language (a dialect such as Cantonese). */
function qualifier(key: string): Subtags | undefined {
  const region = entry(REGION_NAMES, key)
  const script = entry(SCRIPT_NAMES, key)
  return entry(HEYGEN_WORDS, key) ?? (region ? { region } : script ? { script } : subtagsOf(entry(LANGUAGE_NAMES, key)))
}

function tagOf(subtags: Subtags): string | undefined {
  const tag = [subtags.language, subtags.script, subtags.region].filter(Boolean).join('-') + (subtags.privateUse ? `-x-${subtags.privateUse}` : '')
  try {
    return Intl.getCanonicalLocales(tag)[0]
  } catch {
    return undefined
  }
}

/** How a code is written: a language subtag, then subtags (`es`, `es-ES`, `zh-Hant-TW`, `pt_BR`). */
const CODE = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/
let codeNames: { language: Intl.DisplayNames; region: Intl.DisplayNames; script: Intl.DisplayNames } | undefined

/** A name that is itself a BCP 47 tag CLDR knows each part of, canonical (`es-es` → `es-ES`, `iw` → `he`); undefined otherwise. */
function codeAsItself(name: string): string | undefined {
  if (!CODE.test(name)) return undefined
  let locale: Intl.Locale
  try {
    locale = new Intl.Locale(name.replace(/_/g, '-'))
  } catch {
    return undefined
  }
  // Three DisplayNames, made the first time a code comes: enough to tell `es-ES` from `xx` or `es-XX`.
  codeNames ??= {
    language: new Intl.DisplayNames('en', { type: 'language', fallback: 'none' }),
    region: new Intl.DisplayNames('en', { type: 'region', fallback: 'none' }),
    script: new Intl.DisplayNames('en', { type: 'script', fallback: 'none' }),
  }
  if (!codeNames.language.of(locale.language)) return undefined
  if (locale.region && !codeNames.region.of(locale.region)) return undefined
  if (locale.script && !codeNames.script.of(locale.script)) return undefined
  return tagOf({
    language: locale.language,
    ...(locale.script ? { script: locale.script } : {}),
    ...(locale.region ? { region: locale.region } : {}),
  })
}

/**
 * The BCP 47 tag of a HeyGen language name ("Spanish (Spain)" → `es-ES`, "Spanish (Latin America)" → `es-419`,
 * "Chinese (Cantonese, Traditional)" → `yue-Hant`, "Turkish (Turkey)" → `tr-TR`, "Arabic" → `ar`), or of a code sent
 * as the name (`es-ES` stays `es-ES`); undefined for a name it cannot map. The rule for dialects is in docs/languages.md.
 */
export function languageCode(name: string): string | undefined {
  if (name.length > 200) return undefined
  const trimmed = name.trim()
  // Written as a code (lowercase language subtag): a code first, so `ga` is Irish, not the Ga language's name.
  if (/^[a-z]{2,3}(?:[-_]|$)/.test(trimmed)) {
    const code = codeAsItself(trimmed)
    if (code) return code
  }
  const key = languageKey(trimmed)
  const whole = languageNamed(key)
  if (whole) return tagOf(whole)
  const match = /^([^()]+?)\s*\(([^()]*)\)$/.exec(key)
  if (!match?.[1]) return codeAsItself(trimmed)
  const base = languageNamed(match[1])
  if (!base?.language) return undefined
  const tag: Subtags = { ...base }
  for (const word of (match[2] ?? '').split(',').map((w) => w.trim())) {
    if (word === '') continue
    const subtags = qualifier(word)
    if (!subtags) return undefined
    // A dialect word inside the parentheses (Cantonese, Wu) names the language itself.
    Object.assign(tag, subtags)
  }
  return tagOf(tag)
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
