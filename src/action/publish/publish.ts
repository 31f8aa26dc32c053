// Publishing to a GitHub release: before anything is paid the release is found (a missing one refuses the step),
// the ledger says which proofreads it already holds (they are not generated again), and asset names are checked;
// after each download the files are uploaded, captions and audio first and the video last, so a video asset
// means its proofread is completely published.
import { basename } from 'node:path'
import { ReleaseApi, type ReleaseRef } from '../../github/api.js'
import { assetName, contentTypeOf, type Release, type ReleaseAsset } from '../../github/assets.js'
import { GitHubError, permissionHint } from '../../github/errors.js'
import { isGitHubUploadUrl } from '../../github/origins.js'
import { gitHubVerdict } from '../../github/retry.js'
import { TooLargeForGitHubError, uploadAsset } from '../../github/upload.js'
import { releaseRefFor } from '../../github/which-release.js'
import type { Transport } from '../../transport/http.js'
import { inert } from '../../util/outside-text.js'
import { retrying } from '../../util/retry.js'
import { PRODUCTION_TIMING, type StepTiming } from '../../util/timing.js'
import type { Settings } from '../config/inputs.js'
import { type AssetKind, assetsOf, labelFor, type LedgerKey, publishedAssets, publishedJob, readLabel } from './ledger.js'
import type { Log } from '../runner/log.js'
import { resolveDestination } from '../files/paths.js'
import type { Job } from '../job/proofread.js'
import { type ProofreadResult, resumeHint } from '../report/result.js'
import * as runner from '../runner/runner.js'

export interface ReleaseStep {
  release: Release
  /** The proofreads (or resumed job) the release already holds: their results, `published`, in input order. */
  published: Map<string, ProofreadResult>
  /** The step's settings with only what is still to generate (or resume). */
  pending: Settings
  /** Why two proofreads, or a proofread and an asset already there, would upload one name; undefined when all are free. */
  nameClash(jobs: readonly Job[], workspace: string): string | undefined
  /** Uploads a finished proofread's files; a failure becomes the result's error, with the paid job's resume hint. */
  publish(result: ProofreadResult, log: Log): Promise<ProofreadResult>
}

/** Finds the release and reads its ledger; a refusal (no release, no access) comes back as the step's results. */
export async function openRelease(
  settings: Settings,
  transport: Transport,
  timing: StepTiming = PRODUCTION_TIMING,
): Promise<ReleaseStep | ProofreadResult[]> {
  const options = settings.release
  if (!options) throw new Error('openRelease needs the release input')
  const refuse = (why: string) => notStarted(settings, `${why}. Nothing was generated and no credits were spent.`)
  const ref = releaseRefFor(options.release, await eventFacts())
  if (typeof ref === 'string') return refuse(ref)
  const api = await ReleaseApi.open({
    token: options.token,
    apiUrl: options.apiUrl,
    repository: options.repository,
    timeoutMs: settings.requestTimeoutMs,
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
  if (!isGitHubUploadUrl(release.uploadUrl, options.apiUrl)) {
    return refuse(`GitHub's release answer names an upload URL outside GitHub (${inert(release.uploadUrl, 200)}): the token is not sent there`)
  }
  runner.info(`Publishing to release ${inert(release.tag, 200)} of ${options.repository} (${assets.length} assets there now)`)
  const published = options.republish ? new Map<string, ProofreadResult>() : ledger(settings, assets, release)
  const pending: Settings = {
    ...settings,
    proofreadIds: settings.proofreadIds.filter((id) => !published.has(id)),
    ...(settings.resumeId && published.has(settings.resumeId) ? { resumeId: undefined } : {}),
  }
  return {
    release,
    published,
    pending,
    nameClash: (jobs, workspace) => nameClash(jobs, workspace, settings, assets, release),
    publish: (result, log) => publishResult(result, log, { api, release, settings, transport, timing }),
  }
}

/** The proofreads (or resumed job) whose assets the release holds, as `published` results; logged with what that saved. */
function ledger(settings: Settings, assets: readonly ReleaseAsset[], release: Release): Map<string, ProofreadResult> {
  const published = new Map<string, ProofreadResult>()
  const keys: Array<[string, LedgerKey]> = settings.resumeId
    ? [[settings.resumeId, { videoTranslateId: settings.resumeId }]]
    : settings.proofreadIds.map((id) => [id, { proofreadId: id }])
  for (const [id, key] of keys) {
    const own = publishedAssets(assets, key)
    if (own.length === 0) continue
    const job = publishedJob(own)
    published.set(id, {
      proofread_id: 'proofreadId' in key ? id : '',
      video_translate_id: job,
      status: 'published',
      asset_urls: own.map((asset) => asset.downloadUrl),
    })
    runner.info(
      `Release ${inert(release.tag, 200)} already holds ${'proofreadId' in key ? `proofread ${id}` : `job ${id}`} (job ${inert(job, 200)}): not generated again`,
    )
  }
  if (published.size > 0) {
    const total = settings.resumeId ? 1 : settings.proofreadIds.length
    runner.info(
      `Skipped ${published.size} of ${total} already on the release: ${published.size} HeyGen job${published.size === 1 ? '' : 's'} not paid for. Set \`republish: true\` to generate them again.`,
    )
  }
  return published
}

/** Asset names must be distinct before paying: two proofreads on one name, or a name another asset holds, are refused. */
function nameClash(
  jobs: readonly Job[],
  workspace: string,
  settings: Settings,
  assets: readonly ReleaseAsset[],
  release: Release,
): string | undefined {
  const template = settings.downloadPath
  if (!template) return undefined
  const seen = new Map<string, string>()
  for (const job of jobs) {
    if (!('proofreadId' in job)) continue
    const values = { proofread_id: job.proofreadId, ...(job.outputLanguage ? { output_language: job.outputLanguage } : {}) }
    const baseFor = (id: string) =>
      resolveDestination(template, { ...values, video_translate_id: id }, { workspace, several: settings.proofreadIds.length > 1 }).base
    // Named by the job id: such names are known only after paying, and never meet.
    if (baseFor('a') !== baseFor('b')) continue
    const name = assetName(basename(baseFor('a'))).toLowerCase()
    const other = seen.get(name)
    if (other !== undefined) {
      return `proofreads ${other} and ${job.proofreadId} would upload assets of one name (${name}.*) to release ${release.tag}: add {proofread_id} or {output_language} to download_path's file name`
    }
    seen.set(name, job.proofreadId)
    const taken = assets.find((asset) => asset.name.toLowerCase().startsWith(`${name}.`) && readLabel(asset.label)?.proofreadId !== job.proofreadId)
    if (taken) {
      return `release ${inert(release.tag, 200)} already has an asset named ${inert(taken.name, 200)}, which is not proofread ${job.proofreadId}'s: choose another file name in download_path, or remove that asset`
    }
  }
  return undefined
}

interface Publishing {
  api: ReleaseApi
  release: Release
  settings: Settings
  transport: Transport
  timing: StepTiming
}

interface Upload {
  file: string
  kind: AssetKind
}

async function publishResult(result: ProofreadResult, log: Log, publishing: Publishing): Promise<ProofreadResult> {
  // A proofread that failed, or whose video was not saved, has nothing to publish: its error already says why.
  if (result.error || !result.video_path) return result
  const { settings, release } = publishing
  const files: Upload[] = [
    ...(result.caption_path ? [{ file: result.caption_path, kind: 'captions' as const }] : []),
    ...(result.audio_path ? [{ file: result.audio_path, kind: 'audio' as const }] : []),
    { file: result.video_path, kind: 'video' },
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
    // A republished proofread's older assets under other names (a job id in the name) go once the new video is there.
    const fresh = new Set(uploaded.map((asset) => asset.id))
    for (const old of assetsOf(await publishing.api.listAssets(release.id), key)) {
      if (!fresh.has(old.id)) await publishing.api.deleteAsset(old.id)
    }
  } catch (error) {
    const kept = files.map((f) => f.file).join(', ')
    const paid = `video_translate_id ${result.video_translate_id} is finished and paid for`
    const partial = uploaded.length ? { asset_urls: uploaded.map((asset) => asset.downloadUrl) } : {}
    // Too large for GitHub: trying again cannot help, so no resume block; the file is the user's to place.
    if (error instanceof TooLargeForGitHubError) return { ...result, ...partial, error: `${error.message}; ${paid}` }
    const why = describeRefusal(error, `uploaded to release ${release.tag}`)
    return {
      ...result,
      ...partial,
      error: `${why}. The files stay on disk (${kept}); ${paid}.\n${resumeHint(result.video_translate_id, settings)}\n    release: ${settings.release?.release ?? ''}`,
    }
  }
  log.info(`Published ${uploaded.map((asset) => inert(asset.name, 200)).join(', ')} to release ${inert(release.tag, 200)}`)
  return { ...result, asset_urls: uploaded.map((asset) => asset.downloadUrl) }
}

/**
 * Uploads one file under its name. When the name is taken by a complete asset (republish), the new file goes up
 * under a temporary name first and replaces the old one only once it is complete; a broken leftover is removed.
 */
async function replaceAsset(upload: Upload, label: string, publishing: Publishing, log: Log): Promise<ReleaseAsset> {
  const { api, release } = publishing
  const name = assetName(basename(upload.file))
  const existing = (await api.listAssets(release.id)).find((asset) => asset.name === name)
  if (existing && existing.state !== 'uploaded') await api.deleteAsset(existing.id)
  if (!existing || existing.state !== 'uploaded') return uploadWithRetries(upload, name, label, publishing, log)
  const temporary = assetName(`new-${Date.now().toString(36)}-${name}`)
  const fresh = await uploadWithRetries(upload, temporary, label, publishing, log)
  await api.deleteAsset(existing.id)
  log.info(`Replaced ${inert(name, 200)} on release ${inert(release.tag, 200)}`)
  return api.renameAsset(fresh.id, name, label)
}

/** A 5xx or a broken connection: the broken asset is removed and the upload tried again, a bounded number of times. */
async function uploadWithRetries(upload: Upload, name: string, label: string, publishing: Publishing, log: Log): Promise<ReleaseAsset> {
  const { api, release, settings, transport, timing } = publishing
  const token = settings.release?.token ?? ''
  const request = { uploadUrl: release.uploadUrl, file: upload.file, name, label, contentType: contentTypeOf(upload.file) }
  const attempt = async () => {
    try {
      const started = Date.now()
      const asset = await uploadAsset(request, {
        token,
        dispatcher: transport.dispatcher,
        signal: transport.signal,
        timeoutMs: Math.max(transport.timeoutMs, 60_000),
        userAgent: transport.userAgent,
      })
      log.info(`Uploaded ${inert(asset.name, 200)} (${asset.size} bytes) in ${((Date.now() - started) / 1000).toFixed(3)} s`)
      return asset
    } catch (error) {
      // GitHub may keep a half-uploaded asset under the name: removed, so no broken asset and no second one remain.
      const leftover = (await api.listAssets(release.id).catch(() => [])).find((asset) => asset.name === name)
      if (leftover?.state === 'uploaded' && leftover.label === label) return leftover
      if (leftover) await api.deleteAsset(leftover.id).catch(() => {})
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
function describeRefusal(error: unknown, what: string): string {
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
function notStarted(settings: Settings, error: string): ProofreadResult[] {
  const ids = settings.resumeId ? [''] : settings.proofreadIds
  return ids.map((id) => ({ proofread_id: id, video_translate_id: settings.resumeId ?? '', status: 'not_started', error }))
}

async function eventFacts() {
  const { context } = await import('@actions/github')
  return { eventName: context.eventName, ref: context.ref, payload: context.payload as { release?: { id?: unknown; tag_name?: unknown } } }
}
