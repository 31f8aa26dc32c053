// What the step says when a release cannot take assets, with the flow that works: a draft first, published last.
import type { Release } from '../../github/assets.js'
import { inert } from '../../util/outside-text.js'

export function closedReleaseWords(release: Release, repository: string): string {
  return [
    `release ${inert(release.tag, 200)} of ${repository} is immutable and already published: GitHub refuses every new, changed or deleted asset on it, so the videos could not be uploaded after paying for them`,
    'Publish into a draft instead: create the release as a draft (e.g. `gh release create v1.4.0 --draft`), run this action with `release: v1.4.0` (it finds the draft by listing releases), then publish the release (`gh release edit v1.4.0 --draft=false`): see docs/publishing.md',
  ].join('. ')
}
