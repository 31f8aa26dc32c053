// The action: read inputs, generate (and wait, download) each proofread, report. `run()` is called by
// index.ts on the runner and by @github/local-action on a laptop; nothing runs at import time.
import { translateAll } from './action/step/batch.js'
import { printableConfig } from './action/config/printable.js'
import { dryRun } from './action/step/dry-run.js'
import { getConfig, readApiKey, readGitHubToken, type Config } from './action/config/inputs.js'
import { failureMessage, setOutputs, writeSummary } from './action/report/report.js'
import { readRunContext } from './action/runner/run-context.js'
import { capped, forOutputs, MAX_FAILURE_CHARS } from './action/report/safe-values.js'
import * as runner from './action/runner/runner.js'
import { Spending, spendingLine } from './action/report/spending.js'
import { StepRun } from './action/step/step-run.js'
import { type StepTiming, stepTiming } from './util/timing.js'
import { checkBeforeRequests, type EarlyChecks } from './action/config/before-requests.js'
import { watchBalance } from './action/step/balance.js'

/** What a caller may inject: a test passes milliseconds for the step's waits and runs it in-process. */
export interface RunOptions {
  /** Overrides of the step's time constants (retry floor, backoff, deadline grace...); production's otherwise. */
  timing?: Partial<StepTiming>
}

export async function run(options: RunOptions = {}): Promise<void> {
  // Masked before anything else can print, including an error about the key itself.
  const apiKey = readApiKey()
  runner.setSecret(apiKey)
  // The GitHub token too, like the key: before anything can print.
  runner.setSecret(readGitHubToken())
  // The step's lifecycle (cancel, deadline, early outputs, partial files, notes, report claim): one per run.
  const step = new StepRun(stepTiming(options.timing))
  // From here on, even a throw no code of ours can catch still reports every paid job and removes partial files.
  step.watchForCrashes()
  try {
    await runSteps(apiKey, step)
    // A crash's report may still be writing (the normal path stopped on its abort): it ends the process itself.
    await step.lastWordsSaid()
  } finally {
    step.close()
  }
}

async function runSteps(apiKey: string, step: StepRun): Promise<void> {
  const started = Date.now()
  let config: Config
  let early: EarlyChecks
  try {
    config = getConfig(apiKey, step.timing.requestTimeoutFloorMs)
    early = checkBeforeRequests(config)
  } catch (error) {
    runner.setFailed((error as Error).message)
    return
  }
  runner.debug(`Settings: ${JSON.stringify(printableConfig(config))}`)
  // True once this path holds the report: a failure while reporting is then still this path's to say.
  let reporting = false
  try {
    // Only a v3 key and the summary's run link need it: a v2 step loads it after the paid call.
    const context = config.heygen.apiVersion !== 'v2' ? await readRunContext() : undefined
    const spending = new Spending()
    // The account's balance before paying: below min_balance (or at a usage cap) nothing is sent that costs.
    const balance = await watchBalance(config, early.minBalance)
    if (balance.refusal) return void (step.claimReport() && runner.setFailed(balance.refusal))
    const results = config.work.dryRun ? await dryRun(config, context, step) : await translateAll(config, context, step, spending)
    // The last words (a crash no code of ours caught) may have reported the step already: one report, one failure.
    if (!step.claimReport()) return
    reporting = true
    // What leaves the action is data: one line per value, bounded in size, links and ids only when usable.
    const shown = results.map(forOutputs)
    setOutputs(shown)
    const spent = spendingLine(shown, spending, config.work.dryRun)
    runner.info(spent)
    // After the last job ends: the balance change, in the log, the `spent` output and the summary.
    const cost = await balance.settle()
    await writeSummary(shown, config, Date.now() - started, context ?? (await readRunContext()), cost ? `${spent} ${cost}` : spent, step.notes)
    const failure = failureMessage(shown)
    if (failure) runner.setFailed(capped(failure, MAX_FAILURE_CHARS))
  } catch (error) {
    if (reporting || step.claimReport()) runner.setFailed(`Unexpected failure: ${(error as Error).message}`)
  }
}
