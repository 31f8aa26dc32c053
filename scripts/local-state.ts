// `npm start -- --state DIR`: the local GitHub's release is kept in DIR across runs (its assets' names, labels and
// sizes: the labels are the action's ledger), and so are the sandbox's jobs (the ledger's job ids are confirmed by a
// status call), so a second run sees what the first published and pays nothing, and `republish` can be tried.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GitHubStandIn, StandInAsset } from '../sandbox/github-stand-in.ts'
import { parseSavedJobs, type SavedJob, savedJobsText } from '../sandbox/saved-jobs.ts'

const FILE = 'github-release.json'
const JOBS_FILE = 'heygen-jobs.json'

interface SavedAsset {
  name: string
  label: string
  state: 'uploaded' | 'open'
  size: number
}

/** Puts the assets saved in `dir` back on the stand-in's release `tag`; how many it restored. */
export function restoreRelease(dir: string, github: Pick<GitHubStandIn, 'addAsset'>, tag: string): number {
  const file = join(dir, FILE)
  if (!existsSync(file)) return 0
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { tag?: string; assets?: SavedAsset[] }
  if (saved.tag !== tag) return 0
  for (const asset of saved.assets ?? []) github.addAsset(tag, { name: asset.name, label: asset.label, state: asset.state, size: asset.size })
  return saved.assets?.length ?? 0
}

/** Writes the release's assets to `dir` for the next run. */
export function saveRelease(dir: string, assets: readonly StandInAsset[], tag: string): void {
  mkdirSync(dir, { recursive: true })
  const kept: SavedAsset[] = assets.map(({ name, label, state, size }) => ({ name, label, state, size }))
  writeFileSync(join(dir, FILE), `${JSON.stringify({ tag, assets: kept }, null, 2)}\n`)
}

/** The sandbox's jobs saved in `dir` by an earlier run (none when there is no such file). */
export function restoreJobs(dir: string): SavedJob[] {
  const file = join(dir, JOBS_FILE)
  return existsSync(file) ? parseSavedJobs(readFileSync(file, 'utf8')) : []
}

/** Writes the sandbox's jobs to `dir` for the next run's sandbox. */
export function saveJobs(dir: string, jobs: readonly SavedJob[]): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, JOBS_FILE), savedJobsText(jobs))
}
