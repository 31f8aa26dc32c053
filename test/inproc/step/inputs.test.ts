// End to end: a bad `with:` value fails the step before anything is sent, naming the input and the form it accepts.
// The committed bundle (dist/index.js) runs as the GitHub runner runs it, against the local HeyGen sandbox.
import { describe, expect, it } from 'vitest'
import { errorOf, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-SECRET-7f3a9c'
/** A pasted secret that took a line break along: both halves are distinctive, so a leak of either shows. */
const KEY_WITH_LINE_BREAK = 'sk-e2e-SECRET-7f3a9c\nsk-e2e-SECOND-LINE-4d1b'

// Every run is over a valid block, so each test's input is the only bad one; each `act` checks the key never leaks.
const { sandbox, act } = useSandbox({ key: KEY, inputs: { proofread_id: 'release-1-es', ...PINNED } })

const BOOLEAN = /must be true or false/
const DURATION = /must be a positive duration in seconds .*like 30, 2\.5, 90s, 45m or 2h/
const CALLBACK = /must be an absolute https URL that HeyGen can reach from the internet/

interface BadInput {
  title: string
  inputs: Record<string, string>
  env?: Record<string, string | undefined>
  input: string
  accepts: RegExp
}

const BAD_INPUTS: BadInput[] = [
  { title: 'captions: yes', inputs: { captions: 'yes' }, input: 'captions', accepts: BOOLEAN },
  { title: 'translate_audio_only: 1', inputs: { translate_audio_only: '1' }, input: 'translate_audio_only', accepts: BOOLEAN },
  { title: 'dry_run: maybe', inputs: { dry_run: 'maybe' }, input: 'dry_run', accepts: BOOLEAN },
  { title: 'api_key with a line break', inputs: { api_key: KEY_WITH_LINE_BREAK }, input: 'api_key', accepts: /must be a single line/ },
  {
    title: 'api_key empty and no HEYGEN_API_KEY',
    inputs: { api_key: '' },
    env: { HEYGEN_API_KEY: undefined },
    input: 'api_key',
    accepts: /is required.*secrets\.HEYGEN_API_KEY.*HEYGEN_API_KEY environment variable/,
  },
  { title: 'proofread_id empty', inputs: { proofread_id: '' }, input: 'proofread_id', accepts: /is required/ },
  { title: 'api_version: v4', inputs: { api_version: 'v4' }, input: 'api_version', accepts: /must be auto, v2 or v3/ },
  { title: 'callback_url: javascript:alert(1)', inputs: { callback_url: 'javascript:alert(1)' }, input: 'callback_url', accepts: CALLBACK },
  { title: 'callback_url: ftp://example.com/x', inputs: { callback_url: 'ftp://example.com/x' }, input: 'callback_url', accepts: CALLBACK },
  { title: 'callback_url: example.com/hook', inputs: { callback_url: 'example.com/hook' }, input: 'callback_url', accepts: CALLBACK },
  { title: 'request_timeout: abc', inputs: { request_timeout: 'abc' }, input: 'request_timeout', accepts: DURATION },
  { title: 'request_timeout: 0', inputs: { request_timeout: '0' }, input: 'request_timeout', accepts: DURATION },
  {
    title: 'base_url: http://example.com (plain http off loopback)',
    inputs: { base_url: 'http://example.com' },
    input: 'base_url',
    accepts: /must be an https origin/,
  },
  {
    title: 'idempotency_key with a space',
    inputs: { api_version: 'v3', idempotency_key: 'release 1' },
    input: 'idempotency_key',
    accepts: /must be 1-255 characters of A-Z a-z 0-9 _ - : \./,
  },
  {
    title: 'idempotency_key on v2',
    inputs: { api_version: 'v2', idempotency_key: 'release-1' },
    input: 'idempotency_key',
    accepts: /only applies to `api_version: v3`/,
  },
  { title: 'proofread_id a,b,a (a repeat)', inputs: { proofread_id: 'a,b,a' }, input: 'proofread_id', accepts: /"a" more than once/ },
  {
    title: 'video_translate_id together with proofread_id',
    inputs: { video_translate_id: 'vt-123' },
    input: 'video_translate_id',
    accepts: /cannot be combined with `proofread_id`/,
  },
  {
    title: 'callback_url: http://hooks.example.com/h (plain http)',
    inputs: { callback_url: 'http://hooks.example.com/h' },
    input: 'callback_url',
    accepts: /clear text/,
  },
  ...[
    'https://localhost:8080/h',
    'https://127.0.0.1/h',
    'https://[::1]/h',
    'https://10.1.2.3/h',
    'https://192.168.0.10/h',
    'https://169.254.169.254/latest',
    'https://[fe80::1]/h',
    'https://hooks.internal/h',
  ].map((url) => ({
    title: `callback_url: ${url} (not reachable from the internet)`,
    inputs: { callback_url: url },
    input: 'callback_url',
    accepts: /HeyGen cannot call/,
  })),
  { title: 'max_concurrency: 0', inputs: { max_concurrency: '0' }, input: 'max_concurrency', accepts: /must be a whole number from 1 to 64/ },
  { title: 'wait_timeout: soon', inputs: { wait_timeout: 'soon' }, input: 'wait_timeout', accepts: DURATION },
  { title: 'poll_interval: -1', inputs: { poll_interval: '-1' }, input: 'poll_interval', accepts: DURATION },
]

describe('a bad input fails the step before anything is sent', () => {
  it.each(BAD_INPUTS)('$title: exit 1, the error names $input and what it accepts; no request', async ({ inputs, env, input, accepts }) => {
    const run = await act(inputs, { env })

    expect(run.code, run.log).toBe(1)
    const error = errorOf(run)
    expect(error).toContain(`Input \`${input}\``)
    expect(error).toMatch(accepts)
    expect(sandbox.requests).toEqual([])
    expect(sandbox.fileRequests).toEqual([])
    expect(run.outputs.video_translate_id ?? '').toBe('')
  })

  it('the same block with valid values goes through (so each refusal above is about its one input)', async () => {
    const run = await act({ captions: 'true', api_version: 'v3', idempotency_key: 'release-1:es', callback_url: 'https://example.com/hook' })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls()).toHaveLength(1)
  })
})

describe('credentials in callback_url are a secret', () => {
  const PASSWORD = 'hunter2-Zq81'
  const URL_WITH_CREDENTIALS = `https://hook:${PASSWORD}@hooks.example.com/heygen`

  it('a dry run and the debug Settings line show it as ***, the runner masks it, and the request still carries it', async () => {
    const dry = await act({ api_version: 'v3', preflight: 'false', callback_url: URL_WITH_CREDENTIALS, dry_run: 'true' })
    expect(dry.code, dry.log).toBe(0)
    expect(dry.stdout).toContain(`::add-mask::${PASSWORD}`)
    const shown = dry.stdout.split('\n').filter((line) => line.includes(PASSWORD) && !line.startsWith('::add-mask::'))
    expect(shown).toEqual([])
    expect(dry.stdout).toContain('"callback_url":"https://***:***@hooks.example.com/heygen"')
    expect(dry.stdout).toMatch(/::debug::Settings: .*"callback_url":"https:\/\/\*\*\*:\*\*\*@hooks\.example\.com\/heygen"/)

    const real = await act({ callback_url: URL_WITH_CREDENTIALS })
    expect(real.code, real.log).toBe(0)
    // HeyGen must be able to call it: the request body carries the URL as given.
    expect(sandbox.generateCalls()[0]?.json).toMatchObject({ callback_url: URL_WITH_CREDENTIALS })
    expect(real.stdout.split('\n').filter((line) => line.includes(PASSWORD) && !line.startsWith('::add-mask::'))).toEqual([])
  })

  // A token given as the user name (`https://<token>:x-oauth-basic@host`) is masked as well as a password.
  it('a token as the user name is shown as *** in the dry run and the debug Settings line', async () => {
    const token = 'ghp_T0kenAsUser-88'
    const dry = await act({
      api_version: 'v3',
      preflight: 'false',
      callback_url: `https://${token}:x-oauth-basic@hooks.example.com/h`,
      dry_run: 'true',
    })
    expect(dry.code, dry.log).toBe(0)
    expect(dry.stdout).toContain(`::add-mask::${token}`)
    expect(dry.stdout.split('\n').filter((line) => line.includes(token) && !line.startsWith('::add-mask::'))).toEqual([])
    expect(dry.stdout).toContain('"callback_url":"https://***:***@hooks.example.com/h"')
    expect(dry.stdout).toMatch(/::debug::Settings: .*"callback_url":"https:\/\/\*\*\*:\*\*\*@hooks\.example\.com\/h"/)
  })

  it('a refused callback_url with credentials is quoted with them as ***', async () => {
    const run = await act({ callback_url: `http://hook:${PASSWORD}@hooks.example.com/heygen` })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toContain('"http://***:***@hooks.example.com/heygen"')
    expect(run.stdout.split('\n').filter((line) => line.includes(PASSWORD) && !line.startsWith('::add-mask::'))).toEqual([])
    expect(sandbox.requests).toEqual([])
  })
})
