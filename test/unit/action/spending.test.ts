// What a run cost, said in the account's unit: dollars with two decimals, credits as credits, and the change read
// between two balances whatever the billing.
import { describe, expect, it } from 'vitest'
import type { Balance } from '../../../src/heygen/account.js'
import { costBetween, describeBalance, formatAmount } from '../../../src/action/report/spending.js'

describe('amounts in the account’s unit', () => {
  it.each([
    [7.5, 'usd', '$7.50'],
    [0, 'usd', '$0.00'],
    [0.1 + 0.2, 'usd', '$0.30'],
    [-20, 'usd', '-$20.00'],
    [120, 'credits', '120 credits'],
    [1, 'credits', '1 credit'],
    [12.345, 'credits', '12.35 credits'],
  ] as const)('%d %s is %s', (amount, unit, text) => {
    expect(formatAmount(amount, unit)).toBe(text)
  })
})

describe('the cost between two readings', () => {
  const wallet = (remaining: number): Balance => ({ billing: 'wallet', unit: 'usd', remaining })
  it('a USD wallet: what left it', () => {
    expect(costBetween(wallet(100), wallet(92.5))?.spent).toBe('$7.50')
    expect(costBetween(wallet(100), wallet(92.5))?.line).toBe(
      "Cost: $7.50, the change in the account's USD wallet during this step ($100.00 in the account's USD wallet before, $92.50 in the account's USD wallet after). It is the account's change: other spending on the account in that time counts too, and a job still rendering is billed when it ends.",
    )
  })

  it('a subscription: credits used; usage-based: what was added to the spending', () => {
    expect(
      costBetween({ billing: 'subscription', unit: 'credits', remaining: 1000 }, { billing: 'subscription', unit: 'credits', remaining: 880 })?.spent,
    ).toBe('120 credits')
    expect(
      costBetween({ billing: 'usage_based', unit: 'usd', spent: 10, cap: 50 }, { billing: 'usage_based', unit: 'usd', spent: 17.5, cap: 50 })?.spent,
    ).toBe('$7.50')
  })

  it('billing that changed in between tells nothing', () => {
    expect(costBetween(wallet(100), { billing: 'subscription', unit: 'credits', remaining: 5 })).toBeUndefined()
  })

  it('describes each billing', () => {
    expect(describeBalance({ billing: 'subscription', unit: 'credits', remaining: 880, plan: 'Creator' } as Balance)).toBe(
      '880 credits left on the subscription (Creator)',
    )
    expect(describeBalance({ billing: 'usage_based', unit: 'usd', spent: 12.5 })).toBe(
      '$12.50 spent this period under usage-based billing, with no spending cap',
    )
  })
})
