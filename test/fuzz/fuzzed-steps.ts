// What the step-level input fuzz files share: a fuzzed value must not pick one of the sandbox's scripted answers by
// accident, must survive the runner's environment, and the generate routes it should reach.
import { rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll } from 'vitest'
import { type Sandbox, startSandbox } from '../../sandbox/heygen-sandbox.ts'
import { hasToken, limitToken, numberToken, statusToken } from '../../sandbox/tokens.ts'
import { passableByRunner, throughEnv } from './arbitraries.ts'

/** Sandbox tokens would pick a scripted answer; an arbitrary id must not carry one by accident. */
export function carriesToken(id: string): boolean {
  const words = ['html-502', 'malformed', 'ok-error', 'no-id', 'hang', 'reset', 'redirect', 'render-fails', 'never-finishes', 'unknown-status']
  const more = ['flap', 'no-captions', 'truncate', 'expire-once', 'slow-download', 'shape-string', 'shape-top']
  return (
    [...words, ...more].some((word) => hasToken(id, word)) ||
    statusToken(id) !== undefined ||
    limitToken(id) !== undefined ||
    ['flaky', 'slow', 'poll-503', 'size'].some((name) => numberToken(id, name) !== undefined)
  )
}

/** The values of `arbitrary` as the action reads them back from its environment, when the runner can pass them at all. */
export const passable = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> => arbitrary.map(throughEnv).filter(passableByRunner)

export function v2Generate(id: string): string {
  return `/v2/video_translate/proofread/${encodeURIComponent(id)}/generate`
}
export function v3Generate(id: string): string {
  return `/v3/video-translations/proofreads/${encodeURIComponent(id)}/generate`
}

/** The world of one describe block: a sandbox that knows any proofread id, and a temporary root for the runs' workspaces. */
export function useFuzzWorld(): { readonly sandbox: Sandbox; readonly root: string } {
  const world = {} as { sandbox: Sandbox; root: string }
  beforeAll(async () => {
    // Any id the fuzzer makes is a known proofread: these properties are about how ids are checked and encoded.
    world.sandbox = await startSandbox({ pendingPolls: 1, runningPolls: 1, anyProofread: true })
    world.root = await mkdtemp(nodePath.join(tmpdir(), 'heygen-fuzz-'))
  })
  afterAll(async () => {
    await world.sandbox?.close()
    if (world.root) rmSync(world.root, { recursive: true, force: true })
  })
  return world
}
