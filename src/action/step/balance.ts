// The account's money around the step: read (free, GET /v3/users/me) before the first paid call, to refuse below
// min_balance or at a usage cap, and after the last job ends, to say what the step cost in the account's unit. The
// route failing is a notice, never a failed step: the money facts are extra, the videos are the product.
import { type Balance, readBalance } from '../../heygen/account.js'
import { linkPolicyFor } from '../../transport/addresses.js'
import { createDispatcher } from '../../transport/dispatcher.js'
import { USER_AGENT } from '../../version.js'
import type { Config } from '../config/inputs.js'
import type { MinBalance } from '../config/min-balance.js'
import * as runner from '../runner/runner.js'
import { costBetween, describeBalance, formatAmount, leftToSpend } from '../report/spending.js'

export interface BalanceWatch {
  /** Why nothing may be paid (below min_balance, or the usage cap reached): the step's failure; undefined to go on. */
  refusal?: string
  /** After the last job: reads the balance again, says the cost in the log, sets the `spent` output; the summary's text. */
  settle(): Promise<string | undefined>
}

/** Reads the balance before paying, and checks it against min_balance (or the usage cap). */
export async function watchBalance(config: Config, minBalance: MinBalance | undefined): Promise<BalanceWatch> {
  const before = await tryReading(config, minBalance ? ' and min_balance was not checked' : '')
  const paying = config.work.proofreadIds.length > 0
  const refusal = before && paying ? refuse(before, minBalance) : undefined
  if (before) runner.info(`${config.work.dryRun ? 'Dry run: the' : 'The'} HeyGen account holds ${describeBalance(before)}.`)
  return {
    ...(refusal ? { refusal } : {}),
    settle: async () => {
      // A dry run pays nothing, so it reads once: the balance is what it shows.
      if (config.work.dryRun || !before) {
        runner.setOutput('spent', '')
        return before ? `Balance: ${describeBalance(before)}.` : undefined
      }
      const after = await tryReading(config, '')
      const cost = after ? costBetween(before, after) : undefined
      runner.setOutput('spent', cost?.spent ?? '')
      if (after && !cost) runner.notice("The account's billing changed during this step, so what the step cost cannot be told from its balance.")
      if (cost) runner.info(cost.line)
      return cost?.line
    },
  }
}

/** The balance, or undefined after a notice saying why it is not known (the route is free and optional). */
async function tryReading(config: Config, unchecked: string): Promise<Balance | undefined> {
  // The API origin only: the same dispatcher rules as the session's (plain http direct, https through a proxy).
  const dispatcher = createDispatcher(config.timing.requestTimeoutMs, process.env, linkPolicyFor(config.heygen.baseUrl))
  try {
    return await readBalance(config.heygen.baseUrl, config.heygen.apiKey, {
      userAgent: USER_AGENT,
      timeoutMs: config.timing.requestTimeoutMs,
      signal: new AbortController().signal,
      dispatcher,
    })
  } catch (error) {
    runner.notice(`The account's balance is not known (${(error as Error).message}), so the step cannot say what it cost in money${unchecked}.`)
    return undefined
  } finally {
    await dispatcher.close().catch(() => {})
  }
}

/** The refusal when the account cannot pay: at its usage cap, or below min_balance. */
function refuse(balance: Balance, minBalance: MinBalance | undefined): string | undefined {
  const nothing = 'Nothing was sent that costs.'
  if (balance.billing === 'usage_based' && balance.cap !== undefined && balance.spent >= balance.cap) {
    return `The HeyGen account has reached its usage-based spending cap (${describeBalance(balance)}): HeyGen would refuse every render. ${nothing} Raise the cap in HeyGen's billing settings, or wait for the next billing period.`
  }
  if (!minBalance) return undefined
  if (minBalance.unit && minBalance.unit !== balance.unit) {
    return `Input \`min_balance\` is in ${minBalance.unit === 'usd' ? 'dollars' : 'credits'} (${formatAmount(minBalance.amount, minBalance.unit)}), but the HeyGen account is billed in ${balance.unit === 'usd' ? 'dollars' : 'credits'} (${describeBalance(balance)}): write it in the account's unit. ${nothing}`
  }
  const left = leftToSpend(balance)
  if (left >= minBalance.amount) return undefined
  const floor = formatAmount(minBalance.amount, balance.unit)
  return `The HeyGen account holds ${formatAmount(left, balance.unit)}${balance.billing === 'usage_based' ? ' under its spending cap' : ''}, below min_balance ${floor} (${describeBalance(balance)}). ${nothing} Add funds or credits in HeyGen, or lower min_balance.`
}
