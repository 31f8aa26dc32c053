// HeyGen's account route (free): `GET /v3/users/me` says how the account is billed and what is left. The step reads it
// before the first paid call and after the last job ends, so a run can say what it cost in the account's own money.
import { type HttpResponse, NetworkError, send, type Transport } from '../transport/http.js'
import { failureFromResponse, parseJson } from './api-error.js'
import { type OutsideText, outsideWord } from './outside.js'

/** What is left, in the account's unit: USD (a wallet, or usage-based billing) or credits (a wallet or a subscription). */
export type Balance =
  | { billing: 'wallet'; unit: 'usd' | 'credits'; remaining: number }
  | { billing: 'subscription'; unit: 'credits'; remaining: number; plan?: OutsideText }
  | { billing: 'usage_based'; unit: 'usd'; spent: number; cap?: number }

/** The account route, relative to base_url. */
export const ACCOUNT_PATH = '/v3/users/me'

/** The account's billing and balance; throws an Error saying why when the route failed or its answer is not one of the three. */
export async function readBalance(baseUrl: string, apiKey: string, transport: Transport): Promise<Balance> {
  const what = `Reading the account (GET ${ACCOUNT_PATH})`
  let response: HttpResponse
  try {
    response = await send(transport, { method: 'GET', url: `${baseUrl}${ACCOUNT_PATH}`, headers: { 'x-api-key': apiKey } })
  } catch (error) {
    if (error instanceof NetworkError) throw new Error(`${what}: ${error.message}`, { cause: error })
    throw error
  }
  if (response.status < 200 || response.status >= 300) throw failureFromResponse(response, what, false)
  const data = (parseJson(response.text) as { data?: unknown } | undefined)?.data
  const balance = data && typeof data === 'object' ? balanceOf(data as Record<string, unknown>) : undefined
  if (!balance) throw new Error(`${what}: HeyGen's answer names no wallet, subscription or usage-based billing the action can read`)
  return balance
}

/** The one billing object `billing_type` names (or, without it, the one that is there). */
function balanceOf(data: Record<string, unknown>): Balance | undefined {
  const type = typeof data.billing_type === 'string' ? data.billing_type.toLowerCase() : undefined
  const wallet = object(data.wallet)
  const subscription = object(data.subscription)
  const usage = object(data.usage_based)
  if ((type === 'wallet' || (!type && wallet)) && wallet) {
    const remaining = amount(wallet.remaining_balance)
    const currency = typeof wallet.currency === 'string' ? wallet.currency.toLowerCase() : 'usd'
    if (remaining === undefined || (currency !== 'usd' && currency !== 'credits')) return undefined
    return { billing: 'wallet', unit: currency, remaining }
  }
  if ((type === 'subscription' || (!type && subscription)) && subscription) {
    const credits = object(subscription.credits)
    // Premium credits and add-on credits both pay for renders.
    const parts = [object(credits?.premium_credits), object(credits?.add_on_credits)].map((part) => amount(part?.remaining))
    if (parts.every((part) => part === undefined)) return undefined
    const remaining = parts.reduce<number>((sum, part) => sum + (part ?? 0), 0)
    const plan = typeof subscription.plan === 'string' && subscription.plan ? { plan: outsideWord(subscription.plan) } : {}
    return { billing: 'subscription', unit: 'credits', remaining, ...plan }
  }
  if ((type === 'usage_based' || (!type && usage)) && usage) {
    const spent = amount(usage.spending_current_usd)
    const cap = amount(usage.spending_cap_usd)
    if (spent === undefined) return undefined
    return { billing: 'usage_based', unit: 'usd', spent, ...(cap === undefined ? {} : { cap }) }
  }
  return undefined
}

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** A finite, non-negative amount, sent as a number or as numeric text; undefined for anything else. */
function amount(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN
  return Number.isFinite(number) && number >= 0 ? number : undefined
}
