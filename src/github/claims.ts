// An atomic claim on a release, built on the one thing GitHub guarantees to concurrent writers: asset names are
// unique per release, so of several uploads of one name exactly one is answered 201 and the others 422
// `already_exists`. A claim is a few bytes uploaded under an agreed name; whoever's upload lands holds it.
import { PRODUCTION_TIMING } from '../util/timing.js'
import type { ReleaseApi } from './api.js'
import type { Release, ReleaseAsset } from './assets.js'
import { GitHubError } from './errors.js'
import { type UploadOptions, uploadBytes } from './upload.js'

export interface ClaimRequest {
  name: string
  label: string
  bytes: Buffer
}

/**
 * What to do with a claim another writer holds: nothing (`keep`: it holds), `delete` it and race for the name again
 * (a claim of a run that died), or `adopt` it by relabelling it in place (the name is never free for a moment).
 */
export type Takeover = 'keep' | 'delete' | { adopt: string }

/** `placed`: the asset is ours; `taken`: another writer's asset holds the name (and is not stale). */
export type Placement = { placed: ReleaseAsset } | { taken: ReleaseAsset }

/** GitHub's answer to an upload or a rename onto a name the release already has. */
export function isAlreadyExists(error: unknown): boolean {
  return error instanceof GitHubError && error.status === 422 && /already_exists/.test(error.message)
}

/**
 * Uploads the claim asset. On 422 the holder is read and `takeover` decides: a live one is answered as `taken`; a
 * stale one is deleted by its id and the upload tried again, or adopted (relabelled as ours where it stands). When no answer came (a timeout,
 * a reset, a 5xx), the listing says whether the claim landed: ours (same label) is kept, a broken one removed.
 */
export async function placeClaim(
  api: ReleaseApi,
  release: Release,
  claim: ClaimRequest,
  options: UploadOptions,
  takeover: (holder: ReleaseAsset) => Takeover,
): Promise<Placement> {
  let failure: unknown
  for (let attempt = 1; attempt <= PRODUCTION_TIMING.githubAttempts + 1; attempt++) {
    try {
      return {
        placed: await uploadBytes(
          { uploadUrl: release.uploadUrl, name: claim.name, label: claim.label, contentType: 'application/json', bytes: claim.bytes },
          options,
        ),
      }
    } catch (error) {
      failure = error
      const unanswered = error instanceof GitHubError && error.retryable
      if (!unanswered && !isAlreadyExists(error)) throw error
      const holder = (await api.listAssets(release.id)).find((asset) => asset.name === claim.name)
      if (!holder) continue
      // Our own upload whose answer was lost: it is the claim, once complete; half of one is removed and sent again.
      if (holder.label === claim.label) {
        if (holder.state === 'uploaded') return { placed: holder }
        await api.deleteAsset(holder.id)
        continue
      }
      const decision = takeover(holder)
      if (decision === 'keep') return { taken: holder }
      // A stale claim is taken over: deleted by its id (404 if another writer got there first), then raced for again.
      if (decision === 'delete') await api.deleteAsset(holder.id)
      else {
        try {
          return { placed: await api.renameAsset(holder.id, holder.name, decision.adopt) }
        } catch (error) {
          // Gone meanwhile: raced for again.
          if (!(error instanceof GitHubError && error.status === 404)) throw error
        }
      }
    }
  }
  throw failure instanceof Error ? failure : new Error(String(failure))
}
