// What every in-process story file shares: the story harness (test/helpers/step-harness.ts) with the step run in this
// process by run-in-process.ts, on the step's shrunk timing (milliseconds where production waits seconds), against
// the sandbox on loopback. The same names as test/e2e/harness.ts, so a story reads the same in either folder.
import { type Harness, type HarnessOptions, useStepHarness } from '../helpers/step-harness.ts'
import { type InProcessOptions, runInProcess, type StepTiming } from './run-in-process.ts'
import { FAST } from './timing.ts'

export { annotations, errorOf, type HarnessOptions, PINNED } from '../helpers/step-harness.ts'

export type InProcessHarness = Harness<InProcessOptions>

export interface InProcessHarnessOptions extends HarnessOptions {
  /** The file's timing over FAST (timing.ts); a test may still pass its own, or `'production'`. */
  timing?: StepTiming
  /** Every step of the file on a clock this many times faster (faster-clock.ts), unless a test passes its own. */
  clockRate?: number
}

/** Registers the file's sandbox hooks; its steps run src/main.ts's run() in this process. */
export function useSandbox(options: InProcessHarnessOptions): InProcessHarness {
  const timing = { ...FAST, ...options.timing }
  return useStepHarness(options, (runOptions: InProcessOptions) => runInProcess({ clockRate: options.clockRate, ...runOptions }, timing))
}
