// dist/licenses.txt must give the notice of every package whose code is in dist/ (issue 15): MIT, ISC and Apache-2.0
// all ask that their notice travel with copies of the code, and dist/ is the copy users run.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundledPackageDirs, licenseText, listedPackages, noticesText, packageDir, readPackage, SEPARATOR } from '../scripts/licenses.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const notices = readFileSync(join(ROOT, 'dist', 'licenses.txt'), 'utf8')
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { name?: string; version?: string; dev?: boolean }>
}

/** The package folders dist/'s JavaScript names in webpack's module comments (`// CONCATENATED MODULE: ./node_modules/…`). */
function foldersNamedInDist(): string[] {
  const dirs = new Set<string>()
  for (const file of readdirSync(join(ROOT, 'dist')).filter((name) => name.endsWith('.js'))) {
    for (const [path] of readFileSync(join(ROOT, 'dist', file), 'utf8').matchAll(/\.\/(?:[\w@.-]+\/)*node_modules\/[^\s"'`]+/g)) {
      const dir = packageDir(path)
      if (dir !== undefined) dirs.add(dir)
    }
  }
  return [...dirs].sort()
}

/** `name@version` of an installed folder, as the lockfile records it. */
function lockName(dir: string): string {
  const entry = lock.packages[dir]
  return `${dir.replace(/^.*node_modules\//, '')}@${entry?.version ?? '(not in the lockfile)'}`
}

describe('dist/licenses.txt', () => {
  it('lists every package whose code dist/ holds, nested second versions included', () => {
    const bundled = foldersNamedInDist()
    // Today: @actions/*, @octokit/*, undici, tunnel… (a number far below this means the witness itself broke).
    expect(bundled.length).toBeGreaterThanOrEqual(15)
    expect(listedPackages(notices)).toEqual(expect.arrayContaining(bundled.map(lockName)))
  })

  it('lists only production packages of the lockfile, each once, with the license text it ships', () => {
    const production = new Map(
      Object.entries(lock.packages)
        .filter(([dir, entry]) => dir !== '' && entry.dev !== true)
        .map(([dir]) => [lockName(dir), dir]),
    )
    const listed = listedPackages(notices)
    expect(new Set(listed).size).toBe(listed.length)
    const dirs = listed.map((name) => {
      expect(production.has(name), `${name} is not a production package of package-lock.json`).toBe(true)
      return production.get(name) ?? ''
    })
    // The committed file is exactly what the notices of those folders are: texts from node_modules, not from memory.
    expect(notices).toBe(noticesText(ROOT, dirs))
    const undici = readPackage(ROOT, 'node_modules/undici')
    expect(notices).toContain(`${SEPARATOR}\nundici@${undici.version} (MIT)\n\n${licenseText(ROOT, 'node_modules/undici')}\n`)
  })

  it("the list comes from every module in ncc's stats, concatenated ones included, by installed folder", () => {
    const stats = {
      modules: [
        { name: './src/index.ts' },
        { name: 'external "node:fs"' },
        {
          name: './src/main.ts + 2 modules',
          modules: [{ name: './src/main.ts' }, { name: './node_modules/@actions/core/lib/core.js' }],
        },
        { name: './node_modules/@actions/github/node_modules/@actions/http-client/lib/index.js' },
        { name: './node_modules/undici/lib/core/util.js' },
        { name: './node_modules/undici/index.js' },
      ],
    }
    expect(bundledPackageDirs(stats)).toEqual([
      'node_modules/@actions/core',
      'node_modules/@actions/github/node_modules/@actions/http-client',
      'node_modules/undici',
    ])
  })

  it('refuses to write a notice for a package that ships no license text', () => {
    expect(() => licenseText(ROOT, 'node_modules/@types/node/fs')).toThrow('ships no LICENSE file')
  })
})
