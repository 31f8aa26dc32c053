// Tiny HTTP helpers for tests that talk to the sandbox directly (the action is not involved).
import type { Sandbox } from '../../sandbox/heygen-sandbox.ts'

export interface Reply {
  status: number
  headers: Headers
  text: string
  /** The parsed body, or undefined when it is not JSON. */
  body: unknown
}

export interface CallOptions {
  key?: string | null
  body?: unknown
  headers?: Record<string, string>
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, text, body }
}

function headersFor(options: CallOptions): Record<string, string> {
  const key = options.key === undefined ? 'sandbox-test-key' : options.key
  return { ...(key === null ? {} : { 'x-api-key': key }), 'content-type': 'application/json', ...options.headers }
}

export async function post(sandbox: Sandbox, path: string, options: CallOptions = {}): Promise<Reply> {
  const body = options.body === undefined ? '{}' : JSON.stringify(options.body)
  return reply(await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: headersFor(options), body, redirect: 'manual' }))
}

export async function get(sandbox: Sandbox, path: string, options: CallOptions = {}): Promise<Reply> {
  return reply(await fetch(`${sandbox.url}${path}`, { headers: headersFor(options) }))
}

export const generatePath = (version: 'v2' | 'v3', proofreadId: string): string =>
  version === 'v2'
    ? `/v2/video_translate/proofread/${encodeURIComponent(proofreadId)}/generate`
    : `/v3/video-translations/proofreads/${encodeURIComponent(proofreadId)}/generate`

export const statusPath = (version: 'v2' | 'v3', id: string): string =>
  version === 'v2' ? `/v2/video_translate/${id}` : `/v3/video-translations/${id}`

/** Generates and returns the new job id (fails the test on anything but success). */
export async function generateJob(sandbox: Sandbox, version: 'v2' | 'v3', proofreadId: string, body: unknown = {}): Promise<string> {
  const answer = await post(sandbox, generatePath(version, proofreadId), { body })
  const data = (answer.body as { data?: Record<string, unknown> } | undefined)?.data
  const id = data?.[version === 'v2' ? 'video_translate_id' : 'video_translation_id']
  if (answer.status !== 200 || typeof id !== 'string') throw new Error(`generate failed: ${answer.status} ${answer.text}`)
  return id
}

/** The `data` object of a JSON reply. */
export function dataOf(answer: Reply): Record<string, unknown> {
  return (answer.body as { data?: Record<string, unknown> } | undefined)?.data ?? {}
}
