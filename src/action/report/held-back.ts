// How many proofreads the step held back before any paid call: one count for the cost line and the failure message.
import type { ProofreadResult } from './result.js'

/**
 * Every proofread when the step held them back (status `not_started`, whatever the reason: a proofread not ready,
 * a language with no code, two proofreads naming one file); in a dry run, every proofread when one cannot go ahead.
 */
export function heldBackCount(results: readonly ProofreadResult[]): number {
  const heldBack = results.filter((r) => r.status === 'not_started').length
  if (heldBack > 0) return heldBack
  const dryRun = results.length > 0 && results.every((r) => r.status === 'dry_run')
  return dryRun && results.some((r) => r.error) ? results.length : 0
}
