// Property-based tests of every action input with hostile values (arbitrary Unicode, control characters, 10k-character
// values, URL-shaped strings, id lists). Two layers:
//  (a) in-process, hundreds of cases per input: getConfig() returns consistent settings or throws an InputError that
//      names the input, stays short and never quotes the key;
//  (b) end to end, a few dozen cases: the bundled action, run as the runner runs it against the sandbox, either fails
//      naming the input and sends nothing, or sends exactly the requests the value calls for; no stack trace, no
//      unhandled rejection, and the key in no log line (but ::add-mask::), output or summary.
import { parseMinBalance } from '../../src/action/config/min-balance.js'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RecordedRequest, type Sandbox, startSandbox } from '../../sandbox/heygen-sandbox.ts'
import { type ActionRun, actionDefaults, inputVariable, runAction } from '../../sandbox/run-action.ts'
import { hasToken, limitToken, numberToken, statusToken } from '../../sandbox/tokens.ts'
import { getConfig, type Config } from '../../src/action/config/inputs.js'
import { anyText, booleanish, idLike, idList, longText, nastyText, numberish, passableByRunner, throughEnv, urlShaped } from './arbitraries.ts'
import {
  errorLine,
  expectCleanEnd,
  expectClearInputError,
  expectConsistentSettings,
  expectKeyNowhere,
  idIsSane,
  KEY,
  splitIds,
  visible,
} from './contract.ts'

const DEFAULTS = actionDefaults()
/** FUZZ_SCALE=10 multiplies the end-to-end run counts, for a longer hunt than the default test run affords. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1)
const INPUTS = Object.keys(DEFAULTS)

// ---------------------------------------------------------------------------------------------------------------
// (a) in-process
// ---------------------------------------------------------------------------------------------------------------

type Outcome = { settings: Config } | { error: unknown }

/** Sets INPUT_* as the runner does (every declared input, defaults filled in), then parses. */
function parse(inputs: Record<string, string>): Outcome {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  for (const [name, value] of Object.entries({ ...DEFAULTS, ...inputs })) process.env[inputVariable(name)] = value
  try {
    const settings = getConfig()
    // Read before any request beside the settings (inputs/before-requests.ts).
    parseMinBalance((process.env.INPUT_MIN_BALANCE ?? '').trim())
    return { settings }
  } catch (error) {
    return { error }
  }
}

/** The value as the action reads it back from its environment: NUL ends it, lone surrogates become U+FFFD, then trimmed. */
function seenByAction(name: string): string {
  return (process.env[inputVariable(name)] ?? '').trim()
}

const BASE: Record<string, string> = { api_key: KEY, proofread_id: 'pr_fuzz_1' }

interface InputCase {
  /** Valid values for the other inputs this one needs. */
  base?: Record<string, string>
  arbitrary: fc.Arbitrary<string>
  /** Values that must always be tried (known edge cases and regressions). */
  examples?: string[]
  /** Extra, input-specific checks of accepted settings; `value` is what the action saw (trimmed). */
  accepted?: (settings: Config, value: string) => void
}

const DURATION_EXAMPLES = ['0.0001', '0.0004', '.0004', '0.4ms', '0.0005s', '0.000000001', '604800', '604801', '168h', '1e3', '0', '-1', 'Infinity']
const BOOLEAN_VALUES: Record<string, boolean> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false }

function booleanCase(field: (s: Config) => boolean, fallback: boolean): InputCase {
  return {
    arbitrary: fc.oneof(booleanish(), anyText()),
    examples: ['true', 'TRUE', 'False', 'yes', '1', 'ｔｒｕｅ', ' true '],
    accepted: (settings, value) => {
      if (value === '') expect(field(settings)).toBe(fallback)
      else {
        expect(value in BOOLEAN_VALUES, `accepted ${JSON.stringify(value)} as a boolean`).toBe(true)
        expect(field(settings)).toBe(BOOLEAN_VALUES[value])
      }
    },
  }
}

function durationCase(field: (s: Config) => number, fallbackMs: number): InputCase {
  return {
    arbitrary: fc.oneof(numberish(), anyText()),
    examples: DURATION_EXAMPLES,
    accepted: (settings, value) => {
      if (value === '') expect(field(settings)).toBe(fallbackMs)
    },
  }
}

const CASES: Record<string, InputCase> = {
  api_key: {
    base: { api_key: '' },
    arbitrary: fc.oneof(
      anyText(),
      fc.string({ unit: 'binary-ascii', maxLength: 600 }),
      fc.string({ unit: 'binary-ascii' }).map((s) => `${KEY}${s}`),
      longText(),
    ),
    examples: [` ${KEY} `, `${KEY}\n`, `${KEY}\nsecond-line`, `${KEY} x`, `${KEY}é`, 'x'.repeat(513), `${KEY}%0A`],
    accepted: (settings, value) => expect(settings.heygen.apiKey).toBe(value),
  },
  proofread_id: {
    arbitrary: fc.oneof(idList(), anyText(), longText()),
    examples: ['a,b', 'a\nb\r\nc', 'a,a', ' , ,', '.', '..', '...', '%2e%2e', 'a/b', '?x=1#y', 'x'.repeat(200), 'x'.repeat(201)],
    accepted: (settings, value) => expect(settings.work.proofreadIds).toEqual(splitIds(value)),
  },
  video_translate_id: {
    base: { proofread_id: '', wait: 'true' },
    arbitrary: fc.oneof(idLike(), anyText()),
    examples: ['vt-1', '..', 'a b', 'a,b', 'x'.repeat(201)],
    accepted: (settings, value) => expect(settings.work.resumeId).toBe(value),
  },
  captions: booleanCase((s) => s.heygen.request.captions, false),
  translate_audio_only: booleanCase((s) => s.heygen.request.translate_audio_only, false),
  dry_run: booleanCase((s) => s.work.dryRun, false),
  wait: booleanCase((s) => s.work.wait, false),
  preflight: booleanCase((s) => s.heygen.preflight, true),
  callback_id: {
    arbitrary: fc.oneof(anyText(), longText()),
    examples: ['release 1.0 🎬', 'x'.repeat(1000), 'x'.repeat(1001), '<script>'],
    accepted: (settings, value) => expect(settings.heygen.request.callback_id).toBe(value === '' ? undefined : value),
  },
  callback_url: {
    arbitrary: fc.oneof(urlShaped(), anyText()),
    examples: [
      'https://example.com/hook',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://user:pass@example.com/hook',
      'http://localhost:8080/..',
      'https:example.com',
      'https:\\\\example.com',
      'HTTPS://EXAMPLE.COM',
      'https://example.com/a b',
      `https://example.com/${'x'.repeat(1000)}`,
    ],
    accepted: (settings, value) => expect(settings.heygen.request.callback_url).toBe(value === '' ? undefined : value),
  },
  api_version: {
    arbitrary: fc.oneof(
      fc.constantFrom('auto', 'AUTO', 'v2', 'v3', 'V2', 'V3', 'v1', 'v4', '2', '3', 'v3 ', 'v3\n', 'v２', 'ｖ3', 'auto2'),
      anyText(),
    ),
    accepted: (settings, value) => expect(settings.heygen.apiVersion).toBe(value === '' ? 'auto' : value.toLowerCase()),
  },
  base_url: {
    arbitrary: fc.oneof(urlShaped(), anyText()),
    examples: [
      'https://api.heygen.com',
      'https://api.heygen.com/',
      'http://api.heygen.com',
      'http://localhost:1',
      'http://[::1]:8080',
      'http://127.1:9',
      'https://user:pass@api.heygen.com',
      'https://api.heygen.com/v2',
      'https://api.heygen.com?x',
      'https://api.heygen.com#x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://localhost.:1',
      'http://127.0.0.1.evil.com',
    ],
  },
  idempotency_key: {
    base: { api_version: 'v3' },
    arbitrary: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_\-:.]{1,300}$/), anyText()),
    examples: ['k', 'a'.repeat(255), 'a'.repeat(256), 'key with space', 'ключ', 'a/b'],
    accepted: (settings, value) => expect(settings.heygen.idempotencyKey).toBe(value === '' ? undefined : value),
  },
  request_timeout: durationCase((s) => s.timing.requestTimeoutMs, 30_000),
  wait_timeout: durationCase((s) => s.timing.waitTimeoutMs, 3_600_000),
  download_timeout: durationCase((s) => s.timing.downloadTimeoutMs, 1_800_000),
  poll_interval: durationCase((s) => s.timing.pollIntervalMs, 15_000),
  download_path: {
    arbitrary: fc.oneof(
      anyText(),
      fc.constantFrom('videos/', './a/../b', '../../outside', '/abs/path', 'C:\\x', '~/x', 'a'.repeat(300), `${'d/'.repeat(3000)}`),
    ),
    accepted: (settings, value) => expect(settings.files.downloadPath).toBe(value === '' ? undefined : value),
  },
  release: {
    base: { github_token: 'ghs_fuzz' },
    arbitrary: fc.oneof(fc.constantFrom('auto', 'v1.0.0', 'v1..0', '-x', 'a/', 'refs/tags/v1', 'v1 .0', 'v1~1', 'v1:0', 'x'.repeat(256)), anyText()),
    examples: ['auto', 'v1.4.0', 'release/2026-12', 'v1\n0', 'v1.'],
    accepted: (settings, value) => {
      expect(settings.publish?.release).toBe(value === '' ? undefined : value)
      // A step that publishes waits and downloads, to RUNNER_TEMP when no download_path is given.
      if (value !== '') expect(settings.work.wait && settings.files.downloadPath !== undefined).toBe(true)
    },
  },
  github_token: {
    base: { release: 'v1.0.0' },
    arbitrary: fc.oneof(anyText(), fc.stringMatching(/^gh[ps]_[A-Za-z0-9]{36}$/)),
    examples: ['', 'ghs_x', 'a b', 'tok\n', '${{ github.token }}'],
    accepted: (settings, value) => expect(settings.publish?.token).toBe(value),
  },
  republish: { ...booleanCase((s) => s.publish?.republish ?? false, false), base: { release: 'v1.0.0', github_token: 'ghs_fuzz' } },
  min_balance: {
    arbitrary: fc.oneof(numberish(), anyText()),
    examples: ['5', '$7.50', '500 credits', '1 credit', '-1', 'five', '$5 credits', '1e3'],
  },
  max_download_size: {
    arbitrary: fc.oneof(numberish(), anyText()),
    examples: ['8GiB', '8G', '1024', '1023', '64KiB', '1.5 GiB', '8GB', '0', '-1GiB', '1e9', '9999999999TiB'],
    accepted: (settings, value) => {
      if (value === '') expect(settings.files.maxDownloadBytes).toBe(8 * 1024 ** 3)
      else expect(settings.files.maxDownloadBytes).toBeGreaterThanOrEqual(1024)
    },
  },
  max_concurrency: {
    arbitrary: fc.oneof(numberish(), anyText()),
    examples: ['1', '64', '65', '0', '0064', '1.0', '٣'],
    accepted: (settings, value) => {
      if (value !== '') expect(settings.work.maxConcurrency).toBe(Number(value))
    },
  },
}

/** The common property: a clear InputError naming the input, or consistent settings that reflect the value. */
function checkOne(name: string, inputCase: InputCase, raw: string): void {
  const base = { ...BASE, ...inputCase.base }
  const outcome = parse({ ...base, [name]: raw })
  const value = seenByAction(name)
  if ('error' in outcome) {
    const secrets = name === 'api_key' ? [KEY, ...(value.length >= 8 ? [value] : [])] : [KEY]
    expectClearInputError(outcome.error, [name], secrets)
    return
  }
  expectConsistentSettings(outcome.settings)
  if (name !== 'api_key') expect(outcome.settings.heygen.apiKey).toBe(KEY)
  inputCase.accepted?.(outcome.settings, value)
}

describe('(a) every input, in-process: consistent settings or a clear error naming it', () => {
  let saved: NodeJS.ProcessEnv
  beforeEach(() => {
    saved = { ...process.env }
    delete process.env.HEYGEN_API_KEY
    // The run's repository, as the runner sets it: `release` needs one.
    process.env.GITHUB_REPOSITORY = 'octo-org/release-videos'
  })
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  })

  it('covers every input action.yml declares', () => {
    expect(Object.keys(CASES).sort()).toEqual([...INPUTS].sort())
  })

  for (const [name, inputCase] of Object.entries(CASES)) {
    it(`${name}: 500 hostile values`, () => {
      fc.assert(
        fc.property(inputCase.arbitrary, (raw) => checkOne(name, inputCase, raw)),
        { numRuns: 500, examples: (inputCase.examples ?? []).map((example) => [example] as [string]) },
      )
    })
  }

  it('all inputs hostile at once: consistent settings, or an error naming one of them', () => {
    const anyInput = fc.oneof(anyText(), nastyText(), urlShaped(), numberish(), booleanish())
    const blocks = fc.record(Object.fromEntries(INPUTS.map((name) => [name, fc.option(anyInput, { nil: undefined, freq: 2 })])))
    fc.assert(
      fc.property(blocks, (overrides) => {
        const inputs: Record<string, string> = { ...BASE }
        for (const [name, value] of Object.entries(overrides)) if (value !== undefined) inputs[name] = value
        const outcome = parse(inputs)
        if ('error' in outcome) {
          const secrets = inputs.api_key === KEY ? [KEY] : []
          expectClearInputError(outcome.error, INPUTS, secrets)
        } else {
          expectConsistentSettings(outcome.settings)
        }
      }),
      { numRuns: 500 },
    )
  })

  // Found by the properties above: the id and text checks stop at C0 and DEL, so C1 controls (U+0080-U+009F, NEL
  // among them) and the Unicode line/paragraph separators get through although the errors promise "no control
  // characters" and "one line".
  it.each([
    ['proofread_id', 'U+0085 (NEL)', 'pr\u0085nel'],
    ['proofread_id', 'U+009B (CSI), second of two ids', 'pr-1,pr\u009b2'],
    ['video_translate_id', 'U+0080', 'vt\u0080'],
  ])('%s refuses a C1 control character: %s', (name, _what, raw) => {
    const outcome = parse({ ...BASE, ...CASES[name]?.base, [name]: raw })
    expect('error' in outcome, `${name} ${visible(raw)} was accepted`).toBe(true)
    if ('error' in outcome) expectClearInputError(outcome.error, [name])
  })

  it.each([
    ['U+2028 LINE SEPARATOR', 'a\u2028b'],
    ['U+2029 PARAGRAPH SEPARATOR', 'a\u2029b'],
    ['U+0085 NEXT LINE (C1)', 'a\u0085b'],
    ['U+009B (C1)', 'a\u009bb'],
  ])('callback_id refuses %s: it must be one line without control characters', (_what, raw) => {
    const outcome = parse({ ...BASE, callback_id: raw })
    expect('error' in outcome, `callback_id ${visible(raw)} was accepted`).toBe(true)
    if ('error' in outcome) expectClearInputError(outcome.error, ['callback_id'])
  })

  it('HEYGEN_API_KEY stands in for an empty api_key, under the same rules', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText(),
          fc.string({ unit: 'binary-ascii' }).map((s) => `${KEY}${s}`),
        ),
        (raw) => {
          process.env.HEYGEN_API_KEY = raw
          const value = (process.env.HEYGEN_API_KEY ?? '').trim()
          const outcome = parse({ ...BASE, api_key: '' })
          delete process.env.HEYGEN_API_KEY
          if ('error' in outcome) expectClearInputError(outcome.error, ['api_key'], value.length >= 8 ? [value] : [])
          else {
            expectConsistentSettings(outcome.settings)
            expect(outcome.settings.heygen.apiKey).toBe(value)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// (b) end to end: the bundled action against the sandbox
// ---------------------------------------------------------------------------------------------------------------

/** Sandbox tokens would pick a scripted answer; an arbitrary id must not carry one by accident. */
function carriesToken(id: string): boolean {
  const words = ['html-502', 'malformed', 'ok-error', 'no-id', 'hang', 'reset', 'redirect', 'render-fails', 'never-finishes', 'unknown-status']
  const more = ['flap', 'no-captions', 'truncate', 'expire-once', 'slow-download', 'shape-string', 'shape-top']
  return (
    [...words, ...more].some((word) => hasToken(id, word)) ||
    statusToken(id) !== undefined ||
    limitToken(id) !== undefined ||
    ['flaky', 'slow', 'poll-503', 'size'].some((name) => numberToken(id, name) !== undefined)
  )
}

function v2Generate(id: string): string {
  return `/v2/video_translate/proofread/${encodeURIComponent(id)}/generate`
}
function v3Generate(id: string): string {
  return `/v3/video-translations/proofreads/${encodeURIComponent(id)}/generate`
}

describe('(b) end to end: the bundled action fails naming the input and sends nothing, or sends exactly what the value calls for', () => {
  let sandbox: Sandbox
  let root: string
  beforeAll(async () => {
    // Any id the fuzzer makes is a known proofread: these properties are about how ids are checked and encoded.
    sandbox = await startSandbox({ pendingPolls: 1, runningPolls: 1, anyProofread: true })
    root = await mkdtemp(nodePath.join(tmpdir(), 'heygen-fuzz-'))
  })
  afterAll(async () => {
    await sandbox?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  interface E2E {
    run: ActionRun
    api: RecordedRequest[]
    files: RecordedRequest[]
    /** What the same inputs give in-process: the oracle for "valid". */
    oracle: Outcome
  }

  let runs = 0
  /** One action run; the workspace sits six folders deep in a temporary root, so `..` in download_path stays inside it. */
  async function runE2E(inputs: Record<string, string>, key = KEY): Promise<E2E> {
    sandbox.reset()
    const workspace = nodePath.join(root, `run-${++runs}`, 'a', 'b', 'c', 'd', 'e', 'workspace')
    // No preflight: these properties count the generate calls an input leads to (the preflight has its own tests).
    const all = { base_url: sandbox.url, api_key: key, poll_interval: '0.05', wait_timeout: '20', preflight: 'false', ...inputs }
    mkdirSync(workspace, { recursive: true })
    const saved = { ...process.env }
    process.env.GITHUB_WORKSPACE = workspace
    const oracle = parse(all)
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
    const run = await runAction({ inputs: all, workspace, timeoutMs: 30_000 })
    rmSync(run.tempDir, { recursive: true, force: true })
    return { run, api: [...sandbox.requests], files: [...sandbox.fileRequests], oracle }
  }

  /** Rejected: exit 1, one error naming the input, and not one request. */
  function expectRejected(name: string, { run, api, files }: E2E): void {
    expect(run.code, run.log).toBe(1)
    expect(errorLine(run), run.log).toMatch(/^::error::Input `/)
    expect(errorLine(run), run.log).toContain(`\`${name}\``)
    expect(api.length + files.length, `a rejected ${name} sent ${api.map((r) => `${r.method} ${r.path}`).join(', ')}`).toBe(0)
  }

  /** Accepted: one generate call per id on its route, then only status/caption GETs for the jobs it got (and only when waiting). */
  function expectGenerated(
    e: E2E,
    ids: string[],
    version: 'v2' | 'v3',
    opts: { wait: boolean; body?: unknown; key?: string; idempotencyKey?: string },
  ) {
    const { run, api } = e
    expect(run.code, run.log).toBe(0)
    const posts = api.filter((r) => r.method === 'POST')
    const route = version === 'v2' ? v2Generate : v3Generate
    expect(posts.map((r) => r.path).sort()).toEqual(ids.map(route).sort())
    for (const post of posts) {
      expect(post.headers['x-api-key']).toBe(opts.key ?? KEY)
      if (opts.body !== undefined) expect(post.json).toEqual(opts.body)
      if (version === 'v3') {
        expect(post.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_\-:.]{1,255}$/)
        if (opts.idempotencyKey !== undefined) expect(post.headers['idempotency-key']).toBe(opts.idempotencyKey)
      } else expect(post.headers['idempotency-key']).toBeUndefined()
    }
    const jobs = sandbox.jobs.map((job) => job.id)
    expect(jobs).toHaveLength(ids.length)
    const gets = api.filter((r) => r.method !== 'POST')
    if (!opts.wait) expect(gets).toEqual([])
    for (const get of gets) {
      const status = /^\/v[23]\/video(?:_translate|-translations)\/([^/?]+)$/.exec(get.path)?.[1]
      const caption = /^\/v2\/video_translate\/caption\?video_translate_id=([^&]+)&caption_type=vtt$/.exec(get.path)?.[1]
      expect(jobs, `unexpected ${get.method} ${get.path}`).toContain(status ?? caption)
    }
    const outputIds = run.outputs.video_translate_id?.split('\n') ?? []
    expect(outputIds).toHaveLength(ids.length)
    expect(JSON.parse(run.outputs.results ?? '[]')).toHaveLength(ids.length)
  }

  /** The shared contract, then the input's own: `accepted` runs when the action succeeded. */
  function expectContract(name: string, e: E2E, accepted: (e: E2E) => void): void {
    expectCleanEnd(e.run)
    expectKeyNowhere(e.run, KEY)
    if (e.run.code === 1) expectRejected(name, e)
    else accepted(e)
    // The bundle and src agree on what is valid.
    expect('settings' in e.oracle ? 0 : 1, `dist/ and src/ disagree on ${name}`).toBe(e.run.code)
  }

  const opts = (numRuns: number, examples: string[] = []) => ({
    numRuns,
    endOnFailure: true,
    examples: examples.map((example) => [example] as [string]),
  })
  const passable = (arbitrary: fc.Arbitrary<string>) => arbitrary.map(throughEnv).filter(passableByRunner)

  it('proofread_id: each listed id is generated once on its own percent-encoded route, or nothing is sent', async () => {
    const values = passable(fc.oneof(idList(), anyText())).filter((raw) => !splitIds(raw).some(carriesToken))
    await fc.assert(
      fc.asyncProperty(values, async (raw) => {
        const e = await runE2E({ proofread_id: raw })
        expectContract('proofread_id', e, (ok) => {
          const ids = splitIds(raw.trim())
          expect(ids.every(idIsSane)).toBe(true)
          expectGenerated(ok, ids, 'v2', { wait: false, body: { captions: false, translate_audio_only: false } })
        })
      }),
      opts(8 * SCALE, ['pr-é/..?#%2F', 'a, b\nc', '..', ` ${'x'.repeat(200)} `]),
    )
  }, 60_000)

  it('api_key: sent only as x-api-key when valid, never printed; refused before any request otherwise', async () => {
    const keys = passable(fc.oneof(fc.string({ unit: 'binary-ascii' }), anyText())).map((s) => `${KEY}${s}`)
    await fc.assert(
      fc.asyncProperty(keys, async (raw) => {
        const key = raw.trim()
        const e = await runE2E({ proofread_id: 'pr-fuzz-key', api_key: raw }, key)
        expectCleanEnd(e.run)
        expectKeyNowhere(e.run, key)
        if (e.run.code === 1) expectRejected('api_key', e)
        else expectGenerated(e, ['pr-fuzz-key'], 'v2', { wait: false, key })
      }),
      opts(4 * SCALE, [`${KEY}%25`, `${KEY} tail`, `${KEY}\nline2`, `${KEY}::error::x`]),
    )
  }, 60_000)

  const generateOnly: Array<[string, fc.Arbitrary<string>, string[], number, (raw: string) => Record<string, string>]> = [
    ['callback_id', anyText(), ['release 1.0 🎬', 'x'.repeat(1001)], 3, () => ({})],
    ['callback_url', fc.oneof(urlShaped(), anyText()), ['https://user:pass@example.com/hook', 'javascript:alert(1)'], 3, () => ({})],
    ['captions', booleanish(), ['TRUE', 'yes'], 2, () => ({})],
    ['translate_audio_only', booleanish(), ['False'], 2, () => ({})],
    ['api_version', fc.oneof(fc.constantFrom('v2', 'V3', 'v1', 'v3 '), anyText()), ['V3'], 2, () => ({})],
    [
      'idempotency_key',
      fc.oneof(fc.stringMatching(/^[A-Za-z0-9_\-:.]{1,300}$/), anyText()),
      ['a'.repeat(255), 'a b'],
      3,
      () => ({ api_version: 'v3' }),
    ],
    ['request_timeout', fc.oneof(numberish(), anyText()), ['0.0001', '2m'], 3, () => ({})],
    ['wait_timeout', fc.oneof(numberish(), anyText()), ['0.0004'], 2, () => ({ wait_timeout: '' })],
    ['poll_interval', fc.oneof(numberish(), anyText()), [], 2, () => ({})],
    ['max_concurrency', fc.oneof(numberish(), anyText()), ['0064'], 2, () => ({})],
    ['wait', booleanish(), ['True'], 2, () => ({})],
  ]
  for (const [name, arbitrary, examples, numRuns, base] of generateOnly) {
    it(`${name}: one generate call with the value applied, or refused before any request`, async () => {
      await fc.assert(
        fc.asyncProperty(passable(arbitrary), async (raw) => {
          const e = await runE2E({ proofread_id: 'pr-fuzz-1', ...base(raw), [name]: raw })
          expectContract(name, e, (ok) => {
            const settings = (ok.oracle as { settings: Config }).settings
            expectGenerated(ok, ['pr-fuzz-1'], settings.heygen.apiVersion === 'v3' ? 'v3' : 'v2', {
              wait: settings.work.wait,
              body: settings.heygen.request,
              ...(settings.heygen.idempotencyKey ? { idempotencyKey: settings.heygen.idempotencyKey } : {}),
            })
            if (name === 'callback_id' || name === 'callback_url') {
              const sent = (ok.api.find((r) => r.method === 'POST')?.json ?? {}) as Record<string, unknown>
              expect(sent[name]).toBe(raw.trim() === '' ? undefined : raw.trim())
            }
          })
        }),
        opts(numRuns * SCALE, examples),
      )
    }, 60_000)
  }

  it('base_url (dry run): prints the route on the given origin, or is refused; nothing is sent either way', async () => {
    await fc.assert(
      fc.asyncProperty(passable(fc.oneof(urlShaped(), anyText())), async (raw) => {
        // A poll_interval every origin takes: HeyGen's own has a floor of 1 s (issue 27).
        const e = await runE2E({ proofread_id: 'pr-fuzz-1', dry_run: 'true', base_url: raw, poll_interval: '1' })
        expectContract('base_url', e, (ok) => {
          expect(ok.api.length + ok.files.length).toBe(0)
          const origin = (ok.oracle as { settings: Config }).settings.heygen.baseUrl
          expect(ok.run.log).toContain(`Dry run: would send POST ${origin}${v2Generate('pr-fuzz-1')}`)
          expect(ok.run.outputs.status).toBe('dry_run')
        })
      }),
      opts(4 * SCALE, ['https://user:pass@api.heygen.com', 'http://api.heygen.com', 'HTTPS://API.HEYGEN.COM:443/']),
    )
  }, 60_000)

  it('dry_run with any other input hostile: prints what it would send (never the key), or is refused; nothing is sent', async () => {
    const hostile = fc.tuple(fc.constantFrom('proofread_id', 'callback_id', 'callback_url', 'idempotency_key', 'download_path'), anyText())
    await fc.assert(
      fc.asyncProperty(
        hostile.filter(([, raw]) => passableByRunner(throughEnv(raw))),
        async ([name, raw]) => {
          const value = throughEnv(raw)
          const e = await runE2E({ proofread_id: 'pr-fuzz-1', api_version: 'v3', dry_run: 'true', [name]: value })
          expectContract(name, e, (ok) => {
            expect(ok.api.length + ok.files.length).toBe(0)
            expect(ok.run.log).toContain('x-api-key: (masked)')
            expect(ok.run.log).toContain('Dry run: would send POST')
          })
        },
      ),
      { numRuns: 4 * SCALE, endOnFailure: true },
    )
  }, 60_000)

  it('video_translate_id (resume + wait): only status calls on its own encoded route, or refused before any request', async () => {
    const values = passable(fc.oneof(idLike(), anyText())).filter((raw) => !carriesToken(raw))
    await fc.assert(
      fc.asyncProperty(values, async (raw) => {
        const e = await runE2E({ proofread_id: '', video_translate_id: raw, wait: 'true', wait_timeout: '3' })
        expectCleanEnd(e.run)
        expectKeyNowhere(e.run, KEY)
        if ('error' in e.oracle) return expectRejected('video_translate_id', e)
        // The sandbox never issued that id: HeyGen's 404 ends the step, after status calls on the right route only.
        expect(e.run.code).toBe(1)
        expect(e.api.length).toBeGreaterThan(0)
        // api_version auto asks v3's status route first, and v2's on its 404.
        const id = encodeURIComponent(raw.trim())
        for (const request of e.api)
          expect([`GET /v3/video-translations/${id}`, `GET /v2/video_translate/${id}`]).toContain(`${request.method} ${request.path}`)
        expect(errorLine(e.run)).toContain('404')
      }),
      opts(3 * SCALE, ['vt/../../x', 'vt?x=1']),
    )
  }, 60_000)

  // Found by the property below: a path the disk cannot hold passes every input check, so the video is generated (and
  // paid for), waited for, and only then does mkdir (or opening the .part file) fail with a raw ENAMETOOLONG that does
  // not name the input. Names are limited in bytes (255 per component on Linux), and the temporary file adds 15.
  it.each([
    ['a 300-character folder name', `${'x'.repeat(300)}/`],
    ['a 130-character folder name that is 260 bytes in UTF-8', `${'é'.repeat(130)}/`],
    ['a 245-character file name (it fits, its temporary .<name>.<hex>.part does not)', 'x'.repeat(245)],
    ['a path longer than PATH_MAX', 'd/'.repeat(2100)],
  ])(
    'download_path with %s is refused naming the input, before the paid generate call',
    async (_what, raw) => {
      const e = await runE2E({ proofread_id: 'pr-fuzz-size-4096', download_path: raw })
      expectCleanEnd(e.run)
      expectKeyNowhere(e.run, KEY)
      expectRejected('download_path', e)
    },
    30_000,
  )

  // Found by the request_timeout property: any duration of at least 1 ms is accepted, but a request_timeout in
  // milliseconds cannot hold a real generate call. At 50ms the v2 call reaches HeyGen, the job is created (paid), and the
  // step still fails with a timeout; at 1-5 ms nothing reaches HeyGen, yet the error says "the request was sent".
  it.each(['1ms', '50ms', '0.05'])(
    'request_timeout %s is refused naming the input, before anything is sent',
    async (raw) => {
      const e = await runE2E({ proofread_id: 'pr-fuzz-timeout', request_timeout: raw })
      expectCleanEnd(e.run)
      expectKeyNowhere(e.run, KEY)
      expectRejected('request_timeout', e)
    },
    30_000,
  )

  it('download_path: the video lands where the path says, or the path is refused before anything is paid for', async () => {
    // Relative paths only, that stay inside the temporary root (the workspace is six folders deep).
    const inside = (raw: string) => {
      const value = raw.trim()
      return value === '' || (!nodePath.isAbsolute(value) && nodePath.resolve('/r/1/2/3/4/5/6/w', value).startsWith('/r/'))
    }
    const values = passable(fc.oneof(anyText(), nastyText(), fc.constantFrom('videos/', 'out/video.mp4', '../sibling/', './a/./b/'))).filter(inside)
    await fc.assert(
      fc.asyncProperty(values, async (raw) => {
        const e = await runE2E({ proofread_id: 'pr-fuzz-size-4096', download_path: raw })
        expectContract('download_path', e, (ok) => {
          const blank = raw.trim() === ''
          expectGenerated(ok, ['pr-fuzz-size-4096'], 'v2', { wait: !blank })
          if (blank) return expect(ok.run.outputs.video_path).toBe('')
          const saved = ok.run.outputs.video_path ?? ''
          expect(statSync(saved).size).toBe(4096)
          const leftovers = readdirSync(nodePath.dirname(saved)).filter((file) => file.endsWith('.part'))
          expect(leftovers).toEqual([])
        })
      }),
      opts(4 * SCALE),
    )
  }, 60_000)
})
