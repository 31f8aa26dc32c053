// Property-based tests of every action input with hostile values (arbitrary Unicode, control characters, 10k-character
// values, URL-shaped strings, id lists), in-process, hundreds of cases per input: getConfig() returns consistent
// settings or throws an InputError that names the input, stays short and never quotes the key. What the step then does
// with each value (sends nothing, or exactly the requests it calls for) is inputs-step.property.test.ts; that the bundle
// agrees with src/ on what is valid is inputs.property.test.ts.
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config } from '../../src/action/config/inputs.js'
import { anyText, booleanish, idLike, idList, longText, nastyText, numberish, urlShaped } from './arbitraries.ts'
import { expectClearInputError, expectConsistentSettings, KEY, splitIds, visible } from './contract.ts'
import { BASE, INPUTS, parse, seenByAction } from './parse-inputs.ts'

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
    // Found by this property: an unknown placeholder's name was shown raw, control characters and all.
    examples: ['{\u000b}', `{${'\u0001'.repeat(500)}}`],
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

describe('every input, in-process: consistent settings or a clear error naming it', () => {
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
