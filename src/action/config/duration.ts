import { InputError } from './errors.js'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Parses `30`, `2.5`, `90s`, `45m`, `2h` (a bare number is seconds) into milliseconds, or names the input. */
export function parseDuration(input: string, raw: string, minMs = 1): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/i.exec(raw.trim())
  const exact = match?.[1] ? Number(match[1]) * (UNIT_MS[(match[2] ?? 's').toLowerCase()] ?? 1000) : Number.NaN
  // Rounded before checking: 0.4ms must not slip through as 0, which would spin or abort every request.
  const ms = Math.round(exact)
  // Zero would spin or never wait; beyond a week is surely a typo, and huge values overflow timers.
  if (!Number.isFinite(ms) || ms < minMs || ms > 7 * 24 * 3_600_000) {
    const least = minMs >= 1000 ? `at least ${minMs / 1000} s and ` : ''
    throw new InputError(
      input,
      `must be a positive duration in seconds (fractions allowed) or with a unit, like 30, 2.5, 90s, 45m or 2h (${least}at most a week); got ${quote(raw)}`,
    )
  }
  return ms
}

/** Shows a user's value in an error: JSON quoting makes control characters visible, and long text is cut. */
export function quote(raw: string): string {
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw)
}
