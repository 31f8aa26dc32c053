// The release process (scripts/release.ts), tried on throwaway git repositories: no GitHub needed.
// A maintainer releases X.Y.Z: the versions must agree, vX.Y.Z is made once and never moves, vX follows the newest
// release of its major, and the changelog section becomes the notes.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  changelogSection,
  git,
  pushRelease,
  readVersionSources,
  remoteTags,
  tagProblems,
  tagRelease,
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

describe('tagging, on a throwaway repository', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  function repo(): { dir: string; commit: (message: string) => string } {
    const dir = mkdtempSync(join(tmpdir(), 'release-test-'))
    dirs.push(dir)
    git(dir, ['init', '--quiet', '--initial-branch=main'])
    // Local identity (tags are annotated) and no signing, whatever the machine's own git config says.
    git(dir, ['config', 'user.name', 'Release Test'])
    git(dir, ['config', 'user.email', 'release-test@example.com'])
    git(dir, ['config', 'tag.gpgSign', 'false'])
    git(dir, ['config', 'commit.gpgSign', 'false'])
    let n = 0
    return {
      dir,
      commit(message) {
        writeFileSync(join(dir, 'file.txt'), `${++n}\n`)
        git(dir, ['add', 'file.txt'])
        git(dir, ['commit', '--quiet', '--message', message])
        return git(dir, ['rev-parse', 'HEAD'])
      },
    }
  }
  const at = (dir: string, tag: string) => git(dir, ['rev-parse', `refs/tags/${tag}^{commit}`])
  const type = (dir: string, tag: string) => git(dir, ['cat-file', '-t', `refs/tags/${tag}`])

  it('creates v1.0.0 (annotated) and v1 (a plain tag) at the released commit', () => {
    const { dir, commit } = repo()
    const first = commit('first')
    expect(tagRelease(dir, '1.0.0')).toEqual({ tag: 'v1.0.0', major: 'v1', commit: first, majorWas: undefined })
    expect(at(dir, 'v1.0.0')).toBe(first)
    expect(at(dir, 'v1')).toBe(first)
    expect(type(dir, 'v1.0.0')).toBe('tag')
    expect(type(dir, 'v1')).toBe('commit')
  })

  it('a second release moves v1 and leaves v1.0.0 where it was', () => {
    const { dir, commit } = repo()
    const first = commit('first')
    tagRelease(dir, '1.0.0')
    const second = commit('second')
    expect(tagRelease(dir, '1.1.0')).toMatchObject({ commit: second, majorWas: first })
    expect(at(dir, 'v1.1.0')).toBe(second)
    expect(at(dir, 'v1')).toBe(second)
    expect(at(dir, 'v1.0.0')).toBe(first)
  })

  it('a new major gets its own tag and leaves v1 alone', () => {
    const { dir, commit } = repo()
    const first = commit('first')
    tagRelease(dir, '1.0.0')
    const second = commit('breaking')
    tagRelease(dir, '2.0.0')
    expect([at(dir, 'v1'), at(dir, 'v2')]).toEqual([first, second])
  })

  it('refuses a version that is already tagged, and moves nothing', () => {
    const { dir, commit } = repo()
    const first = commit('first')
    tagRelease(dir, '1.0.0')
    commit('second')
    expect(() => tagRelease(dir, '1.0.0')).toThrow('v1.0.0 already exists')
    expect([at(dir, 'v1.0.0'), at(dir, 'v1')]).toEqual([first, first])
  })

  it('refuses an older version once a newer one of the same major exists (v1 would move backwards)', () => {
    const { dir, commit } = repo()
    commit('first')
    tagRelease(dir, '1.2.0')
    commit('late fix')
    expect(tagProblems(dir, '1.1.5')).toEqual(['v1.2.0 is newer than v1.1.5: v1 would move backwards'])
    expect(tagProblems(dir, '1.2.1')).toEqual([])
  })

  it('publishes to a remote: v1.0.0 first, then the release, then v1; a second release force-moves v1 there', () => {
    const { dir, commit } = repo()
    const remote = mkdtempSync(join(tmpdir(), 'release-remote-'))
    dirs.push(remote)
    execFileSync('git', ['init', '--quiet', '--bare', remote])
    git(dir, ['remote', 'add', 'origin', remote])
    const onRemote = (tag: string) => git(remote, ['rev-parse', `refs/tags/${tag}^{commit}`])

    const order: string[] = []
    const first = commit('first')
    pushRelease(dir, 'origin', tagRelease(dir, '1.0.0'), (tag) => {
      // The release is created when its tag is on the remote, and before v1 moves there.
      order.push(`release ${tag}`, ...remoteTags(dir, 'origin'))
    })
    expect(order).toEqual(['release v1.0.0', 'v1.0.0'])
    expect([onRemote('v1.0.0'), onRemote('v1')]).toEqual([first, first])

    const second = commit('second')
    pushRelease(dir, 'origin', tagRelease(dir, '1.1.0'), () => {})
    expect([onRemote('v1.0.0'), onRemote('v1.1.0'), onRemote('v1')]).toEqual([first, second, second])
    expect(remoteTags(dir, 'origin').sort()).toEqual(['v1', 'v1.0.0', 'v1.1.0'])
  })

  it('a release that fails to be created leaves v1 where it was on the remote', () => {
    const { dir, commit } = repo()
    const remote = mkdtempSync(join(tmpdir(), 'release-remote-'))
    dirs.push(remote)
    execFileSync('git', ['init', '--quiet', '--bare', remote])
    git(dir, ['remote', 'add', 'origin', remote])
    const first = commit('first')
    pushRelease(dir, 'origin', tagRelease(dir, '1.0.0'), () => {})
    commit('second')
    const plan = tagRelease(dir, '1.1.0')
    expect(() =>
      pushRelease(dir, 'origin', plan, () => {
        throw new Error('gh: HTTP 403')
      }),
    ).toThrow('HTTP 403')
    expect(git(remote, ['rev-parse', 'refs/tags/v1^{commit}'])).toBe(first)
  })

  it('refuses a version the remote already has, even when the local clone lacks the tag', () => {
    const { dir, commit } = repo()
    commit('first')
    expect(tagProblems(dir, '1.0.0', ['v1', 'v1.0.0'])).toEqual([
      'v1.0.0 already exists: a released tag never moves (users pinned it); release a new version instead',
    ])
  })
})
