// What a run cost, said at its end in the log and the summary, so nobody has to count `Started` lines: the generate
// calls sent, the replays among their answers, the proofreads the preflight held back, the jobs still rendering; and
// what the account's balance (GET /v3/users/me) says it cost, in the account's own unit.
import type { Balance } from '../../heygen/account.js'
import { heldBackCount } from './held-back.js'
import type { ProofreadResult } from './result.js'

/** Counted by the step's HeyGen clients as the calls go out and the answers come back. */
export class Spending {
  /** Generate requests that may have reached HeyGen, retries included (a request that never left is not counted). */
  generateCallsSent = 0
  /** Generate answers HeyGen marked as a replay of an earlier call with the same Idempotency-Key: not billed again. */
  replays = 0

  count(event: 'sent' | 'replayed'): void {
    if (event === 'sent') this.generateCallsSent++
    else this.replays++
  }
}

/** HeyGen's words for a render that is over: any other job may still be rendering (and is billed once). */
const FINISHED = new Set(['success', 'failed'])

/** The run's cost in one line, for the log and the summary. */
export function spendingLine(all: readonly ProofreadResult[], spending: Spending, dryRun: boolean): string {
  // What the release already held (`published`) was not started by this run: neither a new job nor one rendering.
  const results = all.filter((r) => r.status !== 'published')
  const jobs = results.filter((r) => r.proofread_id && r.video_translate_id).length
  const newJobs = Math.max(0, jobs - spending.replays)
  // Counted as the failure message counts them (heldBackCount): not-ready proofreads, unmappable languages, file collisions.
  const heldBack = heldBackCount(results)
  const rendering = results.filter((r) => r.video_translate_id && !FINISHED.has(r.status)).length
  return [
    `${dryRun ? 'Dry run: ' : 'Spent: '}${plural(spending.generateCallsSent, 'paid generate call')} sent (retries included)`,
    `${plural(newJobs, 'new job')} started`,
    `${plural(spending.replays, 'replay')} of an earlier call (same Idempotency-Key, not billed again)`,
    `${plural(heldBack, 'proofread')} held back by the preflight`,
    `${plural(rendering, 'job')} still rendering at HeyGen.`,
  ].join(', ')
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** An amount in the account's unit: `$7.50` (two decimals) for USD, `120 credits` (up to two decimals) for credits. */
export function formatAmount(amount: number, unit: 'usd' | 'credits'): string {
  const sign = amount < 0 ? '-' : ''
  const size = Math.abs(amount)
  if (unit === 'usd') return `${sign}$${size.toFixed(2)}`
  const credits = Number(size.toFixed(2))
  return `${sign}${credits} credit${credits === 1 ? '' : 's'}`
}

/** What the account holds, in words: `$100.00 in its USD wallet`, `1200 credits (subscription Pro)`, `$20.00 spent of a $50.00 cap`. */
export function describeBalance(balance: Balance): string {
  if (balance.billing === 'usage_based') {
    const cap = balance.cap === undefined ? 'no spending cap' : `a spending cap of ${formatAmount(balance.cap, 'usd')}`
    return `${formatAmount(balance.spent, 'usd')} spent this period under usage-based billing, with ${cap}`
  }
  if (balance.billing === 'subscription')
    return `${formatAmount(balance.remaining, 'credits')} left on the subscription${balance.plan ? ` (${balance.plan})` : ''}`
  return `${formatAmount(balance.remaining, balance.unit)} in the account's ${balance.unit === 'usd' ? 'USD' : 'credit'} wallet`
}

/** What is left to spend before HeyGen refuses, in the account's unit (usage-based: the room under the cap). */
export function leftToSpend(balance: Balance): number {
  if (balance.billing !== 'usage_based') return balance.remaining
  return balance.cap === undefined ? Number.POSITIVE_INFINITY : balance.cap - balance.spent
}

/** The step's cost as the account saw it: the `spent` output (`$7.50`) and the line for the log and the summary. */
export interface Cost {
  spent: string
  line: string
}

/** The balance change between two readings; undefined when the account changed how it is billed in between. */
export function costBetween(before: Balance, after: Balance): Cost | undefined {
  if (before.billing !== after.billing || before.unit !== after.unit) return undefined
  const change =
    after.billing === 'usage_based' && before.billing === 'usage_based' ? after.spent - before.spent : leftToSpend(before) - leftToSpend(after)
  // Floating-point dust (0.1 + 0.2) is never a cost.
  const rounded = Math.round(change * 100) / 100
  const spent = formatAmount(rounded, before.unit)
  const where =
    before.billing === 'usage_based'
      ? 'usage-based spending'
      : before.billing === 'subscription'
        ? "subscription's credits"
        : `${before.unit === 'usd' ? 'USD' : 'credit'} wallet`
  return {
    spent,
    line: `Cost: ${spent}, the change in the account's ${where} during this step (${describeBalance(before)} before, ${describeBalance(after)} after). It is the account's change: other spending on the account in that time counts too, and a job still rendering is billed when it ends.`,
  }
}
