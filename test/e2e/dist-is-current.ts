// Vitest's global setup for the e2e project: every test there runs dist/index.js, so a dist/ built from other sources
// than src/ would test yesterday's action. Refuse at once, before any test, saying what to run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { RECORD, ROOT, sourceHash } from '../../scripts/source-hash.ts'

const HOW = 'Run `npm run bundle` first (or `npm run test:unit`, which needs no bundle).'

export default function distIsCurrent(): void {
  const entry = join(ROOT, 'dist', 'index.js')
  if (!existsSync(entry)) throw new Error(`dist/index.js does not exist: the end-to-end tests run the bundle. ${HOW}`)
  if (existsSync(RECORD)) {
    const recorded = readFileSync(RECORD, 'utf8').trim()
    const now = sourceHash()
    if (recorded !== now) {
      throw new Error(
        `dist/ is older than src/: it was built from other sources (dist/source.sha256 says ${recorded.slice(0, 12)}, src/, tsconfig.json and the bundled packages now hash to ${now.slice(0, 12)}). ${HOW}`,
      )
    }
    return
  }
  // A dist/ from before the fingerprint: the newest source file must not be newer than the bundle.
  const newest = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((file) => file.isFile())
    .map((file) => ({ path: join(file.parentPath, file.name), at: statSync(join(file.parentPath, file.name)).mtimeMs }))
    .reduce((a, b) => (b.at > a.at ? b : a))
  if (newest.at > statSync(entry).mtimeMs) throw new Error(`dist/ is older than src/ (${newest.path} changed after dist/index.js was built). ${HOW}`)
}
