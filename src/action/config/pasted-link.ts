// A proofread id pasted as the link to its page (`https://app.heygen.com/.../pr_abc`) is a 404 at HeyGen, paid for
// nothing: refused before anything is sent, with the id the link ends in.
import { quote } from './duration.js'
import { InputError } from './errors.js'

/** Throws when `value` is a link (or a host and path) rather than an id, naming the id at its end when there is one. */
export function refusePastedLink(input: string, value: string): void {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(value)) return
  const path = value.replace(/[?#].*$/s, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
  const last = path.split('/').filter(Boolean).pop()
  // A link to a host alone (`https://app.heygen.com/`) ends in no id.
  const id = last && !last.includes('.') ? last : undefined
  throw new InputError(
    input,
    `got ${quote(value)}: that is a link, not an id: ${id ? `use the id at its end (${id})` : 'use the id from the end of the proofread page link'}`,
  )
}
