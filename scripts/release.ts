// `npm run release -- X.Y.Z [--push] [--remote NAME] [--notes-file FILE]` (the Release workflow runs it with --push).
// Refuses unless package.json, src/version.ts and CHANGELOG.md all say X.Y.Z and dist/ is what src/ builds to;
// then tags vX.Y.Z (annotated, never moved again) and moves the major tag vX (a plain tag, no release of its own),
// as GitHub's guidance for immutable releases asks. With --push: pushes vX.Y.Z, creates the GitHub release for it
// with the changelog section as notes (gh), and only then moves vX on the remote, so vX never points at an unreleased commit.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/

export interface VersionSources {
  /** package.json's "version". */
  packageJson: string | undefined
  /** ACTION_VERSION in src/version.ts (sent in the User-Agent). */
  versionTs: string | undefined
  /** CHANGELOG.md's text. */
  changelog: string
}

/** Reads the three places that name the version from a checkout. */
export function readVersionSources(root: string): VersionSources {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }
  const source = readFileSync(join(root, 'src', 'version.ts'), 'utf8')
  return {
    packageJson: typeof pkg.version === 'string' ? pkg.version : undefined,
    versionTs: /\bACTION_VERSION\s*=\s*['"]([^'"]*)['"]/.exec(source)?.[1],
    changelog: readFileSync(join(root, 'CHANGELOG.md'), 'utf8'),
  }
}

const HEADING = /^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$/

/** The body of the changelog's `## [version] - YYYY-MM-DD` section (what the release shows as notes), trimmed. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split(/\r?\n/)
  const start = lines.findIndex((line) => HEADING.exec(line)?.[1] === version)
  if (start < 0) return undefined
  const body: string[] = []
  for (const line of lines.slice(start + 1)) {
    // The next section, or the link references Keep a Changelog puts at the end.
    if (line.startsWith('## ') || /^\[[^\]]+\]:\s/.test(line)) break
    body.push(line)
  }
  return body.join('\n').trim()
}

/** Why `version` cannot be released from these sources; [] when it can. */
export function versionProblems(version: string, sources: VersionSources): string[] {
  if (!SEMVER.test(version)) return [`${version} is not a version of the form X.Y.Z (without the v)`]
  const problems: string[] = []
  if (sources.packageJson !== version) problems.push(`package.json has version ${sources.packageJson ?? '(none)'}, not ${version}`)
  if (sources.versionTs !== version) problems.push(`src/version.ts has ACTION_VERSION ${sources.versionTs ?? '(none)'}, not ${version}`)
  const heading = sources.changelog.split(/\r?\n/).find((line) => HEADING.exec(line)?.[1] === version)
  if (heading === undefined) {
    problems.push(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section (rename [Unreleased] and start a new empty one)`)
  } else if (HEADING.exec(heading)?.[2] === undefined) {
    problems.push(`CHANGELOG.md's section for ${version} has no release date ("## [${version}] - YYYY-MM-DD")`)
  } else if (changelogSection(sources.changelog, version) === '') {
    problems.push(`CHANGELOG.md's section for ${version} is empty: the release notes would say nothing`)
  }
  return problems
}

/** Runs git in `cwd` and returns its trimmed output; throws with git's own message. */
export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** The commit a tag points at, or undefined when there is no such tag. */
function tagCommit(cwd: string, tag: string): string | undefined {
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`])
  } catch {
    return undefined
  }
}

function compare(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => (SEMVER.exec(v) ?? []).slice(1).map(Number))
  for (let i = 0; i < 3; i++) if ((x?.[i] ?? 0) !== (y?.[i] ?? 0)) return (x?.[i] ?? 0) - (y?.[i] ?? 0)
  return 0
}

export interface TagPlan {
  /** vX.Y.Z */
  tag: string
  /** vX */
  major: string
  commit: string
  /** Where vX pointed before (undefined for a first release of this major). */
  majorWas: string | undefined
}

/**
 * Why the tags for `version` cannot be made here; [] when they can. `remoteTags` are the tag names the remote
 * already has (with --push), so a release made elsewhere is not made twice.
 */
export function tagProblems(cwd: string, version: string, remoteTags: string[] = []): string[] {
  const tag = `v${version}`
  const major = `v${version.split('.')[0]}`
  const problems: string[] = []
  if (tagCommit(cwd, tag) !== undefined || remoteTags.includes(tag)) {
    problems.push(`${tag} already exists: a released tag never moves (users pinned it); release a new version instead`)
  }
  const newer = git(cwd, ['tag', '--list', `${major}.*`])
    .split('\n')
    .concat(remoteTags)
    .filter((name) => name.startsWith(`${major}.`) && SEMVER.test(name.slice(1)) && compare(name.slice(1), version) > 0)
  if (newer.length > 0) {
    problems.push(`${newer.sort((a, b) => compare(b.slice(1), a.slice(1)))[0]} is newer than ${tag}: ${major} would move backwards`)
  }
  return problems
}

/** Creates vX.Y.Z (annotated) at `commit` and moves vX (a plain tag) to it, in the local repository. */
export function tagRelease(cwd: string, version: string, commit = 'HEAD'): TagPlan {
  const problems = tagProblems(cwd, version)
  if (problems.length > 0) throw new Error(problems.join('\n'))
  const tag = `v${version}`
  const major = `v${version.split('.')[0]}`
  const target = git(cwd, ['rev-parse', '--verify', `${commit}^{commit}`])
  const majorWas = tagCommit(cwd, major)
  git(cwd, ['tag', '--annotate', '--message', `${tag}`, tag, target])
  git(cwd, ['tag', '--force', major, target])
  return { tag, major, commit: target, majorWas }
}

/** Tag names on a remote. */
export function remoteTags(cwd: string, remote: string): string[] {
  return git(cwd, ['ls-remote', '--tags', '--refs', remote])
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^\S+\s+refs\/tags\//, ''))
}

/**
 * Publishes a tagged release: pushes vX.Y.Z, lets `createRelease` make the GitHub release for it, then force-pushes vX.
 * If creating the release fails, vX stays where it was, so users of the major tag never get an unreleased commit.
 */
export function pushRelease(cwd: string, remote: string, plan: TagPlan, createRelease: (tag: string) => void): void {
  git(cwd, ['push', remote, `refs/tags/${plan.tag}`])
  createRelease(plan.tag)
  git(cwd, ['push', '--force', remote, `refs/tags/${plan.major}`])
}

/** What `npm run bundle` would change in dist/ (the committed bundle is what users run); [] when nothing. */
function distProblems(root: string): string[] {
  execFileSync('npm', ['run', 'bundle'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' })
  const changed = git(root, ['status', '--porcelain', '--', 'dist/'])
  return changed === '' ? [] : [`dist/ is not what src/ builds to: run npm run bundle and commit dist/\n${changed}`]
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { push: { type: 'boolean' }, remote: { type: 'string', default: 'origin' }, 'notes-file': { type: 'string' } },
  })
  const root = fileURLToPath(new URL('..', import.meta.url))
  const version = positionals[0] ?? ''
  if (positionals.length !== 1) throw new Error('Usage: npm run release -- X.Y.Z [--push] [--remote NAME] [--notes-file FILE]')

  const sources = readVersionSources(root)
  const remote = values.remote ?? 'origin'
  const problems = [...versionProblems(version, sources)]
  if (git(root, ['status', '--porcelain']) !== '') problems.push('the working tree has uncommitted changes: release a commit, not a work in progress')
  if (problems.length === 0) problems.push(...distProblems(root))
  if (problems.length === 0) problems.push(...tagProblems(root, version, values.push ? remoteTags(root, remote) : []))
  if (problems.length > 0) throw new Error(`Not releasing ${version}:\n- ${problems.join('\n- ')}`)

  const notes = changelogSection(sources.changelog, version) ?? ''
  const plan = tagRelease(root, version)
  console.log(`Tagged ${plan.tag} at ${plan.commit}; ${plan.major} ${plan.majorWas ? `moved from ${plan.majorWas}` : 'created'}.`)
  if (!values.push) {
    console.log(`Not pushed (no --push). Release notes:\n\n${notes}`)
    return
  }
  pushRelease(root, remote, plan, (tag) => {
    // gh reads GH_TOKEN; --verify-tag refuses to invent a tag if the push above did not land.
    const notesFile = values['notes-file'] ?? join(tmpdir(), `heygen-release-notes-${version}.md`)
    writeFileSync(notesFile, `${notes}\n`)
    execFileSync('gh', ['release', 'create', tag, '--verify-tag', '--title', tag, '--notes-file', notesFile], { cwd: root, stdio: 'inherit' })
  })
  console.log(`Released ${plan.tag}; ${plan.major} now points at it.`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  })
}
