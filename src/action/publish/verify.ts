// A ledger entry saves a payment only when HeyGen confirms it with free calls: the job exists, it is finished, and
// its language is the proofread's. A label is text: a forged or stale one is never trusted and never deleted.
import type { LedgerEntry, LedgerKey } from './ledger.js'

/** What HeyGen says about a job, as far as confirming an entry needs; `found: false` when HeyGen does not know it. */
export interface JobFacts {
  found: boolean
  finished: boolean
  /** The job's output language (v3 names it; v2 does not). */
  outputLanguage?: string
}

/** The free HeyGen look-ups an entry is confirmed with; a failure to ask (no answer, 5xx) is thrown. */
export interface HeyGenLookups {
  job(videoTranslateId: string): Promise<JobFacts>
  /** The proofread's output language, or undefined where HeyGen cannot say (v2). */
  proofreadLanguage(proofreadId: string): Promise<string | undefined>
}

export type Verdict = { trusted: true } | { trusted: false; why: string }

/** Compared as HeyGen may write one language: letter case and spacing aside. */
const sameLanguage = (a: string, b: string) =>
  a
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-') ===
  b
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')

export async function confirmEntry(entry: LedgerEntry, key: LedgerKey, heygen: HeyGenLookups): Promise<Verdict> {
  const job = await heygen.job(entry.videoTranslateId)
  if (!job.found) return { trusted: false, why: `HeyGen knows no job ${entry.videoTranslateId}` }
  if (!job.finished) return { trusted: false, why: `HeyGen's job ${entry.videoTranslateId} is not finished` }
  if ('proofreadId' in key) {
    const wanted = await heygen.proofreadLanguage(key.proofreadId)
    // Both sides must name a language to compare; v2 names none (then existing and finished is what HeyGen can confirm).
    if (wanted !== undefined && job.outputLanguage !== undefined && !sameLanguage(wanted, job.outputLanguage)) {
      return {
        trusted: false,
        why: `HeyGen's job ${entry.videoTranslateId} is in ${job.outputLanguage}, but proofread ${key.proofreadId} is in ${wanted}`,
      }
    }
  }
  return { trusted: true }
}

/** The first entry HeyGen confirms (newest first), and why each other one was not trusted. */
export async function trustedEntry(
  entries: readonly LedgerEntry[],
  key: LedgerKey,
  heygen: HeyGenLookups,
): Promise<{ entry?: LedgerEntry; distrusted: Array<{ entry: LedgerEntry; why: string }> }> {
  const distrusted: Array<{ entry: LedgerEntry; why: string }> = []
  for (const entry of entries) {
    const verdict = await confirmEntry(entry, key, heygen)
    if (verdict.trusted) return { entry, distrusted }
    distrusted.push({ entry, why: verdict.why })
  }
  return { distrusted }
}
