// The publishing harness (test/helpers/release-harness.ts) with the step in this process.
import { type ReleaseHarness, useReleaseWith } from '../helpers/release-harness.ts'
import { useSandbox } from './harness.ts'
import type { InProcessOptions } from './run-in-process.ts'

export function useRelease(key: string): ReleaseHarness<InProcessOptions> {
  return useReleaseWith(useSandbox, key)
}
