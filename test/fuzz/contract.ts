// What every fuzzed case must satisfy, in-process (getConfig) and end to end (the bundled action against the sandbox).
import { expect } from 'vitest'
import type { ActionRun } from '../../sandbox/run-action.ts'
import { InputError } from '../../src/action/config/errors.js'
import type { Config } from '../../src/action/config/inputs.js'

/** A key no generated value can contain by accident, so "the key is absent" means something. */
export const KEY = 'sk_fuzz_K3y-7Qx9Zr4Vw2Ls8Np6'

/** A value as a reader can see it: anything outside printable ASCII written as \u{…}, long values cut. */
export function visible(value: string): string {
  const shown = value.length > 120 ? `${value.slice(0, 117)}...(${value.length} chars)` : value
  return `"${shown.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)?.toString(16)}}`)}"`
}

export const WEEK_MS = 7 * 24 * 3_600_000
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Ids that can never be a HeyGen id: blank, whitespace or control characters (C0, DEL and C1), dot segments, over 200 chars. */
export function idIsSane(id: string): boolean {
  return id !== '' && !/[\s\p{Cc}]/u.test(id) && !/^\.+$/.test(id) && id.length <= 200
}

/** How the input splits a raw value into ids (newlines and commas, trimmed, blanks dropped). */
export function splitIds(raw: string): string[] {
  return raw
    .split(/[\r\n,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '')
}

/** An InputError as the user must read it: names the input, one line, short, without the key. */
export function expectClearInputError(error: unknown, names: readonly string[], secrets: readonly string[] = [KEY]): void {
  expect(error, `expected an InputError, got ${String(error)}`).toBeInstanceOf(InputError)
  const message = (error as InputError).message
  expect(message.startsWith('Input `'), message).toBe(true)
  expect(
    names.some((name) => message.includes(`\`${name}\``)),
    `error should name one of ${names.join(', ')}: ${message}`,
  ).toBe(true)
  for (const secret of secrets) expect(message.includes(secret), 'the error quotes the key').toBe(false)
  // Quoted values are JSON-escaped and cut: no raw control character, no line break, no wall of text.
  expect(/[\u0000-\u001f]/.test(message), `raw control character in ${visible(message)}`).toBe(false)
  expect(message.length, message).toBeLessThanOrEqual(600)
}

/** Settings that were accepted must be usable as they are. */
export function expectConsistentSettings(settings: Config): void {
  const s = settings
  expect(s.heygen.apiKey).toMatch(/^[\x21-\x7e]{1,512}$/)
  for (const id of s.work.proofreadIds) expect(idIsSane(id), `proofread id ${visible(id)}`).toBe(true)
  expect(new Set(s.work.proofreadIds).size).toBe(s.work.proofreadIds.length)
  if (s.work.resumeId !== undefined) {
    expect(idIsSane(s.work.resumeId), `video_translate_id ${visible(s.work.resumeId)}`).toBe(true)
    expect(s.work.proofreadIds).toEqual([])
  } else {
    expect(s.work.proofreadIds.length).toBeGreaterThan(0)
  }
  expect(['auto', 'v2', 'v3']).toContain(s.heygen.apiVersion)
  expect(typeof s.heygen.preflight).toBe('boolean')

  const base = new URL(s.heygen.baseUrl)
  expect(base.origin, 'base_url is an origin').toBe(s.heygen.baseUrl)
  expect(base.protocol === 'https:' || (base.protocol === 'http:' && LOOPBACK.has(base.hostname)), s.heygen.baseUrl).toBe(true)
  expect(base.username + base.password).toBe('')

  expect(typeof s.heygen.request.captions).toBe('boolean')
  expect(typeof s.heygen.request.translate_audio_only).toBe('boolean')
  expect(Object.keys(s.heygen.request).every((k) => ['captions', 'translate_audio_only', 'callback_id', 'callback_url'].includes(k))).toBe(true)
  if (s.heygen.request.callback_id !== undefined) {
    expect(s.heygen.request.callback_id).not.toBe('')
    // "One line of text without control characters": no C0/DEL/C1 control and no Unicode line or paragraph separator.
    expect(
      /[\p{Cc}\u2028\u2029]/u.test(s.heygen.request.callback_id),
      `callback_id ${visible(s.heygen.request.callback_id)} has a control character or line separator`,
    ).toBe(false)
    expect(s.heygen.request.callback_id.length).toBeLessThanOrEqual(1000)
  }
  if (s.heygen.request.callback_url !== undefined) {
    const url = new URL(s.heygen.request.callback_url)
    // HeyGen calls it from the internet: https only (plain http would carry the video link in clear text).
    expect(url.protocol).toBe('https:')
    expect(url.hostname).not.toBe('')
    expect(s.heygen.request.callback_url).toMatch(/^https?:\/\//i)
  }
  if (s.heygen.idempotencyKey !== undefined) {
    expect(s.heygen.apiVersion).not.toBe('v2')
    expect(s.heygen.idempotencyKey).toMatch(/^[A-Za-z0-9_\-:.]{1,255}$/)
  }
  for (const [name, ms] of [
    ['request_timeout', s.timing.requestTimeoutMs],
    ['wait_timeout', s.timing.waitTimeoutMs],
    ['download_timeout', s.timing.downloadTimeoutMs],
    ['poll_interval', s.timing.pollIntervalMs],
  ] as const) {
    // A duration is a whole number of milliseconds, at least 1 (0 would time out every call or poll in a loop).
    expect(Number.isInteger(ms) && ms >= 1 && ms <= WEEK_MS, `${name} = ${ms} ms`).toBe(true)
  }
  expect(Number.isInteger(s.work.maxConcurrency) && s.work.maxConcurrency >= 1 && s.work.maxConcurrency <= 64).toBe(true)
  expect(typeof s.work.dryRun).toBe('boolean')
  expect(typeof s.work.wait).toBe('boolean')
  if (s.files.downloadPath !== undefined) {
    expect(s.files.downloadPath).not.toBe('')
    expect(/[\u0000-\u001f]/.test(s.files.downloadPath)).toBe(false)
    expect(s.work.wait).toBe(true)
  }
}

/** No stack trace, no unhandled rejection, no crash: the action ended through its own error path. */
export function expectCleanEnd(run: ActionRun): void {
  expect(run.signal, 'the action was killed (hung?)').toBeNull()
  expect([0, 1]).toContain(run.code)
  expect(run.log).not.toMatch(/^\s+at\s/m)
  expect(run.log).not.toMatch(/Unhandled|ERR_UNHANDLED|node:internal|uncaught/i)
  expect(run.stderr, 'nothing on stderr').toBe('')
  const errors = run.log.split('\n').filter((line) => line.startsWith('::error::'))
  if (run.code === 0) expect(errors).toEqual([])
  else expect(errors.length, 'a failed step says why, once').toBe(1)
}

/** The key only in the ::add-mask:: line: nowhere else in the log, and never in outputs or summary. */
export function expectKeyNowhere(run: ActionRun, key: string): void {
  const lines = run.log.split('\n').filter((line) => !line.startsWith('::add-mask::'))
  expect(
    lines.some((line) => line.includes(key)),
    'the key is in the log',
  ).toBe(false)
  expect(
    Object.values(run.outputs).some((value) => value.includes(key)),
    'the key is in an output',
  ).toBe(false)
  expect(run.summary.includes(key), 'the key is in the summary').toBe(false)
}

export function errorLine(run: ActionRun): string {
  return run.log.split('\n').find((line) => line.startsWith('::error::')) ?? ''
}
