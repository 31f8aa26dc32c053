// Sizes a user writes in an input: `8GiB`, `500MiB`, `1048576` (bytes), with binary units.
import { quote } from './duration.js'
import { InputError } from './errors.js'

const UNIT_BYTES: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
}

/** Parses `8GiB`, `1.5G`, `500MiB`, `64KiB` or a bare number of bytes into bytes, or names the input. */
export function parseSize(input: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim())
  const unit = UNIT_BYTES[(match?.[2] ?? 'x').toLowerCase()]
  const bytes = match?.[1] && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN
  // Under a KiB no video fits; beyond 2^53 bytes the number stops being exact.
  if (!Number.isSafeInteger(bytes) || bytes < 1024) {
    throw new InputError(input, `must be a size of at least 1 KiB: bytes, or with a unit such as 64KiB, 500MiB, 8GiB or 1TiB; got ${quote(raw)}`)
  }
  return bytes
}
