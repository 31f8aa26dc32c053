// The sandbox's HeyGen account: what GET /v3/users/me answers (each billing type, or no route), and a balance that
// each new job is charged from, so a test can see what a run cost in the account's unit.
import { type Answer, errorAnswer, json } from './answers.ts'
import { hasToken } from './tokens.ts'

export interface SandboxAccount {
  /** `wallet` (pay-as-you-go API keys), `subscription` (credits), `usage_based` (a USD cap), or `missing` (the route answers 404). */
  billing: 'wallet' | 'subscription' | 'usage_based' | 'missing'
  /** A wallet's currency (default usd). */
  currency?: 'usd' | 'credits'
  /** What is left (wallet, subscription) or spent so far (usage_based), in the account's unit, at start and after reset(). */
  balance: number
  /** usage_based: the spending cap in USD. */
  cap?: number
  /** Charged for each new job (a replay is not a new job), in the account's unit (default 0). */
  jobPrice?: number
}

/** Every run gets a USD wallet that nothing is charged from unless a test says so. */
const DEFAULT_ACCOUNT: SandboxAccount = { billing: 'wallet', currency: 'usd', balance: 1000, jobPrice: 0 }

export class AccountBook {
  private balance: number
  private readonly account: SandboxAccount

  constructor(account: SandboxAccount = DEFAULT_ACCOUNT) {
    this.account = account
    this.balance = account.balance
  }

  /** A new job started: its price leaves the wallet or the credits, or adds to usage-based spending. */
  charge(): void {
    const price = this.account.jobPrice ?? 0
    this.balance = Math.round((this.account.billing === 'usage_based' ? this.balance + price : this.balance - price) * 10_000) / 10_000
  }

  reset(): void {
    this.balance = this.account.balance
  }

  /** GET /v3/users/me: the one billing object `billing_type` names is filled, the others null (HeyGen's documented shape). */
  answer(): Answer {
    const { billing } = this.account
    if (billing === 'missing') return errorAnswer('v3', 404, { message: 'No route for /v3/users/me.' })
    const user = { username: 'sandbox', email: 'sandbox@example.com', first_name: 'Sandbox', last_name: 'User', billing_type: billing }
    const wallet =
      billing === 'wallet' ? { currency: this.account.currency ?? 'usd', remaining_balance: this.balance, auto_reload: { enabled: false } } : null
    const subscription =
      billing === 'subscription'
        ? {
            plan: 'Creator',
            credits: {
              premium_credits: { remaining: this.balance, resets_at: '2026-12-31T00:00:00Z' },
              add_on_credits: { remaining: 0, resets_at: null },
            },
          }
        : null
    const usage = billing === 'usage_based' ? { spending_current_usd: this.balance, spending_cap_usd: this.account.cap ?? null } : null
    return json(200, { data: { ...user, wallet, subscription, usage_based: usage } })
  }
}

/** `quota` (v3's `quota_exceeded`) and `trial-limit` (the live v2 capture's `trial_video_limit_exceeded`): a used-up quota's 429. */
export function quotaAnswer(version: 'v2' | 'v3', proofreadId: string): Answer | undefined {
  const headers = { 'Retry-After': '30' }
  if (hasToken(proofreadId, 'trial-limit')) {
    return errorAnswer(
      version,
      429,
      { code: 'trial_video_limit_exceeded', message: "It seems you've reached your daily api trial limit 5." },
      '',
      headers,
    )
  }
  if (hasToken(proofreadId, 'quota')) {
    return errorAnswer(version, 429, { code: 'quota_exceeded', message: 'You have used up the API quota of your plan for this period.' }, '', headers)
  }
  return undefined
}
