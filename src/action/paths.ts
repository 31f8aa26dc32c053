// Where downloads land. Takes the path module as a parameter so Windows paths are testable on Linux.
import { createHash } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import nodePath from 'node:path'
import type { PLACEHOLDERS } from './inputs.js'

export type PathModule = typeof nodePath.posix

/** The values download_path's placeholders take for one proofread. */
export type NameValues = Partial<Record<(typeof PLACEHOLDERS)[number], string>> & { video_translate_id: string }

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
  const filled = downloadPath.replace(/\{([a-z_]+)\}/g, (_, name: keyof NameValues) => {
    const value = values[name]
    if (!value) throw new Error(`HeyGen gave no ${name} for ${values.video_translate_id}, so download_path's {${name}} cannot be filled`)
    return safeFileName(value)
  })
  const resolved = paths.resolve(options.workspace, filled)
  const endsWithSeparator = filled.endsWith('/') || (paths.sep === '\\' && filled.endsWith('\\'))
  const folder = endsWithSeparator || isDirectory(resolved) || (options.several && !templated)
  const video = folder ? paths.join(resolved, `${safeFileName(values.video_translate_id)}.mp4`) : resolved
  const extension = paths.extname(video)
  return { video, base: extension ? video.slice(0, -extension.length) : video }
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
