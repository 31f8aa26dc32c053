// A secret (the API key) must not show whole, encoded, or in pieces: a text cut elsewhere, or an answer that quotes
// part of the key, must not leave a usable part of it.

/** Pieces of a secret this long or longer are redacted too. */
export const MIN_FRAGMENT = 8

/** A secret, prepared once: its whole and encoded forms, and a pattern for any MIN_FRAGMENT-character piece of it. */
export interface Secret {
  value: string
  forms: string[]
  pieces?: RegExp
}

export function secret(value: string): Secret {
  const forms = [value, Buffer.from(value).toString('base64'), encodeURIComponent(value), ...base64Cores(value)].filter(Boolean)
  if (value.length < MIN_FRAGMENT) return { value, forms }
  const pieces = new Set<string>()
  for (let i = 0; i + MIN_FRAGMENT <= value.length; i++) pieces.add(value.slice(i, i + MIN_FRAGMENT).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return { value, forms, pieces: new RegExp([...pieces].join('|'), 'g') }
}

/**
 * The secret inside a longer base64 text (a Basic auth header, a token that embeds it) is encoded differently for each
 * of the three byte offsets it can start at: for each, the base64 and base64url characters only its own bytes decide.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value)
  const cores: string[] = []
  for (const offset of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes])
    const start = Math.ceil((8 * offset) / 6)
    const end = Math.floor((8 * (offset + bytes.length)) / 6)
    for (const encoding of ['base64', 'base64url'] as const) {
      const core = shifted.toString(encoding).slice(start, end)
      // A core shorter than a fragment would redact ordinary text.
      if (core.length >= MIN_FRAGMENT) cores.push(core)
    }
  }
  return [...new Set(cores)]
}

/** The text with the secret, its base64 and URL-encoded forms, and any piece of it of MIN_FRAGMENT or more, as `***`. */
export function redactSecret(text: string, { value, forms, pieces }: Secret): string {
  let safe = text
  for (const form of forms) safe = safe.split(form).join('***')
  if (!pieces) return safe
  let out = ''
  let from = 0
  pieces.lastIndex = 0
  for (let match = pieces.exec(safe); match; match = pieces.exec(safe)) {
    // The longest piece of the secret that starts here: `***` replaces all of it.
    let end = match.index + MIN_FRAGMENT
    while (end < safe.length && value.includes(safe.slice(match.index, end + 1))) end++
    out += `${safe.slice(from, match.index)}***`
    from = end
    pieces.lastIndex = end
  }
  return out + safe.slice(from)
}
