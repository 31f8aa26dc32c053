// `min_balance`: the least the HeyGen account must hold before the step pays for anything, in the account's unit.
import { quote } from './duration.js'
import { InputError } from './errors.js'

export interface MinBalance {
  amount: number
  /** The unit written with it (`$5`, `500 credits`); undefined for a bare number, read in the account's own unit. */
  unit?: 'usd' | 'credits'
}

/** `5`, `7.50`, `$5`, `$ 5.00`, `500 credits`; '' is no floor. */
export function parseMinBalance(raw: string): MinBalance | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  const match = /^(\$\s*)?(\d{1,12}(?:\.\d{1,4})?)(\s*credits?)?$/i.exec(value)
  if (!match?.[2] || (match[1] && match[3])) {
    throw new InputError('min_balance', `must be an amount such as 5, $7.50 or 500 credits, in the HeyGen account's unit (got ${quote(raw)})`)
  }
  const amount = Number(match[2])
  return match[1] ? { amount, unit: 'usd' } : match[3] ? { amount, unit: 'credits' } : { amount }
}
