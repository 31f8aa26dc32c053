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
    const hint = compoundHint(raw)
    throw new InputError(
      input,
      `must be a positive duration in seconds (fractions allowed) or with a unit, like 30, 2.5, 90s, 45m or 2h (${least}at most a week); got ${quote(raw)}${hint ? `: did you mean ${hint}?` : ''}`,
    )
  }
  return ms
}

/**
 * What a duration written in two units (`1h30`, `1h30m`, `2m30s`) means in one, as the input takes it: `90m`, `150s`.
 * Undefined when the text is not such a pair. A bare number after hours means minutes, after minutes seconds.
 */
export function compoundHint(raw: string): string | undefined {
  const match = /^(\d+)\s*(h|m)\s*(\d+)\s*(m|s)?$/i.exec(raw.trim())
  if (!match?.[1] || !match[2] || !match[3]) return undefined
  const big = match[2].toLowerCase()
  const small = (match[4] ?? (big === 'h' ? 'm' : 's')).toLowerCase()
  const ms = Number(match[1]) * (UNIT_MS[big] ?? 0) + Number(match[3]) * (UNIT_MS[small] ?? 0)
  if (small === big || ms === 0) return undefined
  // The largest unit that says it exactly.
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  return `${ms / 1000}s`
}

/** HeyGen's own API is asked about a job at most once a second; a local sandbox (any other origin) may be asked faster. */
export function pollIntervalFloorMs(baseUrl: string): number {
  let host: string
  try {
    host = new URL(baseUrl).hostname.toLowerCase()
  } catch {
    // base_url names its own error; the floor then is HeyGen's.
    return 1000
  }
  return host === 'heygen.com' || host.endsWith('.heygen.com') ? 1000 : 1
}

/** Shows a user's value in an error: JSON quoting makes control characters visible, and long text is cut. */
export function quote(raw: string): string {
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw)
}
