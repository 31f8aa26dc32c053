// What every end-to-end file shares: the story harness (test/helpers/step-harness.ts) with the bundled action run as
// the runner runs it, in a child process. Only what a child process alone proves belongs here (signals, the bundle
// starting, masking before the first line, proxies, a few full stories per area); the rest runs in-process.
import { runAction } from '../../sandbox/run-action.ts'
import { type Harness, type HarnessOptions, useStepHarness } from '../helpers/step-harness.ts'

export { annotations, errorOf, type Harness, type HarnessOptions, PINNED } from '../helpers/step-harness.ts'

/** Registers the file's sandbox hooks; its steps run dist/index.js in a child process. */
export function useSandbox(options: HarnessOptions): Harness {
  return useStepHarness(options, runAction)
}
