// The runner only warns about a `with:` key the action does not declare, and still passes it as INPUT_<NAME>: a
// misspelled `dry-run: true` would make the step pay, `download-path:` pay and not download. Such a key is refused here,
// before any request, naming it and the input it probably meant. The list is action.yml's (a test keeps them equal).
import { InputError } from './errors.js'

/** Every input action.yml declares. */
export const DECLARED_INPUTS = [
  'api_key',
  'proofread_id',
  'captions',
  'translate_audio_only',
  'callback_id',
  'callback_url',
  'api_version',
  'preflight',
  'base_url',
  'idempotency_key',
  'request_timeout',
  'download_timeout',
  'max_download_size',
  'dry_run',
  'wait',
  'wait_timeout',
  'poll_interval',
  'download_path',
  'video_translate_id',
  'max_concurrency',
  'release',
  'github_token',
  'republish',
  'min_balance',
] as const

/** The runner's variable name for an input: spaces as `_`, upper case (`dry-run` → `INPUT_DRY-RUN`). */
function variableOf(input: string): string {
  return `INPUT_${input.replace(/ /g, '_').toUpperCase()}`
}

/** Refuses the first INPUT_* variable that names no declared input, with the input it probably meant. */
export function refuseUndeclaredInputs(env: NodeJS.ProcessEnv = process.env, declared: readonly string[] = DECLARED_INPUTS): void {
  const known = new Set(declared.map(variableOf))
  const unknown = Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith('INPUT_') && !known.has(name.toUpperCase()))
    .sort()
  const first = unknown[0]
  if (first === undefined) return
  // The runner upper-cases the name: the lower case is how the workflow most likely wrote it.
  const written = first.slice('INPUT_'.length).toLowerCase()
  const meant = closest(written, declared)
  const others =
    unknown.length > 1
      ? ` (also: ${unknown
          .slice(1, 6)
          .map((n) => `\`${n.slice(6).toLowerCase()}\``)
          .join(', ')})`
      : ''
  throw new InputError(
    written,
    `is not an input of this action${others}: the runner passes it on with only a warning, and the action would ignore it (a misspelled \`dry_run\` makes a real, paid run). ${meant ? `Did you mean \`${meant}\`? ` : ''}The inputs are listed in action.yml. Nothing was sent.`,
  )
}

/** The declared input a misspelling most likely meant: the same once `-`, `.` and spaces are `_`, else the nearest within 3 edits. */
function closest(written: string, declared: readonly string[]): string | undefined {
  const normal = written.replace(/[-. ]/g, '_')
  const same = declared.find((name) => name === normal)
  if (same) return same
  let best: { name: string; distance: number } | undefined
  for (const name of declared) {
    const distance = editDistance(normal, name)
    if (distance <= 3 && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
