// Every proofread of the step: plan first (the publisher's ledger, the free preflight, the names: nothing is paid
// unless all are ready), then at most max_concurrency jobs at once on one session; one failure never stops the others.
import { proxyFor } from '../../transport/proxy.js'
import { formatElapsed } from '../../util/format.js'
import type { Config } from '../config/inputs.js'
import { openPublisher } from '../publish/open-publisher.js'
import type { Publisher } from '../publish/publisher.js'
import { withoutRepeatedHint } from '../report/cancel.js'
import { notStarted, type ProofreadResult } from '../report/result.js'
import type { Spending } from '../report/spending.js'
import { prefixedLog } from '../runner/log.js'
import type { RunContext } from '../runner/run-context.js'
import * as runner from '../runner/runner.js'
import { mapWithConcurrency, type Place } from '../../util/concurrency.js'
import { FileClaims } from '../files/paths.js'
import { buildPlan, entriesOf, type PlannedJob } from '../plan/plan.js'
import { translateProofread } from '../job/proofread.js'
import { openSession, type Session } from '../job/session.js'
import type { StepRun } from './step-run.js'

export { StepDeadlineError } from './step-run.js'

export async function translateAll(config: Config, run: RunContext | undefined, step: StepRun, spending?: Spending): Promise<ProofreadResult[]> {
  step.track(config, run, entriesOf(config))
  step.handleSignals(config)
  const session = openSession(config, step.signal, { spending, runAttempt: run?.runAttempt, timing: step.timing, notes: step })
  step.armDeadline(session.pause.timeLeft(), config.timing.waitTimeoutMs)
  let publisher: Publisher | undefined
  try {
    const proxy = proxyFor(config.heygen.baseUrl)
    if (proxy) runner.info(`Calling HeyGen through the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`)
    // The release is found and its ledger read before any HeyGen call: a refusal there spends nothing.
    const opened = await openPublisher(config, session.transport, session.versions, step.timing)
    if (Array.isArray(opened)) return opened
    publisher = opened
    const plan = await buildPlan(config, session, publisher)
    if (plan.kind === 'refused') return plan.results
    // Claim before paying (publish/claims.ts): refused when another live run holds a proofread or a name.
    const refusedByClaim = await publisher?.claim(
      plan.jobs.map((planned) => planned.job),
      plan.workspace,
    )
    if (refusedByClaim) return plan.inInputOrder(refusedByClaim)
    // Another run may have published some meanwhile: those are not paid again.
    const jobs = plan.jobs.filter((planned) => !publisher?.published.has(planned.label))
    const claims = new FileClaims()
    const job = (planned: PlannedJob, _index: number, place: Place) =>
      runJob(planned, { config, run, step, session, publisher, claims, workspace: plan.workspace, several: plan.several, place })
    const results = await mapWithConcurrency(jobs, config.work.maxConcurrency, job)
    // The cancel warning printed each resume block once: the errors point there.
    const report = step.cancelReport
    return plan.inInputOrder(report ? results.map((result) => withoutRepeatedHint(result, report, config)) : results)
  } finally {
    step.endWork()
    await publisher?.close()
    await session.close()
  }
}

interface JobScene {
  config: Config
  run: RunContext | undefined
  step: StepRun
  session: Session
  publisher: Publisher | undefined
  claims: FileClaims
  workspace: string
  several: boolean
  /** Its max_concurrency place: lent while its generate call waits out a 429. */
  place: Place
}

/** One job of the plan: generated (or resumed), waited for and saved, then handed to the publisher. */
async function runJob({ job, index, label }: PlannedJob, scene: JobScene): Promise<ProofreadResult> {
  const { config, step, session } = scene
  // A proofread whose turn comes after wait_timeout is not started: a job the step could no longer watch.
  if ('proofreadId' in job && session.pause.timeLeft() <= 0) {
    const error = `not started: the step reached its deadline (wait_timeout ${formatElapsed(config.timing.waitTimeoutMs)}) before its turn came; nothing was paid for this proofread`
    return notStarted(job.proofreadId, error, job.outputLanguage ? { output_language: job.outputLanguage } : {})
  }
  const log = prefixedLog(scene.several ? label : '')
  step.begin(index)
  const result = await translateProofread(job, {
    config,
    versions: session.versionsFor((message) => log.warning(message)),
    transport: session.transport,
    log,
    workspace: scene.workspace,
    several: scene.several,
    run: scene.run,
    claims: scene.claims,
    temporaryFiles: step.temporaryFiles,
    diskBudget: step.diskBudget,
    onStarted: (id, live) => step.jobStarted(index, id, live),
    place: scene.place,
  }).finally(() => {
    // The step no longer watches this job: its place under the plan's cap is free for the next proofread.
    const id = step.jobId(index)
    if (id) session.pause.renderEnded(id)
  })
  step.finish(index, result)
  return scene.publisher ? scene.publisher.publish(result, log) : result
}
