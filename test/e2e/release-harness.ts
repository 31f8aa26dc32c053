// The publishing harness (test/helpers/release-harness.ts) with the bundled action in a child process.
import { type ReleaseHarness, useReleaseWith } from '../helpers/release-harness.ts'
import { useSandbox } from './harness.ts'

export type { ReleaseHarness } from '../helpers/release-harness.ts'

export function useRelease(key: string): ReleaseHarness {
  return useReleaseWith(useSandbox, key)
}
