// Where downloads land. Takes the path module as a parameter so Windows paths are testable on Linux.
import { createHash } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import nodePath from 'node:path'
import { languageCode, languageFileName, languageSlug } from '../heygen/languages.js'
import { inert } from '../util/outside-text.js'
import type { PLACEHOLDERS } from './inputs.js'

export type PathModule = typeof nodePath.posix

/** What download_path's placeholders are filled from for one proofread: `{language}` and `{language_code}` come from output_language. */
export type NameValues = { output_language?: string; proofread_id?: string; video_translate_id: string }

export interface Destination {
  video: string
  /** The video's path without its extension: captions and audio are saved beside it under this name. */
  base: string
}

/**
 * `download_path` relative to the workspace, its placeholders filled in. A trailing separator, an existing
 * folder, or several proofreads without placeholders make it a folder that gets `<video_translate_id>.mp4`.
 */
export function resolveDestination(
  downloadPath: string,
  values: NameValues,
  options: { workspace: string; several: boolean; paths?: PathModule; isDirectory?: (path: string) => boolean },
): Destination {
  const paths = options.paths ?? nodePath
  const isDirectory = options.isDirectory ?? existingDirectory
  const templated = /\{[a-z_]+\}/.test(downloadPath)
  const filled = downloadPath.replace(/\{([a-z_]+)\}/g, (_, name: (typeof PLACEHOLDERS)[number]) => placeholderValue(name, values))
  const resolved = paths.resolve(options.workspace, filled)
  const endsWithSeparator = filled.endsWith('/') || (paths.sep === '\\' && filled.endsWith('\\'))
  const folder = endsWithSeparator || isDirectory(resolved) || (options.several && !templated)
  const video = folder ? paths.join(resolved, `${safeFileName(values.video_translate_id)}.mp4`) : resolved
  const extension = paths.extname(video)
  return { video, base: extension ? video.slice(0, -extension.length) : video }
}

/** One placeholder's value as a file name; an error naming the placeholder when it has none. */
function placeholderValue(name: (typeof PLACEHOLDERS)[number], values: NameValues): string {
  const value = name === 'proofread_id' || name === 'video_translate_id' ? values[name] : values.output_language
  if (!value) {
    const field = name === 'proofread_id' || name === 'video_translate_id' ? name : 'output_language'
    throw new Error(`HeyGen gave no ${field} for ${values.proofread_id ?? values.video_translate_id}, so download_path's {${name}} cannot be filled`)
  }
  if (name === 'output_language') return languageFileName(value)
  if (name === 'language') return languageSlug(value)
  if (name === 'language_code') return languageCode(value) ?? unmappable(value)
  return safeFileName(value)
}

/** A language CLDR cannot name: refused (before paying, see batch.ts), with the placeholder that always works. */
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
  const name = value.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')
  if (name === value && Buffer.byteLength(name) <= MAX_NAME_BYTES) return name || 'video'
  return `${name.slice(0, MAX_NAME_BYTES - 9)}-${createHash('sha256').update(value).digest('hex').slice(0, 8)}`
}

/**
 * The files a step saves, compared the way macOS and Windows runners compare names (case-insensitively):
 * a second proofread whose file would land on a taken name gets its own name instead of overwriting.
 */
export class FileClaims {
  private readonly owners = new Map<string, string>()

  claim(path: string, owner: string, paths: PathModule = nodePath): string {
    const key = path.toLowerCase()
    const holder = this.owners.get(key)
    if (holder === undefined || holder === owner) {
      this.owners.set(key, owner)
      return path
    }
    const extension = paths.extname(path)
    const distinct = `${path.slice(0, path.length - extension.length)}-${createHash('sha256').update(owner).digest('hex').slice(0, 8)}${extension}`
    this.owners.set(distinct.toLowerCase(), owner)
    return distinct
  }
}

function existingDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}
