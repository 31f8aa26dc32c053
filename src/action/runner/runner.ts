// The runner protocol is @actions/core's; this thin layer adds what core leaves to the action: the
// registered secrets are redacted from outputs, the job summary and every line, not only masked by the runner,
// and no line it prints can be taken for a workflow command.
import * as core from '@actions/core'
import { inertLines } from '../../util/outside-text.js'
import { redactSecret, type Secret, secret } from '../../util/secret-text.js'

const secrets = new Map<string, Secret>()

/** The raw value of an action input, trimmed, as the runner passes it. */
export function getInput(name: string): string {
  return core.getInput(name)
}

/**
 * Masks a value in every later log line (the runner's job), and redacts it, the forms it takes when encoded, and
 * any piece of it of 8 characters or more, from everything this process writes (ours): the runner masks only logs.
 */
export function setSecret(value: string): void {
  if (!value) return
  core.setSecret(value)
  for (const line of value.split(/\r?\n|\r/)) if (line && line !== value) core.setSecret(line)
  if (!secrets.has(value)) secrets.set(value, secret(value))
}

/**
 * Forgets every registered secret. A step is one process, so the action itself never calls this; a host that runs
 * several steps in one process (the in-process tests) calls it between them, as a new process would start afresh.
 */
export function forgetSecrets(): void {
  secrets.clear()
}

/** The text with every registered secret, its encoded forms, and any piece of it of MIN_FRAGMENT or more, as `***`. */
export function redact(text: string): string {
  let safe = text
  for (const registered of secrets.values()) safe = redactSecret(safe, registered)
  return safe
}

export function setOutput(name: string, value: string): void {
  core.setOutput(name, redact(value))
}

/** A log level of core's, with every line redacted and made inert on its way out. */
const safely =
  (write: (message: string) => void) =>
  (message: string): void =>
    write(inertLines(redact(message)))

export const info = safely(core.info)
export const debug = safely(core.debug)
export const notice = safely(core.notice)
export const warning = safely(core.warning)

/** Fails the step: an error annotation plus a non-zero exit code, without cutting the process short. */
export function setFailed(message: string): void {
  core.setFailed(inertLines(redact(message)))
}

/** Appends HTML to the job summary; outside a runner (no summary file) it is printed instead. */
export async function appendSummary(text: string): Promise<void> {
  const safe = redact(text)
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(inertLines(safe))
    return
  }
  await core.summary.addRaw(safe, true).write()
}
