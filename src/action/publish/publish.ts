// Publishing to a GitHub release: before anything is paid the release is found (a missing one, or one that cannot
// take assets, refuses the step), the ledger says which proofreads it already holds (HeyGen confirms each entry;
// they are not generated again), asset names are checked, and the step claims its proofreads and names
// (claims.ts). After each download the files are uploaded, captions and audio first and the video last, so a video
// asset means its proofread is completely published. The step deletes, renames or replaces only assets it uploaded
// itself, or with `republish` those of a ledger entry HeyGen confirmed; it never touches anyone else's.
import { basename, extname } from 'node:path'
import { ReleaseApi, type ReleaseRef } from '../../github/api.js'
import { assetName, contentTypeOf, type Release, type ReleaseAsset, takesAssets } from '../../github/assets.js'
import { isAlreadyExists } from '../../github/claims.js'
import { GitHubError, permissionHint } from '../../github/errors.js'
import { isGitHubUploadUrl } from '../../github/origins.js'
import { gitHubVerdict } from '../../github/retry.js'
import { TooLargeForGitHubError, type UploadOptions, uploadAsset } from '../../github/upload.js'
import { releaseRefFor } from '../../github/which-release.js'
import type { Transport } from '../../transport/http.js'
import { inert } from '../../util/outside-text.js'
import { retrying } from '../../util/retry.js'
import { PRODUCTION_TIMING, type StepTiming } from '../../util/timing.js'
import type { Config, WorkConfig } from '../config/inputs.js'
import { type Claimant, claimantOf, isClaimAsset, readClaim, ReleaseClaims, type Wanted } from './claims.js'
import { heygenLookupsFor } from './heygen-lookups.js'
import { type AssetKind, entriesFor, labelFor, type LedgerEntry, type LedgerKey, readLabel } from './ledger.js'
import { closedReleaseWords } from './words.js'
import { trustedEntry, type HeyGenLookups } from './verify.js'
import type { Log } from '../runner/log.js'
import type { ApiVersions } from '../job/api-versions.js'
import { destinationBeforePaying } from '../files/paths.js'
import type { Job } from '../job/proofread.js'
import { type ProofreadResult, resumeHint } from '../report/result.js'
import * as runner from '../runner/runner.js'

export interface ReleaseStep {
  release: Release
  /** The proofreads (or resumed job) the release already holds: their results, `published`, in input order. */
  published: Map<string, ProofreadResult>
  /** What is still to generate (or resume): the step's work without what the release already holds. */
  pending: Pick<WorkConfig, 'proofreadIds' | 'resumeId'>
  /** Why two proofreads, or a proofread and an asset already there, would upload one name; undefined when all are free. */
  nameClash(jobs: readonly Job[], workspace: string): string | undefined
  /**
   * Claims the jobs' proofreads and asset names on the release, right before paying: the step's results when another
   * live run holds one (nothing is paid); otherwise undefined, and `published` gains what another run published meanwhile.
   */
  claim(jobs: readonly Job[], workspace: string): Promise<ProofreadResult[] | undefined>
  /** A dry run's claim: what taking the claims now would meet (another live run's), without taking them. */
  wouldClaim(jobs: readonly Job[], workspace: string): Promise<string | undefined>
  /** The asset base names the jobs would publish under, where known before paying (undefined: named by the job id). */
  plannedNames(jobs: readonly Job[], workspace: string): Array<string | undefined>
  /** Uploads a finished proofread's files; a failure becomes the result's error, with the paid job's resume hint. */
  publish(result: ProofreadResult, log: Log): Promise<ProofreadResult>
  /** The step's claims go (a killed step's expire: claims.ts). */
  close(): Promise<void>
}

/** How long after the step's wait_timeout a claim lasts: the uploads after the last render, with room to spare. */
const CLAIM_MARGIN_MS = 30 * 60_000

/** Finds the release and reads its ledger; a refusal (no release, no access, closed) comes back as the step's results. */
export async function openRelease(
  config: Config,
  transport: Transport,
  versions: ApiVersions,
  timing: StepTiming = PRODUCTION_TIMING,
): Promise<ReleaseStep | ProofreadResult[]> {
  return openReleaseWith(config, transport, heygenLookupsFor(versions, config.heygen.apiVersion), undefined, timing)
}

/** openRelease with the HeyGen look-ups given (tests give their own). */
export async function openReleaseWith(
  given: Config,
  transport: Transport,
  heygen: HeyGenLookups,
  claimant: Claimant = claimantOf(process.env, given.work.resumeId),
  timing: StepTiming = PRODUCTION_TIMING,
): Promise<ReleaseStep | ProofreadResult[]> {
  const options = given.publish
  if (!options) throw new Error('openRelease needs the release input')
  const refuse = (why: string) => notStarted(given, `${why}. Nothing was generated and no credits were spent.`)
  const ref = releaseRefFor(options.release, await eventFacts())
  if (typeof ref === 'string') return refuse(ref)
  const api = await ReleaseApi.open({
    token: options.token,
    apiUrl: options.apiUrl,
    repository: options.repository,
    timeoutMs: given.timing.requestTimeoutMs,
    signal: transport.signal,
    onRetry: (message) => runner.warning(`GitHub: ${message}`),
    timing,
  })
  let release: Release
  let assets: ReleaseAsset[]
  try {
    release = await api.findRelease(ref)
    assets = await api.listAssets(release.id)
  } catch (error) {
    return refuse(describeRefusal(error, `looked up ${describeRef(ref)} of ${options.repository}`))
  }
  // A job resumed by its id alone, whose failed upload left its proofread's claim: published as that proofread's.
  const config = withProofreadOfPaidClaim(given, assets)
  if (!isGitHubUploadUrl(release.uploadUrl, options.apiUrl)) {
    return refuse(`GitHub's release answer names an upload URL outside GitHub (${inert(release.uploadUrl, 200)}): the token is not sent there`)
  }
  runner.info(
    `Publishing to ${release.draft ? 'draft ' : ''}release ${inert(release.tag, 200)} of ${options.repository} (${assets.length} assets there now)`,
  )
  const replaceable = new Set<number>()
  let published: Map<string, ProofreadResult>
  try {
    published = await ledger(config, assets, release, heygen, options.republish ? replaceable : undefined)
  } catch (error) {
    return refuse(`HeyGen could not be asked whether the release's ledger entries are real (${(error as Error).message})`)
  }
  const pending = {
    proofreadIds: config.work.proofreadIds.filter((id) => !published.has(id)),
    ...(config.work.resumeId && !published.has(config.work.resumeId) ? { resumeId: config.work.resumeId } : {}),
  }
  // An immutable release takes no asset once published: with anything left to upload, paying would only fail then.
  if (!takesAssets(release) && (pending.proofreadIds.length > 0 || pending.resumeId)) {
    return refuse(closedReleaseWords(release, options.repository))
  }
  const upload: UploadOptions = {
    token: options.token,
    apiUrl: options.apiUrl,
    dispatcher: transport.dispatcher,
    signal: transport.signal,
    timeoutMs: Math.max(transport.timeoutMs, 60_000),
    userAgent: transport.userAgent,
  }
  const claims = new ReleaseClaims(api, release, upload, claimant, config.timing.waitTimeoutMs + CLAIM_MARGIN_MS)
  const publishing: Publishing = { api, release, config, transport, timing, upload, mine: new Set(), replaceable, nonce: claims.claimant.step }
  return {
    release,
    published,
    pending,
    nameClash: (jobs, workspace) => nameClash(jobs, workspace, config, assets, release, replaceable),
    claim: (jobs, workspace) => claimJobs(jobs, workspace, { config, api, release, claims, heygen, published, replaceable }),
    wouldClaim: async (jobs, workspace) => claims.check(wantedFor(jobs, workspace, config), await api.listAssets(release.id)),
    plannedNames: (jobs, workspace) => jobs.map((job) => ('proofreadId' in job ? plannedBase(job, workspace, config) : undefined)),
    publish: async (result, log) => {
      const owner = ownerOf(result, config)
      const outcome = await publishResult(result, log, publishing)
      // Paid for but not published: the payment claim stays, naming the job, so no other run pays for it again.
      if (outcome.error && !result.error && result.video_translate_id) await claims.keepPaid(owner, result.video_translate_id)
      // Published or failed: either way this step no longer holds the proofread back from others.
      await claims.releaseFor(owner)
      // A paid job resumed by its id alone: the proofread's claim its failed upload left goes too.
      if (!outcome.error && config.work.resumeId && !config.work.resumeProofreadId) await claims.clearPaid(config.work.resumeId).catch(() => {})
      return outcome
    },
    close: () => claims.releaseAll(),
  }
}

/** The config of a job resumed without proofread_id, given the proofread a claim naming it as paid belongs to (a new value: the step's own is never written). */
function withProofreadOfPaidClaim(config: Config, assets: readonly ReleaseAsset[]): Config {
  if (!config.work.resumeId || config.work.resumeProofreadId) return config
  for (const asset of assets) {
    const claim = isClaimAsset(asset) ? readClaim(asset.label) : undefined
    if (claim?.paidJob === config.work.resumeId && 'proofreadId' in claim.owner)
      return { ...config, work: { ...config.work, resumeProofreadId: claim.owner.proofreadId } }
  }
  return config
}

const ownerOf = (result: ProofreadResult, config: Config): Wanted['owner'] => {
  const proofreadId = result.proofread_id || config.work.resumeProofreadId
  return proofreadId ? { proofreadId } : { videoTranslateId: result.video_translate_id }
}

/**
 * The proofreads (or resumed job) whose assets the release holds and HeyGen confirms, as `published` results. With
 * `replaceable` (republish) nothing counts as published, and the assets of every confirmed entry may be replaced.
 */
async function ledger(
  config: Config,
  assets: readonly ReleaseAsset[],
  release: Release,
  heygen: HeyGenLookups,
  replaceable: Set<number> | undefined,
): Promise<Map<string, ProofreadResult>> {
  const published = new Map<string, ProofreadResult>()
  const keys: Array<[string, LedgerKey]> = config.work.resumeId
    ? [[config.work.resumeId, resumeKey(config.work.resumeId, config)]]
    : config.work.proofreadIds.map((id) => [id, { proofreadId: id }])
  for (const [id, key] of keys) {
    const entries = entriesFor(assets, key)
    if (entries.length === 0) continue
    if (replaceable) {
      // Republish replaces only what HeyGen confirms is this proofread's: a forged label is left alone.
      for (const entry of entries) {
        const { entry: trusted } = await trustedEntry([entry], key, heygen)
        for (const asset of trusted?.assets ?? []) replaceable.add(asset.id)
      }
      continue
    }
    const { entry, distrusted } = await trustedEntry(entries, key, heygen)
    for (const other of distrusted) {
      const names = other.entry.assets.map((asset) => inert(asset.name, 200)).join(', ')
      runner.warning(
        `Release ${inert(release.tag, 200)}: ${names} ${other.entry.assets.length === 1 ? 'is' : 'are'} labelled as ${describeKey(key)}'s, but ${other.why}: not trusted, and left as it is`,
      )
    }
    if (!entry) continue
    published.set(id, publishedResult(key, entry.videoTranslateId, entry.assets))
    runner.info(
      `Release ${inert(release.tag, 200)} already holds ${describeKey(key)} (job ${inert(entry.videoTranslateId, 200)}, confirmed by HeyGen): not generated again`,
    )
  }
  if (published.size > 0) {
    const total = config.work.resumeId ? 1 : config.work.proofreadIds.length
    runner.info(
      `Skipped ${published.size} of ${total} already on the release: ${published.size} HeyGen job${published.size === 1 ? '' : 's'} not paid for. Set \`republish: true\` to generate them again.`,
    )
  }
  return published
}

function publishedResult(key: LedgerKey, job: string, assets: readonly ReleaseAsset[]): ProofreadResult {
  return {
    proofread_id: 'proofreadId' in key ? key.proofreadId : '',
    video_translate_id: job,
    status: 'published',
    asset_urls: assets.map((asset) => asset.downloadUrl),
  }
}

/** A resumed job's ledger key: its proofread's when the recovery block names it, else the job's own. */
const resumeKey = (resumeId: string, config: Config): LedgerKey =>
  config.work.resumeProofreadId ? { proofreadId: config.work.resumeProofreadId } : { videoTranslateId: resumeId }

const describeKey = (key: LedgerKey) => ('proofreadId' in key ? `proofread ${key.proofreadId}` : `job ${key.videoTranslateId}`)

/** The asset base name a proofread's files will have, when it is known before paying (no job id in it). */
function plannedBase(job: { proofreadId: string; outputLanguage?: string }, workspace: string, config: Config): string | undefined {
  const template = config.files.downloadPath
  if (!template) return undefined
  const destination = destinationBeforePaying(template, job, { workspace, several: config.work.proofreadIds.length > 1 })
  // Named by the job id: such names are known only after paying, and never meet.
  return destination ? assetName(basename(destination.base)).toLowerCase() : undefined
}

/** Asset names must be distinct before paying: two proofreads on one name, or a name another asset holds, are refused. */
function nameClash(
  jobs: readonly Job[],
  workspace: string,
  config: Config,
  assets: readonly ReleaseAsset[],
  release: Release,
  replaceable: ReadonlySet<number>,
): string | undefined {
  const seen = new Map<string, string>()
  for (const job of jobs) {
    if (!('proofreadId' in job)) continue
    const name = plannedBase(job, workspace, config)
    if (name === undefined) continue
    const other = seen.get(name)
    if (other !== undefined) {
      return `proofreads ${other} and ${job.proofreadId} would upload assets of one name (${name}.*) to release ${release.tag}: add {proofread_id} or {output_language} to download_path's file name`
    }
    seen.set(name, job.proofreadId)
    // The step may replace only a confirmed entry's asset (republish); any other one of the name would stop the
    // upload after paying, so it refuses now. Claims (heygen-claim-*) never share a name with a file.
    const taken = assets.find((asset) => asset.name.toLowerCase().startsWith(`${name}.`) && !replaceable.has(asset.id))
    if (taken && readLabel(taken.label)?.proofreadId === job.proofreadId) {
      return `release ${inert(release.tag, 200)} has an asset named ${inert(taken.name, 200)} labelled as proofread ${job.proofreadId}'s, but HeyGen does not confirm that entry (see the warning above), and the step never deletes what it cannot confirm as its own: remove that asset, or choose another file name in download_path`
    }
    if (taken) {
      return `release ${inert(release.tag, 200)} already has an asset named ${inert(taken.name, 200)}, which is not proofread ${job.proofreadId}'s: choose another file name in download_path, or remove that asset`
    }
  }
  return undefined
}

interface Claiming {
  config: Config
  api: ReleaseApi
  release: Release
  claims: ReleaseClaims
  heygen: HeyGenLookups
  published: Map<string, ProofreadResult>
  /** Assets a republish may replace (its confirmed entries'): no clash with those. */
  replaceable: ReadonlySet<number>
}

/** What the step claims for its jobs: each proofread (or resumed job), and each asset name known before paying. */
export function wantedFor(jobs: readonly Job[], workspace: string, config: Config): Wanted[] {
  return jobs.flatMap((job): Wanted[] => {
    if (!('proofreadId' in job)) return [{ owner: resumeKey(job.resumeId, config), what: { kind: 'payment' } }]
    const owner = { proofreadId: job.proofreadId }
    const base = plannedBase(job, workspace, config)
    return [{ owner, what: { kind: 'payment' } }, ...(base ? [{ owner, what: { kind: 'name' as const, base } }] : [])]
  })
}

async function claimJobs(jobs: readonly Job[], workspace: string, claiming: Claiming): Promise<ProofreadResult[] | undefined> {
  const { config, api, release, claims, heygen, published, replaceable } = claiming
  const refused = (error: string) =>
    jobs.map((job) => ({
      proofread_id: 'proofreadId' in job ? job.proofreadId : '',
      video_translate_id: 'resumeId' in job ? job.resumeId : '',
      status: 'not_started',
      error: `${error}. Nothing was generated and no credits were spent.`,
    }))
  try {
    const refusal = await claims.take(wantedFor(jobs, workspace, config))
    if (refusal) return refused(refusal)
    // Claimed: whatever another run published between the ledger's first read and now is found, and not paid again.
    const assets = await api.listAssets(release.id)
    const found: Array<{ job: Job; key: LedgerKey; entry: LedgerEntry }> = []
    for (const job of config.publish?.republish ? [] : jobs) {
      const key: LedgerKey = 'proofreadId' in job ? { proofreadId: job.proofreadId } : resumeKey(job.resumeId, config)
      const { entry } = await trustedEntry(entriesFor(assets, key), key, heygen)
      if (entry) found.push({ job, key, entry })
    }
    // A claim frees its name once that run has published: a file another proofread published there meanwhile would
    // stop this upload after paying, so the names are checked again now that this step holds them.
    const clash = nameClash(
      jobs.filter((job) => !found.some((done) => done.job === job)),
      workspace,
      config,
      assets,
      release,
      replaceable,
    )
    if (clash) {
      await claims.releaseAll()
      return refused(clash)
    }
    for (const { job, key, entry } of found) {
      const id = 'proofreadId' in job ? job.proofreadId : job.resumeId
      published.set(id, publishedResult(key, entry.videoTranslateId, entry.assets))
      runner.info(
        `Release ${inert(release.tag, 200)} now holds ${describeKey(key)} (job ${inert(entry.videoTranslateId, 200)}), published by another run meanwhile: not generated again`,
      )
      await claims.releaseFor(key)
    }
    return undefined
  } catch (error) {
    await claims.releaseAll()
    return refused(describeRefusal(error, `claimed the step's proofreads on release ${release.tag}`))
  }
}

interface Publishing {
  api: ReleaseApi
  release: Release
  config: Config
  transport: Transport
  timing: StepTiming
  upload: UploadOptions
  /** The assets this step uploaded: the only ones (besides `replaceable`) it may rename, replace or delete. */
  mine: Set<number>
  /** With republish: the assets of ledger entries HeyGen confirmed as the proofreads' own. */
  replaceable: Set<number>
  /** This step's random id: temporary names never meet another step's. */
  nonce: string
}

interface Upload {
  file: string
  kind: AssetKind
}

/** An asset of the name is there and is not this step's to replace: left as it is. */
class NotOursError extends Error {
  constructor(name: string, tag: string) {
    super(
      `release ${inert(tag, 200)} has an asset named ${inert(name, 200)} that this step did not upload (another leg, run or person put it there): it was left as it is, and this proofread's file was not published under that name`,
    )
    this.name = 'NotOursError'
  }
}

async function publishResult(given: ProofreadResult, log: Log, publishing: Publishing): Promise<ProofreadResult> {
  const { config, release, api } = publishing
  // A resumed job named by its recovery block's proofread id is published as that proofread's entry.
  const result = !given.proofread_id && config.work.resumeProofreadId ? { ...given, proofread_id: config.work.resumeProofreadId } : given
  // A proofread that failed, or whose video was not saved, has nothing to publish: its error already says why.
  // An audio-only job without a video (translate_audio_only) publishes its audio, last, as the entry's end.
  const audioOnly = !result.video_path && result.audio_only === true && result.audio_path !== undefined
  if (result.error || !(result.video_path || audioOnly)) return result
  const files: Upload[] = [
    ...(result.caption_path ? [{ file: result.caption_path, kind: 'captions' as const }] : []),
    ...(result.audio_path && !audioOnly ? [{ file: result.audio_path, kind: 'audio' as const }] : []),
    ...(result.video_path ? [{ file: result.video_path, kind: 'video' as const }] : []),
    ...(audioOnly && result.audio_path ? [{ file: result.audio_path, kind: 'audio only' as const }] : []),
  ]
  const key: LedgerKey = result.proofread_id ? { proofreadId: result.proofread_id } : { videoTranslateId: result.video_translate_id }
  const uploaded: ReleaseAsset[] = []
  try {
    for (const upload of files) {
      const label = labelFor({
        kind: upload.kind,
        ...(result.output_language ? { language: result.output_language } : {}),
        ...(result.proofread_id ? { proofreadId: result.proofread_id } : {}),
        videoTranslateId: result.video_translate_id,
      })
      uploaded.push(await replaceAsset(upload, label, publishing, log))
    }
    // A republished proofread's older assets under other names (a job id in the name) go once the new video is
    // there: only those of entries HeyGen confirmed as its own.
    const fresh = new Set(uploaded.map((asset) => asset.id))
    for (const old of entriesFor(await api.listAssets(release.id), key).flatMap((entry) => entry.assets)) {
      if (!fresh.has(old.id) && publishing.replaceable.has(old.id)) await api.deleteAsset(old.id)
    }
  } catch (error) {
    const kept = files.map((f) => f.file).join(', ')
    const paid = `video_translate_id ${result.video_translate_id} is finished and paid for`
    const partial = uploaded.length ? { asset_urls: uploaded.map((asset) => asset.downloadUrl) } : {}
    // Too large for GitHub: trying again cannot help, so no resume block; the file is the user's to place.
    if (error instanceof TooLargeForGitHubError) return { ...result, ...partial, error: `${error.message}; ${paid}` }
    const why = error instanceof NotOursError ? error.message : describeRefusal(error, `uploaded to release ${release.tag}`)
    return {
      ...result,
      ...partial,
      error: `${why}. The files stay on disk (${kept}); ${paid}.\n${recoveryBlock(result, config)}`,
    }
  }
  log.info(`Published ${uploaded.map((asset) => inert(asset.name, 200)).join(', ')} to release ${inert(release.tag, 200)}`)
  return { ...result, asset_urls: uploaded.map((asset) => asset.downloadUrl) }
}

/** The resume block of a paid job whose upload failed: it resumes into the same release, as the same proofread. */
export function recoveryBlock(result: Pick<ProofreadResult, 'proofread_id' | 'video_translate_id'>, config: Config): string {
  return [
    resumeHint(result.video_translate_id, config),
    `    release: ${config.publish?.release ?? ''}`,
    // The proofread id makes the resumed job's assets its ledger entry: a later run for the proofread finds them.
    ...(result.proofread_id ? [`    proofread_id: ${result.proofread_id}`] : []),
  ].join('\n')
}

/**
 * Uploads one file under its name. A name that is free is uploaded onto (a 422 means someone else took it meanwhile:
 * left as it is). A name this step may replace (its own upload, or with republish a confirmed entry's) is replaced
 * without a gap: the new file goes up under a temporary name, the old one is renamed aside, the new one renamed to
 * the name, and only then is the old one deleted; at every moment the release holds the old file or the new one.
 */
async function replaceAsset(upload: Upload, label: string, publishing: Publishing, log: Log): Promise<ReleaseAsset> {
  const { api, release, mine, replaceable, nonce } = publishing
  const name = assetName(basename(upload.file))
  const existing = (await api.listAssets(release.id)).find((asset) => asset.name === name)
  if (!existing) return uploadWithRetries(upload, name, label, publishing, log)
  if (!mine.has(existing.id) && !replaceable.has(existing.id)) {
    // The same job's complete file (a resumed step after one whose answer was lost): already published.
    if (existing.state === 'uploaded' && existing.label === label) return existing
    throw new NotOursError(name, release.tag)
  }
  if (existing.state !== 'uploaded') {
    await api.deleteAsset(existing.id)
    return uploadWithRetries(upload, name, label, publishing, log)
  }
  const extension = extname(name)
  const aside = (word: string) => assetName(`${name.slice(0, name.length - extension.length)}.${word}-${nonce}${extension}`)
  const fresh = await uploadWithRetries(upload, aside('new'), label, publishing, log)
  await api.renameAsset(existing.id, aside('old'), existing.label)
  try {
    const renamed = await api.renameAsset(fresh.id, name, label)
    mine.add(renamed.id)
    await api.deleteAsset(existing.id)
    log.info(`Replaced ${inert(name, 200)} on release ${inert(release.tag, 200)}`)
    return renamed
  } catch (error) {
    // Someone took the name in the moment it was free: both files stay (the old one under its aside name).
    if (isAlreadyExists(error)) throw new NotOursError(name, release.tag)
    throw error
  }
}

/** A 5xx or a broken connection: this step's broken asset is removed and the upload tried again, a bounded number of times. */
async function uploadWithRetries(upload: Upload, name: string, label: string, publishing: Publishing, log: Log): Promise<ReleaseAsset> {
  const { api, release, transport, mine, timing } = publishing
  const request = { uploadUrl: release.uploadUrl, file: upload.file, name, label, contentType: contentTypeOf(upload.file) }
  const attempt = async () => {
    try {
      const started = Date.now()
      const asset = await uploadAsset(request, publishing.upload)
      mine.add(asset.id)
      log.info(`Uploaded ${inert(asset.name, 200)} (${asset.size} bytes) in ${((Date.now() - started) / 1000).toFixed(3)} s`)
      return asset
    } catch (error) {
      // What GitHub kept under the name: this step's (its label names this very job) is kept when complete and
      // removed when broken; anyone else's is never touched.
      const leftover = (await api.listAssets(release.id).catch(() => [])).find((asset) => asset.name === name)
      if (leftover && leftover.label === label) {
        mine.add(leftover.id)
        if (leftover.state === 'uploaded') return leftover
        await api.deleteAsset(leftover.id).catch(() => {})
      } else if (leftover || isAlreadyExists(error)) {
        throw new NotOursError(name, release.tag)
      }
      throw error
    }
  }
  return retrying(attempt, {
    maxAttempts: timing.githubAttempts,
    timing,
    classify: (error) => gitHubVerdict(error, transport.signal),
    // An upload's retries wait a second more each time.
    backoff: (failures) => timing.githubBackoffBaseMs * failures,
    signal: transport.signal,
    onRetry: (error, delay) =>
      log.warning(
        `The upload of ${name} failed (${(error as Error).message}); removed what GitHub kept of it, trying again in ${(delay / 1000).toFixed(1)} s`,
      ),
  })
}

/** A GitHub failure in the user's words, naming the permission or release that is missing. */
export function describeRefusal(error: unknown, what: string): string {
  if (error instanceof GitHubError && [401, 403, 404].includes(error.status) && !error.retryable) {
    return `${permissionHint(error.status, what)} (GitHub said: ${error.message})`
  }
  const message = error instanceof Error ? error.message : String(error)
  return `GitHub failed while it ${what}: ${message}`
}

function describeRef(ref: ReleaseRef): string {
  return 'tag' in ref ? `the release with tag ${ref.tag}` : `release ${ref.id} (the release event's)`
}

/** The step's proofreads as results of a step that was refused before any HeyGen call. */
function notStarted(config: Config, error: string): ProofreadResult[] {
  const ids = config.work.resumeId ? [''] : config.work.proofreadIds
  return ids.map((id) => ({ proofread_id: id, video_translate_id: config.work.resumeId ?? '', status: 'not_started', error }))
}

async function eventFacts() {
  const { context } = await import('@actions/github')
  return { eventName: context.eventName, ref: context.ref, payload: context.payload as { release?: { id?: unknown; tag_name?: unknown } } }
}
