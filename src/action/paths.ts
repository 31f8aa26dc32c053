// Where downloads land. Takes the path module as a parameter so Windows paths are testable on Linux.
import { existsSync, statSync } from 'node:fs'
import nodePath from 'node:path'

export type PathModule = typeof nodePath.posix

export interface Destination {
  video: string
  /** Without extension: the caption's type (.vtt or .srt) is known only when it is fetched. */
  captionBase: string
}

/**
 * `download_path` relative to the workspace; a trailing separator, an existing folder, or several
 * proofreads make it a folder that gets `<video_translate_id>.mp4`.
 */
export function resolveDestination(
  downloadPath: string,
  videoTranslateId: string,
  options: { workspace: string; several: boolean; paths?: PathModule; isDirectory?: (path: string) => boolean },
): Destination {
  const paths = options.paths ?? nodePath
  const isDirectory = options.isDirectory ?? existingDirectory
  const resolved = paths.resolve(options.workspace, downloadPath)
  const endsWithSeparator = downloadPath.endsWith('/') || (paths.sep === '\\' && downloadPath.endsWith('\\'))
  const folder = options.several || endsWithSeparator || isDirectory(resolved)
  const video = folder ? paths.join(resolved, `${safeFileName(videoTranslateId)}.mp4`) : resolved
  const extension = paths.extname(video)
  return { video, captionBase: extension ? video.slice(0, -extension.length) : video }
}

/** An id becomes a file name: anything outside a portable alphabet is replaced. */
export function safeFileName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')
  return name || 'video'
}

function existingDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}
