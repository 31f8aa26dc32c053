// The runner protocol is @actions/core's; this thin layer adds what core leaves to the action: the
// registered secrets are redacted from outputs, the job summary and every line, not only masked by the runner.
import * as core from '@actions/core'

const secrets = new Set<string>()

/** The raw value of an action input, trimmed, as the runner passes it. */
export function getInput(name: string): string {
  return core.getInput(name)
}

/**
 * Masks a value in every later log line (the runner's job), and redacts it, and the forms it takes when
 * encoded, from everything this process writes (ours): the runner masks those forms only in logs.
 */
export function setSecret(value: string): void {
  if (!value) return
  core.setSecret(value)
  for (const line of value.split(/\r?\n|\r/)) if (line && line !== value) core.setSecret(line)
  for (const form of [value, Buffer.from(value).toString('base64'), encodeURIComponent(value)]) if (form) secrets.add(form)
}

/** The text with every registered secret (and its encoded forms) replaced by `***`. */
export function redact(text: string): string {
  let safe = text
  for (const secret of secrets) safe = safe.split(secret).join('***')
  return safe
}

export function setOutput(name: string, value: string): void {
  core.setOutput(name, redact(value))
}

export function info(message: string): void {
  core.info(redact(message))
}

export function debug(message: string): void {
  core.debug(redact(message))
}

export function warning(message: string): void {
  core.warning(redact(message))
}

export function error(message: string): void {
  core.error(redact(message))
}

/** Fails the step: an error annotation plus a non-zero exit code, without cutting the process short. */
export function setFailed(message: string): void {
  core.setFailed(redact(message))
}

/** Appends HTML to the job summary; outside a runner (no summary file) it is printed instead. */
export async function appendSummary(text: string): Promise<void> {
  const safe = redact(text)
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(safe)
    return
  }
  await core.summary.addRaw(safe, true).write()
}
