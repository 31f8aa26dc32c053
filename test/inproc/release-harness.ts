// The publishing harness (test/helpers/release-harness.ts) with the step in this process.
import { type ReleaseHarness, useReleaseWith } from '../helpers/release-harness.ts'
import { useSandbox } from './harness.ts'
import type { InProcessOptions } from './run-in-process.ts'

/** `clockRate`: every step of the file on a clock this many times faster (faster-clock.ts). */
export function useRelease(key: string, clockRate?: number): ReleaseHarness<InProcessOptions> {
  return useReleaseWith((options) => useSandbox({ ...options, clockRate }), key)
}
