// The release process (scripts/release.ts), tried on throwaway git repositories: no GitHub needed.
// A maintainer releases X.Y.Z: the versions must agree, vX.Y.Z is made once and never moves, vX follows the newest
// release of its major, and the changelog section becomes the notes.
import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  changelogSection,
  type Gh,
  git,
  parseCommandLine,
  readVersionSources,
  release,
  remoteTags,
  tagProblems,
  unreleasedProblems,
  type VersionSources,
  versionProblems,
} from '../scripts/release.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const CHANGELOG = `# Changelog

## [Unreleased]

### Added

- Something not released yet.

## [1.1.0] - 2026-12-01

### Added

- Resume with \`video_translate_id\`.

### Fixed

- A typo in an input name is an error.

## [1.0.0] - 2026-11-30

First version.

[unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0
`

const agreeing: VersionSources = { packageJson: '1.1.0', versionTs: '1.1.0', changelog: CHANGELOG }

describe('the versions must agree before anything is tagged', () => {
  it('passes when package.json, src/version.ts and the changelog all say 1.1.0', () => {
    expect(versionProblems('1.1.0', agreeing)).toEqual([])
  })

  it('names each place that says another version', () => {
    expect(versionProblems('1.1.0', { ...agreeing, packageJson: '1.0.0' })).toEqual(['package.json has version 1.0.0, not 1.1.0'])
    expect(versionProblems('1.1.0', { ...agreeing, versionTs: '1.0.0' })).toEqual(['src/version.ts has ACTION_VERSION 1.0.0, not 1.1.0'])
    expect(versionProblems('1.2.0', { ...agreeing, packageJson: '1.2.0', versionTs: '1.2.0' }).join('\n')).toContain(
      'CHANGELOG.md has no "## [1.2.0] - YYYY-MM-DD" section',
    )
  })

  it('refuses a version that is not X.Y.Z, a section without a date and an empty section', () => {
    expect(versionProblems('v1.1.0', agreeing)).toEqual(['v1.1.0 is not a version of the form X.Y.Z (without the v)'])
    const undated = CHANGELOG.replace('## [1.1.0] - 2026-12-01', '## [1.1.0]')
    expect(versionProblems('1.1.0', { ...agreeing, changelog: undated })).toEqual([
      'CHANGELOG.md\'s section for 1.1.0 has no release date ("## [1.1.0] - YYYY-MM-DD")',
    ])
    const empty = '## [1.1.0] - 2026-12-01\n\n## [1.0.0] - 2026-11-30\n\nFirst.\n'
    expect(versionProblems('1.1.0', { ...agreeing, changelog: empty })).toEqual([
      "CHANGELOG.md's section for 1.1.0 is empty: the release notes would say nothing",
    ])
  })

  it('this repository agrees with itself: package.json, src/version.ts and CHANGELOG.md name the same version', () => {
    const sources = readVersionSources(ROOT)
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(versionProblems(pkg.version, sources)).toEqual([])
    expect(sources.changelog).toMatch(/^## \[Unreleased\]$/m)
  })
})

describe('the release notes', () => {
  it('are the changelog section of the version, without its heading, the next section or the link references', () => {
    expect(changelogSection(CHANGELOG, '1.1.0')).toBe(
      '### Added\n\n- Resume with `video_translate_id`.\n\n### Fixed\n\n- A typo in an input name is an error.',
    )
    expect(changelogSection(CHANGELOG, '1.0.0')).toBe('First version.')
    expect(changelogSection(CHANGELOG, '2.0.0')).toBeUndefined()
  })
})

describe('[Unreleased] must be empty when a version is released', () => {
  it('refuses while it lists changes, and lets an empty one (or one with bare headings) pass', () => {
    expect(unreleasedProblems(CHANGELOG)).toEqual([
      "CHANGELOG.md's [Unreleased] lists changes (1 lines): move them into the version's section before releasing it",
    ])
    expect(unreleasedProblems(CHANGELOG.replace('### Added\n\n- Something not released yet.\n', ''))).toEqual([])
    expect(unreleasedProblems(CHANGELOG.replace('- Something not released yet.\n', ''))).toEqual([])
  })
})

describe('tag order', () => {
  const tags = (...names: string[]) => new Map(names.map((name) => [name, `commit-of-${name}`]))

  it('refuses a version that is not newer than every existing tag, of any major', () => {
    expect(tagProblems('1.1.5', 'c', tags('v1.0.0', 'v1.2.0', 'v1'))).toEqual([
      'v1.2.0 exists and v1.1.5 is not newer: release a version above every existing one',
    ])
    expect(tagProblems('1.3.0', 'c', tags('v1.2.0', 'v2.0.0'))).toEqual([
      'v2.0.0 exists and v1.3.0 is not newer: release a version above every existing one',
    ])
    expect(tagProblems('1.2.1', 'c', tags('v1.0.0', 'v1.2.0', 'v1', 'not-a-version'))).toEqual([])
  })

  it('refuses vX.Y.Z at another commit, and takes it at the same commit for a release to resume', () => {
    expect(tagProblems('1.2.0', 'c', tags('v1.2.0'))).toEqual([
      'v1.2.0 already exists at commit-of-v1.2.0, not c: a released tag never moves (users pinned it); release a new version instead',
    ])
    expect(tagProblems('1.2.0', 'commit-of-v1.2.0', tags('v1.2.0', 'v1'))).toEqual([])
  })
})

describe('the command line', () => {
  it('asks for exactly one of --dry-run and --push', () => {
    expect(() => parseCommandLine(['1.0.0'], '.')).toThrow(/^Usage: npm run release -- X\.Y\.Z \(--dry-run \| --push\)/)
    expect(() => parseCommandLine(['1.0.0', '--dry-run', '--push'], '.')).toThrow(/^Usage/)
    expect(parseCommandLine(['1.0.0', '--push', '--commit', 'abc', '--no-dist-check'], '.')).toMatchObject({
      version: '1.0.0',
      mode: 'push',
      commit: 'abc',
      distCheck: false,
    })
    expect(parseCommandLine(['1.0.0', '--dry-run'], '.')).toMatchObject({ mode: 'dry-run', distCheck: true })
  })
})

describe('releasing, on throwaway repositories with a bare remote and a stand-in gh', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  const temp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }
  // One `git init` of each kind for the whole file, copied for every checkout: a fresh repository is a few files, and
  // the file's time is mostly starting git (two processes less per story).
  let template = ''
  beforeAll(() => {
    template = mkdtempSync(join(tmpdir(), 'release-template-'))
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', join(template, 'remote')])
    git(template, ['init', '--quiet', '--initial-branch=main', 'work'])
  })
  afterAll(() => rmSync(template, { recursive: true, force: true }))

  /** The changelog of a checkout about to release `version` (after `previous`), with an empty [Unreleased]. */
  const changelogFor = (version: string, unreleased = '') =>
    `# Changelog\n\n## [Unreleased]\n${unreleased}\n## [${version}] - 2026-12-04\n\n### Fixed\n\n- Release ${version}.\n\n## [0.9.0] - 2026-11-01\n\nOld.\n`

  /** A checkout of an action (package.json, src/version.ts, CHANGELOG.md, dist/) whose origin is a bare repository. */
  function project() {
    const dir = temp('release-test-')
    const remote = temp('release-remote-')
    // What `git init --bare` and `git init` make, copied from the file's template.
    cpSync(join(template, 'remote'), remote, { recursive: true })
    cpSync(join(template, 'work', '.git'), join(dir, '.git'), { recursive: true })
    // Local identity (tags are annotated) and no signing, whatever the machine's own git config says, and the bare
    // repository as origin: written into .git/config at once, as `git config` and `git remote add` would (five fewer
    // git processes per checkout: the file's time is mostly starting git).
    appendFileSync(
      join(dir, '.git', 'config'),
      [
        '[user]',
        '\tname = Release Test',
        '\temail = release-test@example.com',
        '[tag]',
        '\tgpgSign = false',
        '[commit]',
        '\tgpgSign = false',
        '[remote "origin"]',
        `\turl = ${remote.replaceAll('\\', '/')}`,
        '\tfetch = +refs/heads/*:refs/remotes/origin/*',
        '',
      ].join('\n'),
    )
    mkdirSync(join(dir, 'src'))
    mkdirSync(join(dir, 'dist'))
    /** Commits the files of `version` (and any others), pushes main unless told not to, returns the commit. */
    const commit = (version: string, { unreleased = '', push = true, files = {} } = {}) => {
      const all: Record<string, string> = {
        'package.json': `${JSON.stringify({ name: 'a', version, scripts: { bundle: 'node -e ""' } }, null, 2)}\n`,
        'src/version.ts': `export const ACTION_VERSION = '${version}'\n`,
        'CHANGELOG.md': changelogFor(version, unreleased),
        'dist/index.js': `// ${version}\n`,
        ...files,
      }
      for (const [file, text] of Object.entries(all)) writeFileSync(join(dir, file), text)
      git(dir, ['add', '--all'])
      git(dir, ['commit', '--quiet', '--allow-empty', '--message', `release ${version}`])
      if (push) git(dir, ['push', '--quiet', 'origin', 'main'])
      return git(dir, ['rev-parse', 'HEAD'])
    }
    const onRemote = (tag: string) => remoteTags(dir, 'origin').get(tag)
    /** Where each tag points on the remote, from one `git ls-remote`. */
    const remoteAt = (...tags: string[]) => {
      const all = remoteTags(dir, 'origin')
      return tags.map((tag) => all.get(tag))
    }
    const local = (tag: string) => git(dir, ['tag', '--list', tag]) === tag
    return { dir, remote, commit, onRemote, remoteAt, local }
  }

  /** A stand-in for GitHub's releases: what `gh release view` and `gh release create` would do, and what they were asked. */
  function standInGh(root: string, { failCreate = false } = {}) {
    const releases = new Map<string, string>()
    const calls: string[] = []
    const gh: Gh = (args) => {
      calls.push(args.slice(0, 3).join(' '))
      const tag = args[2] ?? ''
      if (args[1] === 'view') {
        if (releases.has(tag)) return `{"tagName":"${tag}"}`
        throw Object.assign(new Error('Command failed: gh release view'), { stderr: 'release not found\n' })
      }
      if (failCreate) throw new Error('gh: HTTP 403: Resource not accessible by integration')
      // --verify-tag: GitHub has the tag already; vX has not moved yet.
      expect(remoteTags(root, 'origin').has(tag), `${tag} on the remote before its release`).toBe(true)
      releases.set(tag, readFileSync(args[args.indexOf('--notes-file') + 1] ?? '', 'utf8'))
      return ''
    }
    return { gh, releases, calls }
  }

  const quiet = () => {}
  const options = (dir: string, version: string, mode: 'dry-run' | 'push' = 'push') => ({
    root: dir,
    version,
    mode,
    distCheck: false,
    notesFile: join(dir, '..', `${dir.split(/[\\/]/).at(-1)}-notes.md`),
  })

  it('a dry run checks everything, prints the plan and the notes, and makes no tag here or on the remote (the real command)', () => {
    const { dir, commit, onRemote } = project()
    const first = commit('1.0.0')
    const script = fileURLToPath(new URL('../scripts/release.ts', import.meta.url))
    // With the dist check: the project's `npm run bundle` leaves dist/ as committed.
    const out = execFileSync(process.execPath, [script, '1.0.0', '--dry-run', '--commit', first], { cwd: dir, encoding: 'utf8' })
    expect(out).toContain('Dry run: v1.0.0 can be released. A --push run would:')
    expect(out).toContain(`- tag v1.0.0 (annotated) at ${first}`)
    expect(out).toContain(`- create v1 at ${first} and push it`)
    expect(out).toContain('### Fixed\n\n- Release 1.0.0.')
    expect(git(dir, ['tag', '--list'])).toBe('')
    expect(onRemote('v1.0.0')).toBeUndefined()
  })

  it('the real command refuses with every reason and exit status 1, and tags nothing', () => {
    const { dir, commit } = project()
    commit('1.0.0', { unreleased: '\n### Added\n\n- Not released yet.\n', files: { 'src/version.ts': "export const ACTION_VERSION = '0.9.0'\n" } })
    const script = fileURLToPath(new URL('../scripts/release.ts', import.meta.url))
    let failure: { status?: number; stderr?: string } = {}
    try {
      execFileSync(process.execPath, [script, '1.0.0', '--push'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' })
    } catch (error) {
      failure = error as typeof failure
    }
    expect(failure.status).toBe(1)
    expect(failure.stderr).toContain('Not releasing 1.0.0:\n- src/version.ts has ACTION_VERSION 0.9.0, not 1.0.0\n- CHANGELOG.md')
    expect(failure.stderr).toContain('[Unreleased] lists changes')
    expect(git(dir, ['tag', '--list'])).toBe('')
  })

  it('refuses a dist/ that `npm run bundle` changes', () => {
    const { dir, commit } = project()
    commit('1.0.0', {
      files: {
        'package.json': JSON.stringify({
          name: 'a',
          version: '1.0.0',
          scripts: { bundle: `node -e "require('fs').writeFileSync('dist/index.js', 'rebuilt')"` },
        }),
      },
    })
    const { gh, calls } = standInGh(dir)
    expect(() => release({ ...options(dir, '1.0.0'), distCheck: true }, gh, quiet)).toThrow(
      /dist\/ is not what src\/ builds to[\s\S]*dist\/index\.js/,
    )
    expect(calls).toEqual([])
  })

  it('publishes: v1.0.0 (annotated) pushed, then the release with the changelog section, then v1 (a plain tag)', () => {
    const { dir, commit, remoteAt } = project()
    const first = commit('1.0.0')
    const { gh, releases, calls } = standInGh(dir)
    const log: string[] = []
    release(options(dir, '1.0.0'), gh, (line) => log.push(line))
    expect(calls).toEqual(['release view v1.0.0', 'release create v1.0.0'])
    expect(releases.get('v1.0.0')).toBe('### Fixed\n\n- Release 1.0.0.\n')
    expect(remoteAt('v1.0.0', 'v1')).toEqual([first, first])
    expect(git(dir, ['cat-file', '-t', 'refs/tags/v1.0.0'])).toBe('tag')
    expect(git(dir, ['cat-file', '-t', 'refs/tags/v1'])).toBe('commit')
    expect(log.at(-1)).toBe(`Released v1.0.0; v1 created at ${first}.`)

    // The next release moves v1 and leaves v1.0.0 where it was.
    const second = commit('1.1.0')
    release(options(dir, '1.1.0'), gh, quiet)
    expect(remoteAt('v1.0.0', 'v1.1.0', 'v1')).toEqual([first, second, second])
  })

  it('refuses a version not newer than every tag, here or only on the remote', () => {
    const { dir, commit, local } = project()
    commit('1.2.0')
    release(options(dir, '1.2.0'), standInGh(dir).gh, quiet)
    commit('1.1.5')
    expect(() => release(options(dir, '1.1.5'), standInGh(dir).gh, quiet)).toThrow('v1.2.0 exists and v1.1.5 is not newer')
    // Another clone released 1.3.0: this one has not fetched the tag, the remote has it.
    git(dir, ['push', '--quiet', 'origin', 'HEAD:refs/tags/v1.3.0'])
    expect(local('v1.3.0')).toBe(false)
    commit('1.2.1')
    expect(() => release(options(dir, '1.2.1'), standInGh(dir).gh, quiet)).toThrow('v1.3.0 exists and v1.2.1 is not newer')
    expect(local('v1.2.1')).toBe(false)
  })

  it('refuses a commit that is not on origin/main, and a --commit that is not the one checked out', () => {
    const { dir, commit, onRemote } = project()
    const pushed = commit('1.0.0')
    git(dir, ['fetch', '--quiet', 'origin'])
    commit('1.0.1', { push: false })
    expect(() => release(options(dir, '1.0.1'), standInGh(dir).gh, quiet)).toThrow(
      /is not on origin\/main: only reviewed, merged commits are released/,
    )
    expect(() => release({ ...options(dir, '1.0.1'), commit: pushed }, standInGh(dir).gh, quiet)).toThrow(
      `--commit ${pushed} is not the checked-out commit`,
    )
    expect(onRemote('v1.0.1')).toBeUndefined()
  })

  it('resumes after gh release create failed: keeps the pushed v1.1.0, creates the release, only then moves v1', () => {
    const { dir, commit, remoteAt } = project()
    const first = commit('1.0.0')
    release(options(dir, '1.0.0'), standInGh(dir).gh, quiet)
    const second = commit('1.1.0')
    const broken = standInGh(dir, { failCreate: true })
    expect(() => release(options(dir, '1.1.0'), broken.gh, quiet)).toThrow('HTTP 403')
    // v1.1.0 is out, unreleased; v1 still points at the released v1.0.0.
    const tagObject = git(dir, ['ls-remote', 'origin', 'refs/tags/v1.1.0'])
    expect(remoteAt('v1.1.0', 'v1')).toEqual([second, first])

    // The dry run of the next workflow run sees a release to resume, not a refusal.
    const plan: string[] = []
    release(options(dir, '1.1.0', 'dry-run'), broken.gh, (line) => plan.push(line))
    expect(plan.join('\n')).toContain(`v1.1.0 already exists at ${second}: keep it (resuming an interrupted release)`)
    expect(plan.join('\n')).toContain('- push v1.1.0 to origin unless it is there already\n')
    // The dry run asked GitHub nothing: the two calls are the failed run's.
    expect(broken.calls).toEqual(['release view v1.1.0', 'release create v1.1.0'])

    const fixed = standInGh(dir)
    release(options(dir, '1.1.0'), fixed.gh, quiet)
    expect(fixed.calls).toEqual(['release view v1.1.0', 'release create v1.1.0'])
    expect(git(dir, ['ls-remote', 'origin', 'refs/tags/v1.1.0'])).toBe(tagObject)
    expect(remoteAt('v1.0.0', 'v1.1.0', 'v1')).toEqual([first, second, second])

    // Run once more: the release exists, so nothing is created again.
    const again = standInGh(dir)
    again.releases.set('v1.1.0', 'existing')
    release(options(dir, '1.1.0'), again.gh, quiet)
    expect(again.calls).toEqual(['release view v1.1.0'])
    expect(git(dir, ['ls-remote', 'origin', 'refs/tags/v1.1.0'])).toBe(tagObject)
  })

  it('never moves a vX.Y.Z the remote has at another commit', () => {
    const { dir, commit, onRemote } = project()
    const elsewhere = commit('1.0.0')
    git(dir, ['push', '--quiet', 'origin', `${elsewhere}:refs/tags/v1.0.0`])
    const mine = commit('1.0.0', { files: { 'dist/index.js': '// again\n' } })
    expect(() => release(options(dir, '1.0.0'), standInGh(dir).gh, quiet)).toThrow(
      `v1.0.0 already exists at ${elsewhere}, not ${mine}: a released tag never moves`,
    )
    expect(onRemote('v1.0.0')).toBe(elsewhere)
  })
})
