// How a user writes a duration (request_timeout, wait_timeout, poll_interval) and what the action makes of it.
import { describe, expect, it } from 'vitest'
import { parseDuration, quote } from '../../../src/action/config/duration.js'
import { InputError } from '../../../src/action/config/errors.js'
import { thrownBy } from '../_env.js'

describe('parseDuration', () => {
  it.each([
    ['30', 30_000],
    ['2.5', 2_500],
    ['.5', 500],
    ['90s', 90_000],
    ['45m', 2_700_000],
    ['2h', 7_200_000],
    ['250ms', 250],
    ['2H', 7_200_000],
    ['10 s', 10_000],
    [' 15 ', 15_000],
    ['168h', 604_800_000],
  ])('%j is %i ms', (raw, ms) => {
    expect(parseDuration('wait_timeout', raw)).toBe(ms)
  })

  it.each(['', 'abc', '0', '0.0', '-1', '1e3', '5 minutes', '2d', '169h', '1.', 'Infinity', 'NaN'])('%j is refused, naming the input', (raw) => {
    const error = thrownBy(() => parseDuration('poll_interval', raw))
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain('`poll_interval`')
    expect(error.message).toContain(`got ${JSON.stringify(raw)}`)
  })

  it('a value that rounds to 0 ms (0.0001, 0.4ms) is refused like 0: a zero poll interval would spin', () => {
    const outcome = (raw: string) => {
      try {
        return parseDuration('poll_interval', raw)
      } catch (error) {
        return (error as Error).name
      }
    }
    expect([outcome('0.0001'), outcome('0.4ms')]).toEqual(['InputError', 'InputError'])
  })
})

describe('quote', () => {
  it('shows control characters visibly', () => {
    expect(quote('a\nb\u0000')).toBe('"a\\nb\\u0000"')
  })

  it('cuts long values to 80 characters', () => {
    const shown = quote('x'.repeat(500))
    expect(shown).toBe(`"${'x'.repeat(77)}..."`)
  })
})
