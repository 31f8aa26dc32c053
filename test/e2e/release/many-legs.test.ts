// Many runners, one release: 2, 4 and 8 legs (matrix legs of one run, and two runs) publish to one release of the
// GitHub stand-in at once, with random delays between every step. Legs share proofreads and asset names, a foreign
// asset appears mid-upload, a leg is killed after paying; then every leg that did not succeed is re-run (a re-run
// attempt of its workflow run, or its recovery block). The legs run in-process: the release code (openRelease,
// claim, publish, close) is the real one, over HTTP to the stand-in; HeyGen is an in-memory ledger of charges that
// replays one Idempotency-Key (proofread and run) as v3 does.
// Invariants: every paid job's video is on the release or named in a failed leg's resume block; no leg reports
// success without its video on the release; no asset the step did not upload is changed; a proofread is paid once.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Agent } from 'undici'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type GitHubStandIn, type StandInAsset, startGitHubStandIn } from '../../../sandbox/github-stand-in.ts'
import { seededRandom } from '../../../sandbox/heygen-sandbox.ts'
import type { Claimant } from '../../../src/action/publish/claims.ts'
import { readLabel } from '../../../src/action/publish/ledger.ts'
import { openReleaseWith } from '../../../src/action/publish/publish.ts'
import type { HeyGenLookups } from '../../../src/action/publish/verify.ts'
import type { Config } from '../../../src/action/config/inputs.ts'
import type { ProofreadResult } from '../../../src/action/report/result.ts'
import type { Log } from '../../../src/action/runner/log.ts'
import { placeholderValues, resolveDestination } from '../../../src/action/files/paths.ts'
import type { Transport } from '../../../src/transport/http.ts'

// The runner's log lines are not what this file checks.
vi.mock('../../../src/action/runner/runner.ts', async (original) => ({
  ...(await original<Record<string, unknown>>()),
  info: () => {},
  warning: () => {},
  notice: () => {},
}))

/** More seeds in the soak: RELEASE_LEGS_SEEDS=50. */
const SEEDS = Number(process.env.RELEASE_LEGS_SEEDS ?? '2')
const TAG = 'v1.0.0'
const TOKEN = 'ghs_many_legs'
const LANGUAGES = ['es-ES', 'fr-FR', 'de-DE']
const TEMPLATES = ['videos/{proofread_id}.mp4', 'videos/{output_language}.mp4']

/** HeyGen as far as publishing meets it: charges, a replay per Idempotency-Key, and the free look-ups. */
class FakeHeyGen {
  readonly charges: Array<{ proofreadId: string; job: string }> = []
  private readonly byKey = new Map<string, string>()
  private readonly jobs = new Map<string, string>()
  constructor(readonly languages: Record<string, string>) {}

  /** The generate call: v3's Idempotency-Key is derived from the proofread and the run, so a re-run attempt replays. */
  pay(proofreadId: string, runId: string): string {
    const key = `${proofreadId}|${runId}`
    const known = this.byKey.get(key)
    if (known) return known
    const job = `vt-${proofreadId}-${this.charges.length}`
    this.charges.push({ proofreadId, job })
    this.byKey.set(key, job)
    this.jobs.set(job, this.languages[proofreadId] ?? '')
    return job
  }

  readonly lookups: HeyGenLookups = {
    job: (id) =>
      Promise.resolve(
        this.jobs.has(id) ? { found: true, finished: true, outputLanguage: this.jobs.get(id) ?? '' } : { found: false, finished: false },
      ),
    proofreadLanguage: (id) => Promise.resolve(this.languages[id]),
  }
}

interface LegSpec {
  name: string
  runId: string
  attempt: number
  proofreads: string[]
  template: string
  killAfterPaying: boolean
  /** A recovery block: resume this job as this proofread's. */
  resume?: { job: string; proofreadId: string }
}

interface Outcome {
  spec: LegSpec
  results: ProofreadResult[]
  /** The jobs this leg paid for (or replayed): a killed leg's are in its `video_translate_id` output. */
  paid: string[]
  killed: boolean
}

const quiet: Log = { info: () => {}, warning: () => {}, debug: () => {} }
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

let github: GitHubStandIn
let dispatcher: Agent
let root: string
beforeAll(async () => {
  github = await startGitHubStandIn()
  dispatcher = new Agent()
  root = mkdtempSync(join(tmpdir(), 'many-legs-'))
})
afterAll(async () => {
  await dispatcher.close()
  await github.close()
  rmSync(root, { recursive: true, force: true })
})

function settingsFor(spec: LegSpec, workspace: string): Config {
  return {
    heygen: { apiKey: 'sk-many-legs', baseUrl: 'http://127.0.0.1:9', apiVersion: 'v3', request: {} as Config['heygen']['request'], preflight: true },
    timing: { requestTimeoutMs: 10_000, downloadTimeoutMs: 10_000, waitTimeoutMs: 60_000, pollIntervalMs: 10 },
    files: { downloadPath: join(workspace, spec.template), maxDownloadBytes: 1e9 },
    publish: { release: TAG, token: TOKEN, apiUrl: github.apiUrl, repository: github.repository, republish: false },
    work: {
      proofreadIds: spec.resume ? [] : spec.proofreads,
      ...(spec.resume ? { resumeId: spec.resume.job, resumeProofreadId: spec.resume.proofreadId } : {}),
      maxConcurrency: 4,
      dryRun: false,
      wait: true,
    },
  }
}

/** One leg: the release opened, names checked, claims taken, each proofread paid, saved and published, claims released. */
async function runLeg(spec: LegSpec, heygen: FakeHeyGen, random: () => number): Promise<Outcome> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 15)))
  const workspace = mkdtempSync(join(root, `${spec.name}-`))
  const settings = settingsFor(spec, workspace)
  const transport: Transport = { userAgent: 'many-legs-test', timeoutMs: 10_000, signal: new AbortController().signal, dispatcher }
  const claimant: Claimant = {
    runId: spec.runId,
    attempt: spec.attempt,
    step: `${spec.name}-${spec.attempt}`,
    ...(spec.resume ? { resuming: spec.resume.job } : {}),
  }
  const outcome: Outcome = { spec, results: [], paid: [], killed: false }
  await pause()
  const opened = await openReleaseWith(settings, transport, heygen.lookups, claimant)
  if (Array.isArray(opened)) return { ...outcome, results: opened }
  const jobs = spec.resume
    ? [{ resumeId: spec.resume.job }]
    : opened.pending.proofreadIds.map((proofreadId) => ({ proofreadId, outputLanguage: heygen.languages[proofreadId] ?? '' }))
  const refuse = (error: string) =>
    jobs.map((job) => ({ proofread_id: 'proofreadId' in job ? job.proofreadId : '', video_translate_id: '', status: 'not_started', error }))
  const clash = opened.nameClash(jobs, workspace)
  if (clash) return { ...outcome, results: [...opened.published.values(), ...refuse(clash)] }
  await pause()
  const refused = await opened.claim(jobs, workspace)
  if (refused) return { ...outcome, results: [...opened.published.values(), ...refused] }
  const toDo = jobs.filter((job) => !opened.published.has('proofreadId' in job ? job.proofreadId : job.resumeId))
  const paid = await Promise.all(
    toDo.map(async (job) => {
      await pause()
      const proofreadId = 'proofreadId' in job ? job.proofreadId : (spec.resume?.proofreadId ?? '')
      const id = 'proofreadId' in job ? heygen.pay(proofreadId, spec.runId) : job.resumeId
      outcome.paid.push(id)
      return { proofreadId, id }
    }),
  )
  // Killed after paying: nothing published, nothing released; the ids were already in its output.
  if (spec.killAfterPaying) return { ...outcome, killed: true }
  const results = await Promise.all(
    paid.map(async ({ proofreadId, id }) => {
      await pause()
      const values = placeholderValues({ proofreadId, outputLanguage: heygen.languages[proofreadId], videoTranslateId: id })
      const video = resolveDestination(settings.files.downloadPath ?? '', values, { workspace, several: spec.proofreads.length > 1 }).video
      mkdirSync(dirname(video), { recursive: true })
      writeFileSync(video, id)
      await pause()
      return opened.publish(
        {
          proofread_id: spec.resume ? '' : proofreadId,
          video_translate_id: id,
          status: 'success',
          output_language: heygen.languages[proofreadId] ?? '',
          video_path: video,
        },
        quiet,
      )
    }),
  )
  await opened.close()
  return { ...outcome, results: [...opened.published.values(), ...results] }
}

/** The seed's legs: proofreads from a small pool (so legs share them), two languages per name template, two runs. */
function legsFor(count: number, seed: number, random: () => number): { specs: LegSpec[]; languages: Record<string, string> } {
  const pool = Array.from({ length: Math.max(2, Math.ceil(count * 0.75)) }, (_, i) => `p${i}`)
  const languages = Object.fromEntries(pool.map((id, i) => [id, LANGUAGES[i % LANGUAGES.length] ?? 'es-ES']))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const specs = Array.from({ length: count }, (_, i): LegSpec => {
    const first = pick(pool)
    const second = random() < 0.4 ? pick(pool.filter((id) => id !== first)) : undefined
    return {
      name: `leg${i}`,
      runId: random() < 0.6 ? '501' : '502',
      attempt: 1,
      proofreads: second ? [first, second] : [first],
      template: pick(TEMPLATES),
      // Every odd seed has a leg killed after paying; others at random.
      killAfterPaying: (seed % 2 === 1 && i === seed % count) || random() < 0.1,
    }
  })
  return { specs, languages }
}

/** The legs that did not succeed, re-run: a failed upload by its recovery block, anything else by a re-run attempt. */
function reRuns(outcomes: readonly Outcome[]): LegSpec[] {
  return outcomes.flatMap(({ spec, results, killed }): LegSpec[] => {
    const base = { ...spec, attempt: spec.attempt + 1, killAfterPaying: false }
    const failed = results.filter((r) => r.error)
    if (!killed && failed.length === 0) return []
    const recoverable = failed.filter((r) => r.video_translate_id && r.error?.includes(`video_translate_id: ${r.video_translate_id}`))
    if (!killed && recoverable.length === failed.length) {
      return recoverable.map((r, i) => ({
        ...base,
        name: `${spec.name}-resume${i}`,
        resume: { job: r.video_translate_id, proofreadId: r.proofread_id },
      }))
    }
    return [base]
  })
}

interface Foreign {
  asset: StandInAsset
  snapshot: Record<string, unknown>
}

const snapshot = (asset: StandInAsset) => ({
  id: asset.id,
  name: asset.name,
  label: asset.label,
  state: asset.state,
  sha256: asset.sha256,
  size: asset.size,
})

function checkInvariants(outcomes: readonly Outcome[], heygen: FakeHeyGen, foreign: readonly Foreign[], context: string): void {
  const assets = github.assets(TAG)
  const videoOf = (job: string) =>
    assets.find((a) => a.state === 'uploaded' && readLabel(a.label)?.kind === 'video' && readLabel(a.label)?.videoTranslateId === job)
  const resumeBlocks = outcomes.flatMap((o) => o.results.map((r) => r.error ?? ''))
  const killedIds = new Set(outcomes.filter((o) => o.killed).flatMap((o) => o.paid))
  // Every paid job's video is on the release (its own bytes), or named in a failed leg's resume block.
  for (const { job } of heygen.charges) {
    const video = videoOf(job)
    const named = killedIds.has(job) || resumeBlocks.some((error) => error.includes(`video_translate_id: ${job}`))
    expect(video !== undefined || named, `${context}: paid job ${job} is neither on the release nor in a resume block`).toBe(true)
    if (video) expect(video.sha256, `${context}: ${video.name} holds job ${job}'s bytes`).toBe(sha256(job))
  }
  // No leg reports success without its video on the release.
  for (const result of outcomes.flatMap((o) => o.results)) {
    if (result.error || result.status === 'not_started') continue
    const video = videoOf(result.video_translate_id)
    expect(video, `${context}: ${result.proofread_id} reported ${result.status} without its video`).toBeDefined()
    expect(readLabel(video?.label ?? '')?.proofreadId).toBe(result.proofread_id)
    expect(result.asset_urls?.at(-1)).toBe(
      `https://github.com/${github.repository}/releases/download/${TAG}/${encodeURIComponent(video?.name ?? '')}`,
    )
  }
  // No asset the step did not upload is changed.
  for (const { asset, snapshot: before } of foreign) {
    const now = assets.find((a) => a.id === asset.id)
    expect(now && snapshot(now), `${context}: foreign asset ${asset.name} changed`).toEqual(before)
  }
  // A proofread is paid once.
  const perProofread = new Map<string, number>()
  for (const { proofreadId } of heygen.charges) perProofread.set(proofreadId, (perProofread.get(proofreadId) ?? 0) + 1)
  for (const [proofreadId, count] of perProofread) expect(count, `${context}: proofread ${proofreadId} paid ${count} times`).toBe(1)
}

type Figures = Record<'paid' | 'published' | 'foreign' | 'refused' | 'failedAfterPaying' | 'killed' | 'legs', number>

async function scenario(count: number, seed: number): Promise<Figures> {
  github.reset()
  const random = seededRandom(seed * 7919 + count)
  const { specs, languages } = legsFor(count, seed, random)
  const heygen = new FakeHeyGen(languages)
  const foreign: Foreign[] = []
  // Someone's own asset appears under a name a leg may publish, at a random moment of the legs' run.
  const intruder = (async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)))
    const spec = specs[Math.floor(random() * specs.length)] as LegSpec
    const proofreadId = spec.proofreads[0] ?? 'p0'
    const name = spec.template.includes('{proofread_id}') ? `${proofreadId}.mp4` : `${languages[proofreadId]}.mp4`
    if (github.assets(TAG).some((a) => a.name === name)) return
    const asset = github.addAsset(TAG, { name, label: 'the old trailer', uploader: 'octocat' })
    foreign.push({ asset, snapshot: snapshot(asset) })
  })()
  // A foreign asset present from the start, labelled as a ledger entry for a proofread (a forged record).
  const forgedFor = specs[0]?.proofreads[0] ?? 'p0'
  const forged = github.addAsset(TAG, {
    name: 'evil.exe',
    label: `Spanish (Spain) · video · proofread ${forgedFor} · job vt-forged`,
    uploader: 'mallory',
  })
  foreign.push({ asset: forged, snapshot: snapshot(forged) })
  const first = await Promise.all([
    ...specs.map((spec) => runLeg(spec, heygen, seededRandom(seed * 31 + spec.name.length + random() * 1e6))),
    intruder,
  ])
  const wave1 = first.filter((o): o is Outcome => o !== undefined)
  checkInvariants(wave1, heygen, foreign, `seed ${seed}, ${count} legs, first wave`)
  const again = await Promise.all(reRuns(wave1).map((spec) => runLeg(spec, heygen, seededRandom(seed * 131 + random() * 1e6))))
  const dump = () =>
    console.log(
      JSON.stringify(
        {
          charges: heygen.charges,
          wave1: wave1.map((o) => ({
            ...o,
            results: o.results.map((r) => ({ p: r.proofread_id, j: r.video_translate_id, s: r.status, e: r.error?.slice(0, 200) })),
          })),
          again: again.map((o) => ({
            ...o,
            results: o.results.map((r) => ({ p: r.proofread_id, j: r.video_translate_id, s: r.status, e: r.error?.slice(0, 200) })),
          })),
        },
        null,
        1,
      ),
    )
  try {
    checkInvariants([...wave1, ...again], heygen, foreign, `seed ${seed}, ${count} legs, re-runs`)
  } catch (error) {
    if (process.env.DEBUG_LEGS) dump()
    throw error
  }
  // Claims are the protocol's own: after the re-runs only a killed leg's or a paid-but-unpublished job's may remain.
  const published = github.assets(TAG).filter((a) => readLabel(a.label)?.kind === 'video' && a.uploader === 'github-actions[bot]').length
  const all = [...wave1, ...again]
  return {
    paid: heygen.charges.length,
    published,
    foreign: foreign.length,
    refused: all.flatMap((o) => o.results).filter((r) => r.status === 'not_started').length,
    failedAfterPaying: all.flatMap((o) => o.results).filter((r) => r.error && r.video_translate_id).length,
    killed: all.filter((o) => o.killed).length,
    legs: all.length,
  }
}

describe('many legs, one release: random interleavings keep every paid video and every foreign asset', () => {
  for (const count of [2, 4, 8]) {
    it(`${count} legs (${SEEDS} seeds), then their re-runs`, async () => {
      const totals: Figures = { paid: 0, published: 0, foreign: 0, refused: 0, failedAfterPaying: 0, killed: 0, legs: 0 }
      for (let seed = Number(process.env.FIRST_SEED ?? 1); seed <= SEEDS; seed++) {
        const figures = await scenario(count, seed)
        for (const name of Object.keys(totals) as Array<keyof Figures>) totals[name] += figures[name]
      }
      if (process.env.RELEASE_LEGS_SEEDS) console.log(`${count} legs, ${SEEDS} seeds: ${JSON.stringify(totals)}`)
      // The scenarios did something: jobs were paid and videos published.
      expect(totals.paid).toBeGreaterThan(0)
      expect(totals.published).toBeGreaterThan(0)
    })
  }

  it('two runs for one proofread started together start one HeyGen job', async () => {
    for (let seed = 1; seed <= Math.max(3, SEEDS); seed++) {
      github.reset()
      const heygen = new FakeHeyGen({ 'pr-a-es': 'es-ES' })
      const random = seededRandom(seed)
      const spec = (runId: string): LegSpec => ({
        name: `run${runId}`,
        runId,
        attempt: 1,
        proofreads: ['pr-a-es'],
        template: TEMPLATES[0] ?? '',
        killAfterPaying: false,
      })
      const outcomes = await Promise.all([runLeg(spec('501'), heygen, random), runLeg(spec('502'), heygen, random)])
      expect(heygen.charges).toHaveLength(1)
      const errors = outcomes.flatMap((o) => o.results.map((r) => r.error ?? ''))
      // The other one either found the video on the release or was refused, naming the run that holds the proofread.
      for (const error of errors.filter(Boolean)) expect(error).toMatch(/proofread pr-a-es is being generated for release v1\.0\.0 by run 50[12]/)
      checkInvariants(outcomes, heygen, [], `seed ${seed}, two runs`)
    }
  })

  it('two proofreads, one name: a leg that claims after the other published and let its claims go is refused before paying', async () => {
    github.reset()
    const heygen = new FakeHeyGen({ 'pr-a-es': 'es-ES', 'pr-b-es': 'es-ES' })
    const spec: LegSpec = { name: 'late', runId: '601', attempt: 1, proofreads: ['pr-a-es'], template: TEMPLATES[1] ?? '', killAfterPaying: false }
    const workspace = mkdtempSync(join(root, 'late-name-'))
    const transport: Transport = { userAgent: 'many-legs-test', timeoutMs: 10_000, signal: new AbortController().signal, dispatcher }
    const opened = await openReleaseWith(settingsFor(spec, workspace), transport, heygen.lookups, { runId: '601', attempt: 1, step: 'late-1' })
    if (Array.isArray(opened)) throw new Error(`the release was not opened: ${JSON.stringify(opened)}`)
    const jobs = [{ proofreadId: 'pr-a-es', outputLanguage: 'es-ES' }]
    // The release as this leg first read it: es-ES.mp4 is free.
    expect(opened.nameClash(jobs, workspace)).toBeUndefined()
    // Meanwhile the other leg paid for pr-b-es, published es-ES.mp4 and released its claims.
    github.addAsset(TAG, {
      name: 'es-ES.mp4',
      label: 'Spanish (Spain) · video · proofread pr-b-es · job vt-pr-b-es-0',
      uploader: 'github-actions[bot]',
    })
    const refused = await opened.claim(jobs, workspace)
    await opened.close()
    expect(refused?.map((result) => result.error)).toEqual([
      expect.stringMatching(/already has an asset named es-ES\.mp4, which is not proofread pr-a-es's.*no credits were spent/s),
    ])
    // Nothing paid, and the claims it took are gone: only the other leg's video is on the release.
    expect(heygen.charges).toEqual([])
    expect(github.assets(TAG).map((asset) => asset.name)).toEqual(['es-ES.mp4'])
  })
})
