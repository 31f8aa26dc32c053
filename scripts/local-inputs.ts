// What `npm start` shows and passes of the inputs: names as action.yml spells them (the runner reads them without
// regard to case, so `Proofread_ID=x` and `proofread_id` are one input), a callback_url password masked, and the
// key taken from HEYGEN_API_KEY when the environment has one.

/** Each override under its declared name (`Proofread_ID` -> `proofread_id`); an undeclared name stays as given. */
export function canonicalNames(overrides: Record<string, string>, declared: readonly string[]): Record<string, string> {
  const byLower = new Map(declared.map((name) => [name.toLowerCase(), name]))
  const named: Record<string, string> = {}
  for (const [name, value] of Object.entries(overrides)) named[byLower.get(name.toLowerCase()) ?? name] = value
  return named
}

/** The echo of one input: the key never, a callback_url's password as `***`. */
export function shownValue(name: string, value: string, keyFromEnvironment: boolean): string {
  if (name === 'api_key') return keyFromEnvironment && value === '' ? '(empty: the action reads HEYGEN_API_KEY, ***)' : '***'
  if (name === 'callback_url' && value !== '') return withoutCredentials(value)
  return value
}

/** The URL with its password (or a token given as the user name) as `***`, as the action prints it. */
export function withoutCredentials(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // Not a URL: the action refuses it; a user:pass@ inside is still hidden.
    return raw.replace(/\/\/[^/@\s]*@/, '//***@')
  }
  if (!url.username && !url.password) return raw
  const user = url.password ? `${url.username}:***` : '***'
  return `${url.protocol}//${user}@${url.host}${url.pathname}${url.search}${url.hash}`
}

/** The echo's lines, one per input. */
export function echoLines(inputs: Record<string, string>, keyFromEnvironment: boolean): string[] {
  return Object.entries(inputs).map(([name, value]) => `  ${name} = ${shownValue(name, value, keyFromEnvironment)}`)
}

export const RUN_LOCAL_HELP = `Runs the bundled action (dist/) against a local HeyGen sandbox: no key, no credits.

Usage: npm start -- [--keep] [--state DIR] [--help] [name=value ...]

  name=value   an input of action.yml (any case: Proofread_ID is proofread_id), e.g.
                 npm start -- api_version=v3 proofread_id=demo-es,demo-fr captions=true
               base_url=http://127.0.0.1:8787 uses a sandbox already running (npm run sandbox), so a job
               can be resumed in a second run; release=v1.0.0 also starts a local GitHub and publishes to it.
  --keep       keep the temporary folder (downloads, runner files)
  --state DIR  keep the local GitHub's release (with release=...) and the sandbox's jobs in DIR across
               runs, so a second run sees what the first published (the ledger) and pays nothing,
               republish=true can be tried, and a job started with wait=false resumed (video_translate_id=...)
  --help       this text

HEYGEN_API_KEY in the environment is used when api_key is not given, as the action does on a runner
(against the sandbox any key works; with base_url=https://api.heygen.com it is your real key and costs credits).`
