// The log as the GitHub runner parses it (actions/runner, ActionCommand.TryParse): it reads a line (ReadLine ends a
// line at \r, \n or \r\n only), trims its start with .NET's TrimStart (every Unicode White_Space character, U+0085,
// U+2028, U+2029 and the no-break spaces included), and acts on `::name ...::` at the start; `##[name]` anywhere.

/** What .NET's Char.IsWhiteSpace holds: what TrimStart() removes. */
export const DOTNET_WHITE_SPACE = [
  ...'\t\n\u000b\u000c\r \u0085\u00a0\u1680',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
]

/** The line breaks a reader may meet: the ones ReadLine splits on and the ones it does not. */
export const LINE_BREAKS = ['\n', '\r', '\r\n', '\u0085', '\u2028', '\u2029', '\u000b', '\u000c']

const LEADING = new RegExp(`^[${DOTNET_WHITE_SPACE.join('')}]+`)

/** Every command the runner would act on in `log`, as `name` (for `::name ...::`) or `##[name` (the old form). */
export function runnerCommands(log: string): string[] {
  const found: string[] = []
  for (const line of log.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(LEADING, '')
    const command = /^::([^\s:]+)[^:]*::/.exec(trimmed)
    if (command?.[1]) found.push(command[1])
    for (const old of line.matchAll(/##\[([^\]\s;]*)/g)) found.push(`##[${old[1] ?? ''}`)
  }
  return found
}

/** The commands in `log` the action did not write itself: its own start a line at column 0, core's escapes in them. */
export function forgedCommands(log: string): string[] {
  const own = /^::(add-mask|debug|notice|warning|error)::/
  return runnerCommands(
    log
      .split(/\r\n|\r|\n/)
      .filter((line) => !own.test(line))
      .join('\n'),
  )
}
