// A fresh `npm ci` must install what the lockfile says, whatever the registry publishes later (issue 15).
// npm checks a ranged override (`$undici`, `^8.0.0`) against the newest version the range allows, not against the
// lockfile: the day that dependency publishes, `npm ci` fails on every new machine. Exact versions cannot rot.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

interface LockEntry {
  version?: string
  dev?: boolean
  dependencies?: Record<string, string>
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  overrides?: Record<string, unknown>
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> }

const EXACT = /^\d+\.\d+\.\d+(?:-[\w.]+)?$/

/** Every [override key path, package name, value] in an npm `overrides` object, nested scopes included. */
export function overrideLeaves(overrides: Record<string, unknown>, scope: string[] = []): Array<[string, string, string]> {
  return Object.entries(overrides).flatMap(([key, value]) => {
    const name = key === '.' ? (scope.at(-1) ?? key) : key.replace(/(?<=.)@[^@]*$/, '')
    if (typeof value === 'string') return [[[...scope, key].join(' > '), name, value] as [string, string, string]]
    return overrideLeaves(value as Record<string, unknown>, [...scope, key])
  })
}

/** The problems an override has: a range, a `$reference`, or an exact version the lockfile does not install. */
export function overrideProblems(overrides: Record<string, unknown>, packages: Record<string, LockEntry>): string[] {
  const problems: string[] = []
  for (const [where, name, value] of overrideLeaves(overrides)) {
    if (!EXACT.test(value)) {
      problems.push(`${where}: "${value}" is not an exact version (npm compares ranges and $references with the registry, not the lockfile)`)
      continue
    }
    const installed = new Set(
      Object.entries(packages)
        .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
        .map(([, entry]) => entry.version),
    )
    if (!installed.has(value)) problems.push(`${where}: "${value}" is not a version the lockfile installs (${[...installed].join(', ') || 'none'})`)
  }
  return problems
}

describe('an install that the registry cannot break', () => {
  it('every override is an exact version that the lockfile installs', () => {
    expect(overrideProblems(pkg.overrides ?? {}, lock.packages)).toEqual([])
  })

  it('the check refuses `$undici`, a caret range, and an exact version the lockfile does not hold', () => {
    const loosened = { '@actions/github': { undici: '$undici' }, '@actions/http-client': { undici: '^8.14.0' } }
    expect(overrideProblems(loosened, lock.packages)).toHaveLength(2)
    expect(overrideProblems({ '@actions/github': { undici: '8.0.0-never' } }, lock.packages)).toHaveLength(1)
  })

  it("package.json's dependency ranges are the lockfile's, so npm ci never finds them out of sync", () => {
    const root = lock.packages['']
    expect(root?.dependencies).toEqual(pkg.dependencies)
    expect((root as { devDependencies?: Record<string, string> }).devDependencies).toEqual(pkg.devDependencies)
  })

  it('the lockfile holds one undici, the one the action bundles', () => {
    const undicis = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/undici$/.test(path))
    expect(new Set(undicis.map(([, entry]) => entry.version))).toEqual(new Set([lock.packages['node_modules/undici']?.version]))
  })

  it('the `node` development dependency (the Node 24 that runs the tests) is pinned exactly', () => {
    expect(pkg.devDependencies.node).toMatch(EXACT)
  })

  it('the linter (eslint, typescript-eslint) is pinned exactly', () => {
    expect(pkg.devDependencies.eslint).toMatch(EXACT)
    expect(pkg.devDependencies['typescript-eslint']).toMatch(EXACT)
  })
})
