// `release: auto`: the release of the event that started the run: a `release` event's own release, or the
// release whose tag is the pushed tag ref. A tag name is looked up as it is.
import type { ReleaseRef } from './api.js'

export interface EventFacts {
  eventName: string
  /** GITHUB_REF, e.g. refs/tags/v1.4.0 */
  ref: string
  payload: { release?: { id?: unknown; tag_name?: unknown } }
}

/** The release to look up, or a sentence saying why `auto` finds none in this run. */
export function releaseRefFor(input: string, event: EventFacts): ReleaseRef | string {
  if (input !== 'auto') return { tag: input }
  const release = event.payload.release
  if (event.eventName === 'release' && typeof release?.id === 'number') return { id: release.id }
  const tag = /^refs\/tags\/(.+)$/.exec(event.ref)?.[1]
  if (tag) return { tag }
  return `\`release: auto\` needs a run started by a release event (on: release: types: [published]) or by a pushed tag; this run is a ${event.eventName || 'run'} on ${event.ref || 'no ref'}: give the tag instead, e.g. \`release: v1.4.0\``
}
