// Outside text in the job summary's HTML: redacted, escaped, one line; only plain http(s) links clickable.
import * as runner from '../runner/runner.js'

/**
 * API text goes into HTML: escaped, so a message can never inject markup or break the table. Redacted first: a key
 * holding `&<>"|` escaped before redaction would no longer match it (`Ab1&amp;Cd2...`).
 */
export function escapeHtml(text: string): string {
  return runner
    .redact(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\|/g, '&#124;')
    .replace(/\r\n?|\n/g, ' ')
}

export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`
}

/** Only http(s) links become clickable; anything else (javascript:, data:) is dropped. */
export function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#'
}

/** A link whose text is ours (`video`, a file name) and whose target is outside text. */
export function link(url: string, text: string): string {
  return `<a href="${escapeHtml(safeHref(url))}">${escapeHtml(text)}</a>`
}
