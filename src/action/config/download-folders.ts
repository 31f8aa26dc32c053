// A download_path whose folder cannot be made or written (under a file, `/proc/...`, read-only) used to fail only after
// the paid render, with a raw `EEXIST ... mkdir`. Its folder (the part before any placeholder) is made and written once
// before any request, so such a path is refused while nothing has been paid.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import nodePath from 'node:path'
import { InputError } from './errors.js'

/**
 * Makes (if missing) and test-writes the folder every file of download_path goes under, then removes what it made (the
 * download makes it again; a step refused later leaves nothing behind); throws an InputError naming download_path and why.
 */
export function checkDownloadFolder(downloadPath: string, workspace: string): void {
  const folder = fixedFolder(downloadPath, workspace)
  let made: string | undefined
  try {
    made = makeFolders(folder)
    const probe = nodePath.join(folder, `.heygen-write-check-${randomBytes(4).toString('hex')}`)
    writeFileSync(probe, '')
    rmSync(probe, { force: true })
  } catch (error) {
    throw new InputError('download_path', `names the folder ${folder}, which ${why(error as NodeJS.ErrnoException, folder)}. Nothing was sent.`)
  } finally {
    if (made) rmSync(made, { recursive: true, force: true })
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir loops forever (at full CPU) where mkdir answers ENOENT under a
 * folder that exists, as under /proc. Returns the first folder it made, if any.
 */
function makeFolders(folder: string): string | undefined {
  const missing: string[] = []
  for (let path = folder; !isFolder(path); path = nodePath.dirname(path)) {
    if (path === nodePath.dirname(path)) break
    missing.unshift(path)
  }
  for (const path of missing) mkdirSync(path)
  return missing[0]
}

/** The folder download_path's files go under, as far as it is known before any placeholder is filled. */
export function fixedFolder(downloadPath: string, workspace: string): string {
  const brace = downloadPath.indexOf('{')
  const resolved = nodePath.resolve(workspace, brace < 0 ? downloadPath : downloadPath.slice(0, brace))
  // A path ending in a separator, or an existing folder, is the folder itself; else the file's folder.
  if (brace < 0 && (/[\\/]$/.test(downloadPath) || isFolder(resolved))) return resolved
  if (brace >= 0 && /[\\/]$/.test(downloadPath.slice(0, brace))) return resolved
  return nodePath.dirname(resolved)
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Why the folder cannot be used, in words: the file in the way, or what the system refused. */
function why(error: NodeJS.ErrnoException, folder: string): string {
  if (error.code === 'EEXIST' || error.code === 'ENOTDIR') {
    const file = fileInTheWay(folder)
    return `cannot be created: ${file ?? 'a part of it'} is a file, not a folder`
  }
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'cannot be written: permission denied'
  if (error.code === 'EROFS') return 'cannot be written: the file system is read-only'
  if (error.code === 'ENOENT') return 'cannot be created there (the system refused: no such file or directory)'
  return `cannot be created or written (${error.code ?? error.message})`
}

/** The nearest part of the path that exists and is a file. */
function fileInTheWay(folder: string): string | undefined {
  for (let path = folder; path !== nodePath.dirname(path); path = nodePath.dirname(path)) {
    try {
      if (!statSync(path).isDirectory()) return path
      return undefined
    } catch {
      // Missing, or under a file: look one level up.
    }
  }
  return undefined
}
