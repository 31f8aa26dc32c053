// download_path's placeholders, owned here: one table row per placeholder (its name, where its value comes from,
// when it is known, how it becomes a file name). The table parses, checks and fills the template; a new placeholder
// is one row. placeholderValues is the one place a job's values are built; paths.ts resolves the filled path on disk;
// inputs.ts, the plan, the job and the publisher ask this module.
import { createHash } from 'node:crypto'
import { languageCode, languageFileName, languageSlug } from '../../heygen/languages.js'
import { inert } from '../../util/outside-text.js'

/** What download_path's placeholders are filled from for one proofread: `{language}` and `{language_code}` come from output_language. */
export type NameValues = { output_language?: string; proofread_id?: string; video_translate_id: string }

/** Where a placeholder's value comes from: a field of the proofread's job. */
type Source = keyof NameValues

/** What is known of a job when its names are wanted: its proofread (inputs), its language (preflight or status), its id (once paid). */
export interface JobFacts {
  readonly proofreadId?: string | undefined
  readonly outputLanguage?: string | undefined
  readonly videoTranslateId?: string | undefined
}

/**
 * A job's placeholder values, as the table's sources name them: the one place they are built, for the plan (before
 * paying, with a stand-in job id), the job (its download) and the publisher (its asset names). A fact that is empty
 * or absent is no value (fillTemplate then says which placeholder HeyGen left without one).
 */
export function placeholderValues(job: JobFacts & { readonly videoTranslateId: string }): NameValues
export function placeholderValues(job: JobFacts): Partial<NameValues>
export function placeholderValues(job: JobFacts): Partial<NameValues> {
  return {
    ...(job.outputLanguage ? { output_language: job.outputLanguage } : {}),
    ...(job.proofreadId ? { proofread_id: job.proofreadId } : {}),
    ...(job.videoTranslateId !== undefined ? { video_translate_id: job.videoTranslateId } : {}),
  }
}

interface Placeholder {
  name: string
  source: Source
  /**
   * When the value is known: `input` (the proofread id, before anything is sent), `preflight` (the language, from
   * v3's free preflight, or from the resumed job's status), `paid` (the job id, only once the generate call answered).
   */
  known: 'input' | 'preflight' | 'paid'
  /** A resumed job (video_translate_id) has it. */
  whenResuming: boolean
  /** The value as one file name; throws (with the placeholder's name) when it cannot be one. */
  fileName(value: string): string
}

export const PLACEHOLDER_TABLE: readonly Placeholder[] = [
  { name: 'output_language', source: 'output_language', known: 'preflight', whenResuming: true, fileName: (v) => notADevice(languageFileName(v)) },
  { name: 'language', source: 'output_language', known: 'preflight', whenResuming: true, fileName: (v) => notADevice(languageSlug(v)) },
  {
    name: 'language_code',
    source: 'output_language',
    known: 'preflight',
    whenResuming: true,
    fileName: (v) => notADevice(languageCode(v) ?? unmappable(v)),
  },
  { name: 'proofread_id', source: 'proofread_id', known: 'input', whenResuming: false, fileName: (v) => safeFileName(v) },
  { name: 'video_translate_id', source: 'video_translate_id', known: 'paid', whenResuming: true, fileName: (v) => safeFileName(v) },
]

/** The names download_path may hold in braces, replaced per proofread. */
export const PLACEHOLDERS = PLACEHOLDER_TABLE.map((row) => row.name)

function rowOf(name: string): Placeholder | undefined {
  return PLACEHOLDER_TABLE.find((row) => row.name === name)
}

/** The placeholder names a template holds, in order (unknown ones included). */
export function placeholderNames(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '')
}

/** An unknown name as an error shows it: as written when plain, else JSON-quoted and cut (no raw control character, no wall of text). */
function shownName(name: string): string {
  return /^[\w.-]{0,40}$/.test(name) ? `{${name}}` : JSON.stringify(`{${name.length > 40 ? `${name.slice(0, 37)}...` : name}}`)
}

/** True when the template holds a placeholder. */
export function isTemplated(template: string): boolean {
  return /\{[a-z_]+\}/.test(template)
}

/**
 * What is wrong with the template's placeholders before anything is paid, or undefined: an unknown name, a name that
 * cannot be known before paying under these inputs, a name a resumed job does not have.
 */
export function placeholderProblem(template: string, context: { preflightGivesLanguage: boolean; resuming: boolean }): string | undefined {
  const names = placeholderNames(template)
  const unknown = names.find((name) => !rowOf(name))
  if (unknown !== undefined) {
    const list = PLACEHOLDERS.map((name) => `{${name}}`)
    return `has an unknown placeholder ${shownName(unknown)}: use ${list.slice(0, -1).join(', ')} or ${list.at(-1) ?? ''}`
  }
  const language = names.find((name) => rowOf(name)?.known === 'preflight')
  if (language && !context.preflightGivesLanguage) {
    return `uses {${language}}, which is known before paying only from the v3 preflight: it needs \`api_version: auto\` or \`v3\` with \`preflight: true\``
  }
  const absent = names.find((name) => context.resuming && rowOf(name)?.whenResuming === false)
  if (absent) return `uses {${absent}}, but a resumed job (video_translate_id) has no proofread id: use {video_translate_id}`
  return undefined
}

/** The template with every placeholder replaced by its value as a file name; an error naming the placeholder when it has none. */
export function fillTemplate(template: string, values: NameValues): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const row = rowOf(name)
    if (!row) return whole
    const value = values[row.source]
    if (!value) {
      throw new Error(
        `HeyGen gave no ${row.source} for ${values.proofread_id ?? values.video_translate_id}, so download_path's {${name}} cannot be filled`,
      )
    }
    return row.fileName(value)
  })
}

/** The first placeholder the template uses that is known before paying and has no value for this proofread, or undefined. */
export function missingPlaceholder(template: string, values: Partial<NameValues>, names: readonly string[]): string | undefined {
  return placeholderNames(template).find((name) => {
    const row = rowOf(name)
    return row !== undefined && names.includes(name) && !values[row.source]
  })
}

/** The names of the placeholders known before paying (every one but the job id's). */
export const KNOWN_BEFORE_PAYING = PLACEHOLDER_TABLE.filter((row) => row.known !== 'paid').map((row) => row.name)

/** A language CLDR cannot name: refused (before paying, see plan.ts), with the placeholder that always works. */
function unmappable(language: string): never {
  throw new Error(
    `HeyGen's language "${inert(language, 100)}" has no BCP 47 code the action knows, so download_path's {language_code} cannot be filled: use {language} (${languageSlug(language)}) instead`,
  )
}

/** Longest name a value becomes: room is left for an extension and the temporary `.<name>.<hex>.part`. */
const MAX_NAME_BYTES = 100

/**
 * A value (an id, a language) becomes one file name of a portable alphabet. A value that had to change, or was
 * too long, gets a short hash of the original, so two values (`job/1` and `job_1`) never share a name.
 */
export function safeFileName(value: string): string {
  const portable = value
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .replace(/\.+$/, '_')
  const name = notADevice(portable)
  if (name === value && Buffer.byteLength(name) <= MAX_NAME_BYTES) return name || 'video'
  return `${name.slice(0, MAX_NAME_BYTES - 9)}-${createHash('sha256').update(value).digest('hex').slice(0, 8)}`
}

/** Names Windows reserves for devices, with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\.|$)/i

/** Windows opens a device, not a file, for CON, NUL, COM1... whatever extension follows (con.txt is CON). */
function notADevice(name: string): string {
  return WINDOWS_DEVICE.test(name) ? `_${name}` : name
}
