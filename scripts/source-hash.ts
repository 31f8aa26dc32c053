// The fingerprint of what dist/ is built from: every file under src/, tsconfig.json, and the lockfile's entries for the
// packages the bundle can contain (not the development ones, so adding a test tool does not call dist/ stale).
// `npm run bundle` records it in dist/source.sha256; the end-to-end tests refuse to run a dist/ built from other
// sources (test/e2e/dist-is-current.ts). Node built-ins only: it runs before and after `npm ci` alike.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Where `npm run bundle` writes the fingerprint of the sources it built. */
export const RECORD = join(ROOT, 'dist', 'source.sha256')

interface Lockfile {
  packages?: Record<string, { dev?: boolean; version?: string; integrity?: string }>
}

/** Every file under a folder, as paths from the repository root with `/`, sorted (the same on every OS). */
function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

/** The lockfile's non-development packages with their version and integrity: what ncc may bundle. */
function bundledPackages(): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile
  return Object.entries(lock.packages ?? {})
    .filter(([, entry]) => entry.dev !== true)
    .map(([path, entry]) => `${path}@${entry.version ?? ''} ${entry.integrity ?? ''}`)
    .sort()
    .join('\n')
}

/** The sha256 of the sources dist/ is built from. */
export function sourceHash(): string {
  const hash = createHash('sha256')
  for (const file of [...filesUnder('src'), 'tsconfig.json']) {
    hash.update(`${file}\0`)
    hash.update(readFileSync(join(ROOT, file)))
    hash.update('\0')
  }
  hash.update(bundledPackages())
  return hash.digest('hex')
}

// `node scripts/source-hash.ts --write` (the last step of `npm run bundle`) records it; with no argument, prints it.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const hash = sourceHash()
  if (process.argv[2] === '--write') writeFileSync(RECORD, `${hash}\n`)
  else console.log(hash)
}
