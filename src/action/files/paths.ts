// Where downloads land. Takes the path module as a parameter so Windows paths are testable on Linux.
import { createHash } from 'node:crypto'
import { existsSync, realpathSync, statSync } from 'node:fs'
import nodePath from 'node:path'
import { fillTemplate, isTemplated, type JobFacts, type NameValues, placeholderValues, safeFileName } from './download-template.js'

// The template's own functions, where callers of paths.ts have always found them.
export { missingPlaceholder, type NameValues, placeholderValues, safeFileName } from './download-template.js'

export type PathModule = typeof nodePath.posix

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
  const templated = isTemplated(downloadPath)
  const filled = fillTemplate(downloadPath, values)
  const resolved = paths.resolve(options.workspace, filled)
  const endsWithSeparator = filled.endsWith('/') || (paths.sep === '\\' && filled.endsWith('\\'))
  const folder = endsWithSeparator || isDirectory(resolved) || (options.several && !templated)
  const video = folder ? paths.join(resolved, `${safeFileName(values.video_translate_id)}.mp4`) : resolved
  const extension = paths.extname(video)
  return { video, base: extension ? video.slice(0, -extension.length) : video }
}

/**
 * Where a job's video goes when its name is known before paying, from what is known of the job then (its proofread
 * and language); undefined when the name holds the job id (a folder, or {video_translate_id}), known only once paid.
 * Throws, naming the placeholder, when a value cannot be a file name.
 */
export function destinationBeforePaying(
  downloadPath: string,
  job: Omit<JobFacts, 'videoTranslateId'>,
  options: { workspace: string; several: boolean },
): Destination | undefined {
  // Two stand-in job ids: a name that differs between them holds the job id.
  const at = (id: string) => resolveDestination(downloadPath, placeholderValues({ ...job, videoTranslateId: id }), options)
  const destination = at('a')
  return destination.video === at('b').video ? destination : undefined
}

/** The extensions download_path's file may end in: the file is a video, whatever HeyGen's values are. */
export const VIDEO_EXTENSIONS = ['.mp4', '.mov', '.m4v', '.webm', '.mkv'] as const

/** download_path's braces, checked before its placeholder names: each `{` opens one whole placeholder. */
export function braceProblem(downloadPath: string): string | undefined {
  if (downloadPath.includes('{}')) return 'has an empty placeholder {}: write one of the placeholders in braces, such as {output_language}'
  if (/[{}]/.test(downloadPath.replace(/\{[^{}]*\}/g, ''))) {
    return `has an unbalanced brace: write each placeholder whole, such as videos/{output_language}.mp4 (got ${JSON.stringify(downloadPath)})`
  }
  return undefined
}

/**
 * What is wrong with download_path as written, before anything is paid, or undefined. A path with placeholders names
 * a video file (a video extension of its own, never a placeholder's, so HeyGen's values cannot choose the whole name)
 * or a folder (a trailing separator). A path without placeholders is the user's own name; with several proofreads it
 * is a folder, so a video file name there is refused.
 */
export function downloadPathProblem(downloadPath: string, options: { several: boolean; isFolder: boolean; paths?: PathModule }): string | undefined {
  const paths = options.paths ?? nodePath
  const templated = /\{[^{}]*\}/.test(downloadPath)
  const endsWithSeparator = downloadPath.endsWith('/') || (paths.sep === '\\' && downloadPath.endsWith('\\'))
  if (endsWithSeparator || (!templated && options.isFolder)) return undefined
  const videoFile = VIDEO_EXTENSIONS.some((extension) => downloadPath.toLowerCase().endsWith(extension))
  if (templated && !videoFile) {
    return `must name a video file ending in ${VIDEO_EXTENSIONS.join(', ')}, or a folder ending in /: without its own extension, HeyGen's values would choose the whole file name (got ${JSON.stringify(downloadPath)})`
  }
  if (options.several && !templated && videoFile) {
    return `names one file, but several proofread ids are given: use a folder (videos/) or a placeholder (videos/{output_language}.mp4) so each video gets its own file (got ${JSON.stringify(downloadPath)})`
  }
  return undefined
}

/**
 * Every file a proofread may save at `destination`: the video, its captions and its audio under the video's base name,
 * each with an extension of its own kind. Collision checks compare all of them.
 */
export function plannedFiles(destination: Destination, request: { captions: boolean; translate_audio_only: boolean }): string[] {
  return [
    destination.video,
    ...(request.captions ? CAPTION_EXTENSIONS.map((extension) => destination.base + extension) : []),
    ...(request.translate_audio_only ? AUDIO_EXTENSIONS.map((extension) => destination.base + extension) : []),
  ]
}

/** The extensions captions and audio are saved with: none of them is a video extension, so kinds never meet. */
export const CAPTION_EXTENSIONS = ['.vtt', '.srt'] as const
export const AUDIO_EXTENSIONS = ['.mp3', '.wav', '.m4a', '.aac', '.ogg', '.flac'] as const

/**
 * A relative download_path stays in the workspace even through a folder symlink the checkout holds: the deepest part
 * of `path` that exists (itself, or a folder above it) must really be inside the workspace. Returns the problem, or undefined.
 */
export function leavesWorkspace(
  path: string,
  workspace: string,
  paths: PathModule = nodePath,
  realpath: (p: string) => string = realpathSync,
): string | undefined {
  const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(paths.sep) ? parent : parent + paths.sep)
  // A path the user wrote outside the workspace (../x.mp4) is theirs to choose.
  if (!within(paths.resolve(path), paths.resolve(workspace)) || !existsSync(workspace)) return undefined
  const root = realpath(workspace)
  let folder = path
  while (!existsSync(folder) && paths.dirname(folder) !== folder) folder = paths.dirname(folder)
  const real = realpath(folder)
  return within(real, root)
    ? undefined
    : `${folder} leads through a folder link to ${real}, outside the workspace: a relative download_path is not followed out of it`
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
