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

/**
 * One check of the input properties: plain JavaScript, with vitest's expect asked only when it fails. A passing expect
 * still costs microseconds, and these checks run on thousands of parsed values per file (a quarter of their time).
 */
function holds(ok: boolean, message: () => string): void {
  if (!ok) expect(ok, message()).toBe(true)
}

/** An InputError as the user must read it: names the input, one line, short, without the key. */
export function expectClearInputError(error: unknown, names: readonly string[], secrets: readonly string[] = [KEY]): void {
  holds(error instanceof InputError, () => `expected an InputError, got ${String(error)}`)
  const message = (error as InputError).message
  holds(message.startsWith('Input `'), () => message)
  holds(
    names.some((name) => message.includes(`\`${name}\``)),
    () => `error should name one of ${names.join(', ')}: ${message}`,
  )
  for (const secret of secrets) holds(!message.includes(secret), () => 'the error quotes the key')
  // Quoted values are JSON-escaped and cut: no raw control character, no line break, no wall of text.
  holds(!/[\u0000-\u001f]/.test(message), () => `raw control character in ${visible(message)}`)
  holds(message.length <= 600, () => `${message.length} characters: ${message}`)
}

/** Settings that were accepted must be usable as they are. */
export function expectConsistentSettings(settings: Config): void {
  const s = settings
  holds(/^[\x21-\x7e]{1,512}$/.test(s.heygen.apiKey), () => `api key ${visible(s.heygen.apiKey)}`)
  for (const id of s.work.proofreadIds) holds(idIsSane(id), () => `proofread id ${visible(id)}`)
  holds(
    new Set(s.work.proofreadIds).size === s.work.proofreadIds.length,
    () => `repeated proofread ids ${s.work.proofreadIds.map(visible).join(', ')}`,
  )
  if (s.work.resumeId !== undefined) {
    const resumeId = s.work.resumeId
    holds(idIsSane(resumeId), () => `video_translate_id ${visible(resumeId)}`)
    holds(s.work.proofreadIds.length === 0, () => `proofread ids beside video_translate_id: ${s.work.proofreadIds.map(visible).join(', ')}`)
  } else {
    holds(s.work.proofreadIds.length > 0, () => 'neither proofread ids nor video_translate_id')
  }
  holds(['auto', 'v2', 'v3'].includes(s.heygen.apiVersion), () => `api_version ${visible(s.heygen.apiVersion)}`)
  holds(typeof s.heygen.preflight === 'boolean', () => `preflight ${String(s.heygen.preflight)}`)

  const base = new URL(s.heygen.baseUrl)
  holds(base.origin === s.heygen.baseUrl, () => `base_url is an origin: ${visible(s.heygen.baseUrl)} is not ${visible(base.origin)}`)
  holds(base.protocol === 'https:' || (base.protocol === 'http:' && LOOPBACK.has(base.hostname)), () => s.heygen.baseUrl)
  holds(base.username + base.password === '', () => `credentials in base_url ${visible(s.heygen.baseUrl)}`)

  const request = s.heygen.request
  holds(typeof request.captions === 'boolean', () => `captions ${String(request.captions)}`)
  holds(typeof request.translate_audio_only === 'boolean', () => `translate_audio_only ${String(request.translate_audio_only)}`)
  holds(
    Object.keys(request).every((k) => ['captions', 'translate_audio_only', 'callback_id', 'callback_url'].includes(k)),
    () => `request fields ${Object.keys(request).join(', ')}`,
  )
  const callbackId = request.callback_id
  if (callbackId !== undefined) {
    holds(callbackId !== '', () => 'an empty callback_id is sent')
    // "One line of text without control characters": no C0/DEL/C1 control and no Unicode line or paragraph separator.
    holds(!/[\p{Cc}\u2028\u2029]/u.test(callbackId), () => `callback_id ${visible(callbackId)} has a control character or line separator`)
    holds(callbackId.length <= 1000, () => `callback_id of ${callbackId.length} characters`)
  }
  const callbackUrl = request.callback_url
  if (callbackUrl !== undefined) {
    const url = new URL(callbackUrl)
    // HeyGen calls it from the internet: https only (plain http would carry the video link in clear text).
    holds(url.protocol === 'https:', () => `callback_url ${visible(callbackUrl)}`)
    holds(url.hostname !== '', () => `callback_url ${visible(callbackUrl)} has no host`)
    holds(/^https?:\/\//i.test(callbackUrl), () => `callback_url ${visible(callbackUrl)}`)
  }
  const idempotencyKey = s.heygen.idempotencyKey
  if (idempotencyKey !== undefined) {
    holds(s.heygen.apiVersion !== 'v2', () => 'idempotency_key with api_version v2')
    holds(/^[A-Za-z0-9_\-:.]{1,255}$/.test(idempotencyKey), () => `idempotency_key ${visible(idempotencyKey)}`)
  }
  for (const [name, ms] of [
    ['request_timeout', s.timing.requestTimeoutMs],
    ['wait_timeout', s.timing.waitTimeoutMs],
    ['download_timeout', s.timing.downloadTimeoutMs],
    ['poll_interval', s.timing.pollIntervalMs],
  ] as const) {
    // A duration is a whole number of milliseconds, at least 1 (0 would time out every call or poll in a loop).
    holds(Number.isInteger(ms) && ms >= 1 && ms <= WEEK_MS, () => `${name} = ${ms} ms`)
  }
  const concurrency = s.work.maxConcurrency
  holds(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64, () => `max_concurrency ${concurrency}`)
  holds(typeof s.work.dryRun === 'boolean', () => `dry_run ${String(s.work.dryRun)}`)
  holds(typeof s.work.wait === 'boolean', () => `wait ${String(s.work.wait)}`)
  const downloadPath = s.files.downloadPath
  if (downloadPath !== undefined) {
    holds(downloadPath !== '', () => 'an empty download_path is kept')
    holds(!/[\u0000-\u001f]/.test(downloadPath), () => `download_path ${visible(downloadPath)} has a control character`)
    holds(s.work.wait === true, () => 'download_path without waiting')
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
