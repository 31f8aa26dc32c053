// The GitHub runner's file and workflow-command protocol: inputs, outputs, masking, logs, job summary.
// Written out here instead of importing @actions/core, whose entry also loads an OIDC HTTP client
// (with its own undici) and @actions/exec at start-up: ~30 ms on every step (see BENCHMARKS.md).
import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

/** The raw value of an action input, trimmed, as the runner passes it (`INPUT_<NAME>`). */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

const secrets: string[] = []

/**
 * Masks a value in every later log line (the runner's job), and redacts it from everything this
 * process writes (ours): an API that echoes the key into an error must not put it in an output.
 */
export function setSecret(value: string): void {
  if (!value) return
  process.stdout.write(`::add-mask::${escapeData(value)}${EOL}`)
  for (const line of value.split(/\r?\n|\r/)) {
    if (line && line !== value) process.stdout.write(`::add-mask::${escapeData(line)}${EOL}`)
  }
  secrets.push(value)
}

function redact(text: string): string {
  let safe = text
  for (const secret of secrets) safe = safe.split(secret).join('***')
  return safe
}

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    // Outside a runner (a local try-out), show the output instead of losing it.
    info(`Output ${name}: ${value}`)
    return
  }
  // A fresh random delimiter can never occur inside the value, so any text is carried intact.
  const safe = redact(value)
  let delimiter = `ghadelimiter_${randomUUID()}`
  while (safe.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`
  appendFileSync(file, `${name}<<${delimiter}${EOL}${safe}${EOL}${delimiter}${EOL}`, 'utf8')
}

export function info(message: string): void {
  process.stdout.write(`${redact(message)}${EOL}`)
}

export function debug(message: string): void {
  issue('debug', message)
}

export function warning(message: string): void {
  issue('warning', message)
}

export function error(message: string): void {
  issue('error', message)
}

export function startGroup(name: string): void {
  issue('group', name)
}

export function endGroup(): void {
  issue('endgroup', '')
}

/** Fails the step: an error annotation plus a non-zero exit code, without cutting the process short. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** Appends markdown/HTML to the job summary; outside a runner it is printed instead. */
export function appendSummary(text: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) {
    info(text)
    return
  }
  appendFileSync(file, `${redact(text)}${EOL}`, 'utf8')
}

function issue(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(redact(message))}${EOL}`)
}

// The runner decodes exactly these escapes; without them a newline in a message would end the command.
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
