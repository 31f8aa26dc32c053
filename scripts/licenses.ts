// `node scripts/licenses.ts STATS.json OUT.txt` (run by `npm run bundle` after ncc): writes the license notices of every
// package whose code ncc put into dist/. ncc's own --license writes one file per chunk, and the last chunk written
// (the @actions/github one) overwrote the main one, so 2 of the 20 bundled packages were listed.
// The list comes from webpack's stats (every module ncc bundled, by path); the texts come from node_modules.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One bundled package: where it is installed and what its package.json says. */
export interface BundledPackage {
  /** node_modules/… (nested copies keep their full path: two versions of a package are two entries). */
  dir: string
  name: string
  version: string
  /** package.json's SPDX `license`. */
  license: string
}

interface StatsModule {
  name?: string
  modules?: StatsModule[]
}

/** A module path's package folder: `./node_modules/a/node_modules/@b/c/lib/x.js` → `node_modules/a/node_modules/@b/c`. */
export function packageDir(modulePath: string): string | undefined {
  const match = /^\.\/((?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(modulePath)
  return match?.[1]
}

/** The installed folders of every package a webpack stats file (ncc --stats-out) says was bundled, sorted. */
export function bundledPackageDirs(stats: { modules?: StatsModule[] }): string[] {
  const dirs = new Set<string>()
  // A concatenated module ("./src/main.ts + 55 modules") lists the modules it holds in `modules`.
  const walk = (modules: StatsModule[] = []): void => {
    for (const module of modules) {
      const dir = module.name === undefined ? undefined : packageDir(module.name)
      if (dir !== undefined) dirs.add(dir)
      walk(module.modules)
    }
  }
  walk(stats.modules)
  return [...dirs].sort()
}

/** package.json of an installed package. */
export function readPackage(root: string, dir: string): BundledPackage {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown; license?: unknown }
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new Error(`${dir}/package.json has no name or version`)
  return { dir, name: pkg.name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : 'UNKNOWN' }
}

/** The license text a package ships (LICENSE, LICENSE.md, LICENCE, COPYING…); throws when it ships none. */
export function licenseText(root: string, dir: string): string {
  const files = readdirSync(join(root, dir))
    .filter((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file))
    .sort()
  // A notice is owed for every bundled package: a package with no text of its own must be handled by hand, not skipped.
  if (files.length === 0) throw new Error(`${dir} ships no LICENSE file: its notice cannot be written from node_modules`)
  return files
    .map((file) =>
      readFileSync(join(root, dir, file), 'utf8')
        .replace(/\r\n/g, '\n')
        .trim(),
    )
    .join('\n\n')
}

/** Where one package's notice starts: `name@version (license)`, after a line of dashes. */
export const SEPARATOR = '-'.repeat(80)

/** The notices file: a header, then per package (by name, then version) its name, version, license and text. */
export function noticesText(root: string, dirs: string[]): string {
  const packages = dirs
    .map((dir) => readPackage(root, dir))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en', { numeric: true }))
  const entries = packages.map((pkg) => `${SEPARATOR}\n${pkg.name}@${pkg.version} (${pkg.license})\n\n${licenseText(root, pkg.dir)}\n`)
  return `Third-party software bundled in this folder, with its license (written by scripts/licenses.ts during npm run bundle).\n\n${entries.join('\n')}`
}

/** The `name@version` of every package a notices file lists. */
export function listedPackages(notices: string): string[] {
  const heading = new RegExp(`^${SEPARATOR}\\n((?:@[^/\\s]+/)?[^@\\s]+@\\S+) \\(`, 'gm')
  return [...notices.matchAll(heading)].map((match) => match[1] ?? '')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [statsFile, out] = process.argv.slice(2)
  if (statsFile === undefined || out === undefined) throw new Error('Usage: node scripts/licenses.ts STATS.json OUT.txt')
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules?: StatsModule[] }
  const dirs = bundledPackageDirs(stats)
  // No package at all means the stats are not ncc's (or the bundle broke): refuse rather than write an empty list.
  if (dirs.length === 0) throw new Error(`${statsFile} names no bundled package from node_modules`)
  writeFileSync(out, noticesText(process.cwd(), dirs))
  console.log(`${out}: the licenses of ${dirs.length} bundled packages`)
}
