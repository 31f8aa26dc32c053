// The user's `with:` block, as the runner passes it (INPUT_*), turned into settings or into one clear error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/action/config/errors.js'
import { getConfig, readApiKey } from '../../../src/action/config/inputs.js'
import { inputError, isolateEnv, setInputs, settingsWith, thrownBy } from '../_env.js'

isolateEnv()

const KEY = 'sk_test_Secr3tKey'

describe('given only api_key and proofread_id', () => {
  it('the user gets the documented defaults: auto, a preflight, api.heygen.com, no wait, 30 s requests, 30 min downloads, 1 h wait, 15 s polls, 4 at once', () => {
    const settings = settingsWith()
    expect(settings).toEqual({
      heygen: {
        apiKey: KEY,
        baseUrl: 'https://api.heygen.com',
        apiVersion: 'auto',
        request: { captions: false, translate_audio_only: false },
        preflight: true,
      },
      timing: { requestTimeoutMs: 30_000, downloadTimeoutMs: 1_800_000, waitTimeoutMs: 3_600_000, pollIntervalMs: 15_000 },
      files: { maxDownloadBytes: 8 * 1024 ** 3 },
      publish: undefined,
      work: { proofreadIds: ['pr_1'], maxConcurrency: 4, dryRun: false, wait: false },
    })
  })
})

describe('boolean inputs', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('captions: %s is read as %s', (raw, expected) => {
    expect(settingsWith({ captions: raw }).heygen.request.captions).toBe(expected)
  })

  it('translate_audio_only, dry_run and wait accept true too', () => {
    const settings = settingsWith({ translate_audio_only: 'true', dry_run: 'True', wait: 'TRUE' })
    expect([settings.heygen.request.translate_audio_only, settings.work.dryRun, settings.work.wait]).toEqual([true, true, true])
  })

  it('captions: yes is refused, naming the input and the accepted values', () => {
    const error = inputError({ captions: 'yes' })
    expect(error.input).toBe('captions')
    expect(error.message).toContain('`captions`')
    expect(error.message).toContain('true or false')
    expect(error.message).toContain('"yes"')
  })

  it.each(['wait', 'dry_run', 'translate_audio_only'])('%s: 1 is refused with the same wording', (input) => {
    const error = inputError({ [input]: '1' })
    expect(error.message).toContain(`\`${input}\``)
    expect(error.message).toContain('true or false')
  })
})

describe('the API key', () => {
  it('is read from the api_key input, trimmed as the runner trims inputs', () => {
    setInputs({ api_key: `  ${KEY}\n` })
    expect(readApiKey()).toBe(KEY)
  })

  it('falls back to the HEYGEN_API_KEY environment variable when the input is empty', () => {
    setInputs({ api_key: '' })
    process.env.HEYGEN_API_KEY = ` ${KEY} `
    expect(readApiKey()).toBe(KEY)
  })

  it('prefers the input over HEYGEN_API_KEY', () => {
    setInputs({ api_key: KEY })
    process.env.HEYGEN_API_KEY = 'sk_from_env'
    expect(readApiKey()).toBe(KEY)
  })

  it('when missing everywhere, the user is told how to pass it from a secret', () => {
    setInputs({ proofread_id: 'pr_1' })
    const error = thrownBy(() => getConfig())
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain('`api_key`')
    expect(error.message).toContain('is required')
    expect(error.message).toContain('HEYGEN_API_KEY')
  })

  it.each([
    ['a line break inside', 'sk_live_FIRSTHALF\nSECONDHALF', 'line break'],
    ['a carriage return inside', 'sk_live_FIRSTHALF\rSECONDHALF', 'line break'],
    ['a space inside', 'sk_live_FIRSTHALF SECONDHALF', 'space'],
    ['a non-ASCII character', 'sk_live_FIRSTHALFéSECONDHALF', 'non-ASCII'],
    ['a tab inside', 'sk_live_FIRSTHALF\tSECONDHALF', 'control'],
  ])('with %s is refused without echoing any part of the key', (_case, key, reason) => {
    setInputs({ proofread_id: 'pr_1', api_key: key })
    const error = thrownBy(() => getConfig())
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain('`api_key`')
    expect(error.message).toContain(reason)
    expect(error.message).not.toContain('FIRSTHALF')
    expect(error.message).not.toContain('SECONDHALF')
  })

  it('longer than 512 characters is refused without echoing it', () => {
    const key = `sk_${'Q'.repeat(600)}`
    setInputs({ proofread_id: 'pr_1', api_key: key })
    const error = thrownBy(() => getConfig())
    expect(error.message).toContain('at most 512')
    expect(error.message).not.toContain('QQQQ')
  })

  it('given explicitly to getConfig wins over the inputs (it was read and masked first)', () => {
    setInputs({ proofread_id: 'pr_1', api_key: 'sk_ignored' })
    expect(getConfig(KEY).heygen.apiKey).toBe(KEY)
  })
})

describe('proofread_id', () => {
  it('empty, without video_translate_id, is required', () => {
    const error = inputError({ proofread_id: '' })
    expect(error.input).toBe('proofread_id')
    expect(error.message).toContain('is required')
    expect(error.message).toContain('video_translate_id')
  })

  it('only blanks and commas is still empty', () => {
    expect(inputError({ proofread_id: ' ,\n , ' }).message).toContain('is required')
  })

  it('several ids by newline and comma, with blanks, keep their order', () => {
    expect(settingsWith({ proofread_id: 'pr_a\n\n pr_b , pr_c,,\r\npr_d\n' }).work.proofreadIds).toEqual(['pr_a', 'pr_b', 'pr_c', 'pr_d'])
  })

  it('a repeated id is refused and named, since it would be paid for twice', () => {
    const error = inputError({ proofread_id: 'pr_a\npr_dup, pr_b\npr_dup' })
    expect(error.input).toBe('proofread_id')
    expect(error.message).toContain('"pr_dup"')
    expect(error.message).toContain('more than once')
  })

  it.each(['.', '..', '...'])('%s is refused: it is a path segment, not an id', (id) => {
    const error = inputError({ proofread_id: id })
    expect(error.message).toContain('`proofread_id`')
    expect(error.message).toContain(JSON.stringify(id))
  })

  it.each([
    ['a space', 'pr one'],
    ['a tab', 'pr\tone'],
    ['an escape character', 'pr\u001bone'],
    ['a DEL', 'pr\u007fone'],
  ])('with %s is refused', (_case, id) => {
    const error = inputError({ proofread_id: id })
    expect(error.message).toContain('without spaces, control or invisible characters')
  })

  it('longer than 200 characters is refused', () => {
    expect(inputError({ proofread_id: 'p'.repeat(201) }).message).toContain('at most 200')
  })

  it('../../v1/x is accepted as is (the client encodes it into one path segment)', () => {
    expect(settingsWith({ proofread_id: '../../v1/x' }).work.proofreadIds).toEqual(['../../v1/x'])
  })
})

describe('video_translate_id (resume)', () => {
  it('alone resumes the job without any proofread', () => {
    const settings = settingsWith({ proofread_id: '', video_translate_id: 'vt_123' })
    expect(settings.work.resumeId).toBe('vt_123')
    expect(settings.work.proofreadIds).toEqual([])
  })

  it('together with proofread_id is refused', () => {
    const error = inputError({ video_translate_id: 'vt_123' })
    expect(error.input).toBe('video_translate_id')
    expect(error.message).toContain('`proofread_id`')
  })

  it('.. is refused like a proofread id', () => {
    expect(inputError({ proofread_id: '', video_translate_id: '..' }).input).toBe('video_translate_id')
  })
})

describe('api_version', () => {
  it.each([
    ['v2', 'v2'],
    ['v3', 'v3'],
    ['V3', 'v3'],
  ])('%s is read as %s', (raw, expected) => {
    expect(settingsWith({ api_version: raw }).heygen.apiVersion).toBe(expected)
  })

  it.each(['v1', 'v4', '3', 'latest'])('%s is refused with the accepted values', (raw) => {
    const error = inputError({ api_version: raw })
    expect(error.message).toContain('`api_version`')
    expect(error.message).toContain('v2 or v3')
    expect(error.message).toContain(JSON.stringify(raw))
  })
})

describe('base_url', () => {
  it.each([
    ['https://api.heygen.com', 'https://api.heygen.com'],
    ['https://api.heygen.com/', 'https://api.heygen.com'],
    ['https://eu.example.com:8443', 'https://eu.example.com:8443'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
    ['http://localhost', 'http://localhost'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ])('%s is accepted as the origin %s', (raw, origin) => {
    expect(settingsWith({ base_url: raw }).heygen.baseUrl).toBe(origin)
  })

  it.each([
    ['plain http to a public host', 'http://example.com'],
    ['ftp', 'ftp://api.heygen.com'],
    ['a path', 'https://api.heygen.com/v2'],
    ['a query', 'https://api.heygen.com/?x=1'],
    ['a fragment', 'https://api.heygen.com/#top'],
    ['credentials', 'https://user:pass@api.heygen.com'],
    ['a user name only', 'https://user@api.heygen.com'],
    ['no scheme', 'api.heygen.com'],
    ['http to a host merely named like localhost', 'http://localhost.example.com'],
  ])('with %s is refused, naming the accepted form', (_case, raw) => {
    const error = inputError({ base_url: raw })
    expect(error.input).toBe('base_url')
    expect(error.message).toContain('https origin')
    expect(error.message).toContain('localhost, 127.0.0.1 or [::1]')
  })
})

describe('callback_url and callback_id', () => {
  it('https://example.com/hook is accepted and goes into the request body', () => {
    expect(settingsWith({ callback_url: 'https://example.com/hook' }).heygen.request).toEqual({
      captions: false,
      translate_audio_only: false,
      callback_url: 'https://example.com/hook',
    })
  })

  it('empty leaves both fields out of the request body', () => {
    const { request } = settingsWith({ callback_url: '', callback_id: '' }).heygen
    expect(Object.keys(request).sort()).toEqual(['captions', 'translate_audio_only'])
  })

  it.each(['javascript:alert(1)', 'ftp://x', 'example.com/hook', 'https://', 'http:example.com', 'mailto:a@b.c'])(
    '%s is refused with an example of the accepted form',
    (raw) => {
      const error = inputError({ callback_url: raw })
      expect(error.input).toBe('callback_url')
      expect(error.message).toContain('absolute https URL')
      expect(error.message).toContain(JSON.stringify(raw))
    },
  )

  it.each([
    ['http://example.com/hook', 'clear text'],
    ['https://localhost/hook', 'HeyGen cannot call'],
    ['https://app.localhost/hook', 'HeyGen cannot call'],
    ['https://127.0.0.2:8443/hook', 'HeyGen cannot call'],
    ['https://2130706433/hook', 'HeyGen cannot call'],
    ['https://[::ffff:127.0.0.1]/hook', 'HeyGen cannot call'],
    ['https://172.20.0.1/hook', 'HeyGen cannot call'],
    ['https://100.64.1.1/hook', 'HeyGen cannot call'],
    ['https://[fd00::1]/hook', 'HeyGen cannot call'],
    ['https://0.0.0.0/hook', 'HeyGen cannot call'],
    ['https://printer.local/hook', 'HeyGen cannot call'],
    ['https://webhooks/hook', 'HeyGen cannot call'],
  ])('%s is refused: %s', (raw, why) => {
    const error = inputError({ callback_url: raw })
    expect(error.input).toBe('callback_url')
    expect(error.message).toContain(why)
  })

  it.each(['https://8.8.8.8/hook', 'https://[2606:4700::1111]/hook', 'https://hooks.example.com:8443/h?x=1', 'https://172.32.0.1/hook'])(
    '%s (a public host over https) is accepted',
    (raw) => {
      expect(settingsWith({ callback_url: raw }).heygen.request.callback_url).toBe(raw)
    },
  )

  it('a line break is refused before the URL parser could drop it, without quoting credentials', () => {
    const error = inputError({ callback_url: 'https://u:pa55word@hooks.example.com/a\nb' })
    expect(error.message).toContain('without control characters')
    expect(error.message).not.toContain('pa55word')
  })

  it('callback_id is passed through as text', () => {
    expect(settingsWith({ callback_id: 'release-42 / fr' }).heygen.request.callback_id).toBe('release-42 / fr')
  })

  it('a callback_id with a control character is refused', () => {
    expect(inputError({ callback_id: 'a\u0007b' }).input).toBe('callback_id')
  })
})

describe('durations', () => {
  it.each([
    ['30', 30_000],
    ['2.5', 2_500],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1500ms', 1_500],
  ])('request_timeout: %s is %i ms', (raw, ms) => {
    expect(settingsWith({ request_timeout: raw }).timing.requestTimeoutMs).toBe(ms)
  })

  it.each(['500ms', '0.5'])('request_timeout: %s is refused: under a second every paid call would time out after it may have started', (raw) => {
    const error = inputError({ request_timeout: raw })
    expect(error.input).toBe('request_timeout')
    expect(error.message).toContain('at least 1 s')
  })

  it.each(['abc', '0', '-1', '0s', '1e3', '5 minutes'])('request_timeout: %s is refused with the accepted forms', (raw) => {
    const error = inputError({ request_timeout: raw })
    expect(error.input).toBe('request_timeout')
    expect(error.message).toContain('positive duration')
    expect(error.message).toContain('90s')
  })

  it('wait_timeout and poll_interval take the same forms', () => {
    const settings = settingsWith({ wait_timeout: '2h', poll_interval: '5s' })
    expect([settings.timing.waitTimeoutMs, settings.timing.pollIntervalMs]).toEqual([7_200_000, 5_000])
  })

  it('wait_timeout beyond a week is refused as a typo', () => {
    expect(inputError({ wait_timeout: '169h' }).input).toBe('wait_timeout')
  })

  it('poll_interval: 0 is refused (it would spin)', () => {
    expect(inputError({ poll_interval: '0' }).input).toBe('poll_interval')
  })
})

describe('idempotency_key', () => {
  it('is accepted with api_version v3', () => {
    expect(settingsWith({ api_version: 'v3', idempotency_key: 'release-42:fr_v1.0' }).heygen.idempotencyKey).toBe('release-42:fr_v1.0')
  })

  it('is absent from the settings when not given', () => {
    expect('idempotencyKey' in settingsWith({ api_version: 'v3' })).toBe(false)
  })

  it('with v2 is refused: v2 has no idempotency', () => {
    const error = inputError({ idempotency_key: 'abc', api_version: 'v2' })
    expect(error.input).toBe('idempotency_key')
    expect(error.message).toContain('api_version: v3')
  })

  it.each([
    ['a slash', 'owner/repo'],
    ['a space', 'a b'],
    ['a non-ASCII letter', 'clé'],
    ['256 characters', 'k'.repeat(256)],
  ])('with %s is refused, naming the alphabet', (_case, key) => {
    const error = inputError({ api_version: 'v3', idempotency_key: key })
    expect(error.input).toBe('idempotency_key')
    expect(error.message).toContain('1-255 characters')
  })

  it('of exactly 255 characters is accepted', () => {
    expect(settingsWith({ api_version: 'v3', idempotency_key: 'k'.repeat(255) }).heygen.idempotencyKey).toHaveLength(255)
  })

  it('with several proofread ids is refused (each gets its own derived key)', () => {
    const error = inputError({ api_version: 'v3', idempotency_key: 'abc', proofread_id: 'pr_a\npr_b' })
    expect(error.input).toBe('idempotency_key')
    expect(error.message).toContain('several proofread ids')
  })
})

describe('download_path', () => {
  it('implies waiting, since a download needs the finished video', () => {
    const settings = settingsWith({ download_path: 'out/' })
    expect(settings.work.wait).toBe(true)
    expect(settings.files.downloadPath).toBe('out/')
  })

  it('implies waiting even when wait: false is written', () => {
    expect(settingsWith({ download_path: 'out/video.mp4', wait: 'false' }).work.wait).toBe(true)
  })

  it('with a control character is refused', () => {
    expect(inputError({ download_path: 'out\u0001/x.mp4' }).input).toBe('download_path')
  })

  it('with several proofreads, an existing file is refused before anything is paid for', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'inputs-'))
    writeFileSync(join(workspace, 'videos'), 'not a folder')
    process.env.GITHUB_WORKSPACE = workspace
    try {
      const error = inputError({ proofread_id: 'a,b', download_path: 'videos' })
      expect(error.input).toBe('download_path')
      expect(error.message).toContain('must be a folder')
      expect(settingsWith({ proofread_id: 'a', download_path: 'videos' }).files.downloadPath).toBe('videos')
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
  })
})

describe('max_concurrency', () => {
  it.each([
    ['1', 1],
    ['64', 64],
    ['8', 8],
  ])('%s is accepted', (raw, value) => {
    expect(settingsWith({ max_concurrency: raw }).work.maxConcurrency).toBe(value)
  })

  it.each(['0', '65', '2.5', '-1', 'four'])('%s is refused with the range', (raw) => {
    const error = inputError({ max_concurrency: raw })
    expect(error.input).toBe('max_concurrency')
    expect(error.message).toContain('from 1 to 64')
  })
})

describe('no input error ever shows the key', () => {
  it.each<Record<string, string>>([
    { captions: 'yes' },
    { base_url: 'http://example.com' },
    { request_timeout: 'abc' },
    { proofread_id: 'a\na' },
    { api_version: 'v9' },
  ])('%o', (inputs) => {
    expect(inputError(inputs).message).not.toContain(KEY)
  })
})
