// `npm run release -- X.Y.Z (--dry-run | --push) [--commit SHA] [--remote NAME] [--no-dist-check] [--notes-file FILE]`
// Refuses unless package.json, src/version.ts and CHANGELOG.md all say X.Y.Z, [Unreleased] is empty, the commit is on
// origin/main, vX.Y.Z is newer than every existing tag and dist/ is what src/ builds to. --dry-run then prints what it
// would do and touches no tag. --push tags vX.Y.Z (annotated, never moved again), pushes it, creates the GitHub release
// for it with the changelog section as notes (gh), and only then moves the major tag vX (a plain tag, no release of its
// own), so vX never points at an unreleased commit. A run that failed after pushing vX.Y.Z is resumed by running it
// again: the tag is kept where it is and only what is missing (the release, then vX) is done.
// Node built-ins only: the Release workflow's write job runs this file with no `npm ci` (no dependency code).
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

/** A refusal when CHANGELOG.md's [Unreleased] lists changes (empty `### Added` headings do not count); [] when not. */
export function unreleasedProblems(changelog: string): string[] {
  const entries = (changelogSection(changelog, 'Unreleased') ?? '').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('### '))
  // Those changes are in the commit but would be missing from the notes, and the next release would claim them.
  return entries.length === 0
    ? []
    : [`CHANGELOG.md's [Unreleased] lists changes (${entries.length} lines): move them into the version's section before releasing it`]
}

/** Runs git in `cwd` and returns its trimmed output; throws with git's own message. */
export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** The commit a local tag points at, or undefined when there is no such tag. */
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

/** Tag name → the commit it points at (annotated tags peeled), for the local repository. */
export function localTags(cwd: string): Map<string, string> {
  const lines = git(cwd, ['for-each-ref', '--format=%(refname:strip=2) %(*objectname) %(objectname)', 'refs/tags'])
  return new Map(
    lines
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [name = '', peeled = '', object = ''] = line.split(' ')
        return [name, peeled || object]
      }),
  )
}

/** Tag name → the commit it points at, on a remote (annotated tags peeled). */
export function remoteTags(cwd: string, remote: string): Map<string, string> {
  const tags = new Map<string, string>()
  for (const line of git(cwd, ['ls-remote', '--tags', remote]).split('\n')) {
    const match = /^(\S+)\s+refs\/tags\/(.+?)(\^\{\})?$/.exec(line)
    // The peeled line (name^{}) of an annotated tag comes after the tag's own line and names the commit.
    if (match?.[1] && match[2] && (match[3] !== undefined || !tags.has(match[2]))) tags.set(match[2], match[1])
  }
  return tags
}

/**
 * Why `version` cannot be tagged at `commit`, given every tag known here and on the remote; [] when it can.
 * vX.Y.Z may already exist only at `commit` itself: that is a release to resume, not a new one.
 */
export function tagProblems(version: string, commit: string, tags: Map<string, string>): string[] {
  const tag = `v${version}`
  const problems: string[] = []
  const at = tags.get(tag)
  if (at !== undefined && at !== commit) {
    problems.push(`${tag} already exists at ${at}, not ${commit}: a released tag never moves (users pinned it); release a new version instead`)
  }
  const notOlder = [...tags.keys()]
    .filter((name) => name !== tag && SEMVER.test(name.slice(1)) && name.startsWith('v') && compare(name.slice(1), version) >= 0)
    .sort((a, b) => compare(b.slice(1), a.slice(1)))
  if (notOlder[0] !== undefined) problems.push(`${notOlder[0]} exists and ${tag} is not newer: release a version above every existing one`)
  return problems
}

/** Why `commit` is not releasable from `remote`'s main; [] when it is on it. */
export function mainProblems(cwd: string, commit: string, remote: string): string[] {
  const main = `refs/remotes/${remote}/main`
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', main])
  } catch {
    return [`there is no ${remote}/main here: fetch it (git fetch ${remote} main) so the commit can be checked against it`]
  }
  try {
    git(cwd, ['merge-base', '--is-ancestor', commit, main])
    return []
  } catch {
    return [`${commit} is not on ${remote}/main: only reviewed, merged commits are released`]
  }
}

/** What `npm run bundle` would change in dist/ (the committed bundle is what users run); [] when nothing. */
function distProblems(root: string): string[] {
  execFileSync('npm', ['run', 'bundle'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' })
  const changed = git(root, ['status', '--porcelain', '--', 'dist/'])
  return changed === '' ? [] : [`dist/ is not what src/ builds to: run npm run bundle and commit dist/\n${changed}`]
}

/** Runs the GitHub CLI with these arguments and returns its output; throws (with its output) when it fails. */
export type Gh = (args: string[]) => string

/** The real `gh` (it reads GH_TOKEN). */
export const realGh: Gh = (args) => execFileSync('gh', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** Whether GitHub has a release for `tag`; a failure other than "not found" is not taken for "no release". */
function releaseExists(gh: Gh, tag: string): boolean {
  try {
    gh(['release', 'view', tag, '--json', 'tagName'])
    return true
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr
    const output = `${typeof stderr === 'string' ? stderr : ''}${error instanceof Error ? error.message : String(error)}`
    if (/not found/i.test(output)) return false
    throw error
  }
}

export interface ReleaseOptions {
  /** The checkout to release from. */
  root: string
  version: string
  /** dry-run: check and print, touch no tag; push: tag, push, create the release, move vX. */
  mode: 'dry-run' | 'push'
  /** The commit to release; it must be the checked-out one (the Release workflow passes the one it verified). */
  commit?: string
  remote?: string
  /** false in the Release workflow's write job: the read-only job checked dist/ at this commit, and building runs dependency code. */
  distCheck?: boolean
  notesFile?: string
}

/** Checks everything, then releases (or, in a dry run, says what it would do). Throws with every reason it refuses. */
export function release(options: ReleaseOptions, gh: Gh = realGh, log: (line: string) => void = console.log): void {
  const { root, version, mode } = options
  const remote = options.remote ?? 'origin'
  const tag = `v${version}`
  const major = `v${version.split('.')[0]}`
  const sources = readVersionSources(root)
  const problems = [...versionProblems(version, sources), ...unreleasedProblems(sources.changelog)]
  if (git(root, ['status', '--porcelain']) !== '') problems.push('the working tree has uncommitted changes: release a commit, not a work in progress')

  const head = git(root, ['rev-parse', 'HEAD'])
  let commit = head
  if (options.commit !== undefined) {
    try {
      commit = git(root, ['rev-parse', '--verify', '--quiet', `${options.commit}^{commit}`])
    } catch {
      commit = options.commit
    }
    // The files checked above are HEAD's: another commit would be released on the strength of this one's checks.
    if (commit !== head) problems.push(`--commit ${options.commit} is not the checked-out commit ${head}`)
  }
  problems.push(...mainProblems(root, commit, remote))
  // With --push the remote's tags count too (a release made elsewhere); a dry run uses what the checkout fetched.
  const onRemote = mode === 'push' ? remoteTags(root, remote) : new Map<string, string>()
  const tags = new Map([...localTags(root), ...onRemote])
  problems.push(...tagProblems(version, commit, tags))
  if (problems.length === 0 && options.distCheck !== false) problems.push(...distProblems(root))
  if (problems.length > 0) throw new Error(`Not releasing ${version}:\n- ${problems.join('\n- ')}`)

  const notes = changelogSection(sources.changelog, version) ?? ''
  const majorWas = tags.get(major)
  const steps = [
    tags.has(tag) ? `${tag} already exists at ${commit}: keep it (resuming an interrupted release)` : `tag ${tag} (annotated) at ${commit}`,
    // A dry run does not ask the remote: a tag the checkout already has may be there too.
    onRemote.has(tag)
      ? `${tag} is already on ${remote}`
      : tags.has(tag)
        ? `push ${tag} to ${remote} unless it is there already`
        : `push ${tag} to ${remote}`,
    `create the GitHub release ${tag} (unless it exists), notes: the changelog section below`,
    majorWas === undefined ? `create ${major} at ${commit} and push it` : `move ${major} from ${majorWas} to ${commit} and push it`,
  ]
  if (mode === 'dry-run') {
    log(`Dry run: ${tag} can be released. A --push run would:\n${steps.map((step) => `- ${step}`).join('\n')}\n\nRelease notes:\n\n${notes}`)
    return
  }

  if (tagCommit(root, tag) === undefined && !onRemote.has(tag)) git(root, ['tag', '--annotate', '--message', tag, tag, commit])
  if (!onRemote.has(tag)) git(root, ['push', remote, `refs/tags/${tag}`])
  log(`${tag} is on ${remote} at ${commit}.`)
  if (releaseExists(gh, tag)) {
    log(`The GitHub release ${tag} already exists: left as it is.`)
  } else {
    const notesFile = options.notesFile ?? join(tmpdir(), `heygen-release-notes-${version}.md`)
    writeFileSync(notesFile, `${notes}\n`)
    // --verify-tag: gh refuses to invent the tag if the push above did not land.
    gh(['release', 'create', tag, '--verify-tag', '--title', tag, '--notes-file', notesFile])
    log(`Created the GitHub release ${tag}.`)
  }
  // Only now, with the release there, does vX follow: users of the major tag never get an unreleased commit.
  git(root, ['tag', '--force', major, commit])
  git(root, ['push', '--force', remote, `refs/tags/${major}`])
  log(`Released ${tag}; ${major} ${majorWas === undefined ? 'created' : `moved from ${majorWas}`} at ${commit}.`)
}

const USAGE = 'Usage: npm run release -- X.Y.Z (--dry-run | --push) [--commit SHA] [--remote NAME] [--no-dist-check] [--notes-file FILE]'

/** The options a command line asks for; throws the usage when it asks for nothing or for both modes. */
export function parseCommandLine(args: string[], root: string): ReleaseOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      push: { type: 'boolean' },
      commit: { type: 'string' },
      remote: { type: 'string' },
      'no-dist-check': { type: 'boolean' },
      'notes-file': { type: 'string' },
    },
  })
  if (positionals.length !== 1 || values['dry-run'] === values.push) throw new Error(USAGE)
  return {
    root,
    version: positionals[0] ?? '',
    mode: values.push ? 'push' : 'dry-run',
    commit: values.commit,
    remote: values.remote,
    distCheck: !values['no-dist-check'],
    notesFile: values['notes-file'],
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    // The checkout is the current directory (npm run starts there; the Release workflow runs it from the checkout).
    release(parseCommandLine(process.argv.slice(2), process.cwd()))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
}
