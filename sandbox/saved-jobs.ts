// The sandbox's jobs as data that outlives it: `npm start -- --state DIR` saves them at the end of a run and a new
// sandbox takes them back, so a release's ledger entry (a job id) is confirmed by the next run's free status call.
// Only what a status call needs is kept: never a link, since links are signed afresh on each run's own file host.
import { type GenerateBody, parseGenerateBody } from './generate-body.ts'

export type JobStage = 'queued' | 'pending' | 'running' | 'done' | 'failed'

/** One job as a sandbox saves it: who ordered it, and how far its status calls have moved it. */
export interface SavedJob {
  id: string
  proofreadId: string
  version: 'v2' | 'v3'
  body: GenerateBody
  idempotencyKey?: string
  createdAt: number
  statusCalls: number
  /** Status calls answered 200 (what moves a job from pending to done). */
  answered: number
  stage?: JobStage
  doneAnswers?: number
  /** Whether a video link was already issued (`expire-once` expires only the very first one, on any run). */
  linkIssued?: boolean
}

const STAGES: readonly string[] = ['queued', 'pending', 'running', 'done', 'failed']

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

/** One saved job, checked field by field: a file someone edited is data, and a malformed entry is left out. */
function parseJob(value: unknown): SavedJob | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const job = value as Record<string, unknown>
  const { id, proofreadId, version, idempotencyKey, createdAt, statusCalls, answered, stage, doneAnswers, linkIssued } = job
  if (typeof id !== 'string' || id === '' || typeof proofreadId !== 'string' || proofreadId === '') return undefined
  if (version !== 'v2' && version !== 'v3') return undefined
  if (!isCount(createdAt) || !isCount(statusCalls) || !isCount(answered)) return undefined
  if (idempotencyKey !== undefined && typeof idempotencyKey !== 'string') return undefined
  if (stage !== undefined && (typeof stage !== 'string' || !STAGES.includes(stage))) return undefined
  if (doneAnswers !== undefined && !isCount(doneAnswers)) return undefined
  if (linkIssued !== undefined && typeof linkIssued !== 'boolean') return undefined
  // The body is checked as the generate route checked it when the job was ordered.
  const parsed = parseGenerateBody(version, JSON.stringify(job.body ?? {}))
  if ('error' in parsed) return undefined
  return {
    id,
    proofreadId,
    version,
    body: parsed.body,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    createdAt,
    statusCalls,
    answered,
    ...(stage === undefined ? {} : { stage: stage as JobStage }),
    ...(doneAnswers === undefined ? {} : { doneAnswers }),
    ...(linkIssued === undefined ? {} : { linkIssued }),
  }
}

/** The jobs in a saved file's text (`{ "jobs": [...] }`); anything else is no jobs, and a bad entry is skipped. */
export function parseSavedJobs(text: string): SavedJob[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return []
  }
  const list = typeof value === 'object' && value !== null ? (value as { jobs?: unknown }).jobs : undefined
  if (!Array.isArray(list)) return []
  const jobs: SavedJob[] = []
  const ids = new Set<string>()
  for (const entry of list) {
    const job = parseJob(entry)
    // One id, one job: a repeated id would make the second shadow the first.
    if (job === undefined || ids.has(job.id)) continue
    ids.add(job.id)
    jobs.push(job)
  }
  return jobs
}

/** The text a sandbox's jobs are saved as (parseSavedJobs reads it back). */
export function savedJobsText(jobs: readonly SavedJob[]): string {
  return `${JSON.stringify({ jobs }, null, 2)}\n`
}
