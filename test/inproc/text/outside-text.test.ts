// End to end: HeyGen answers with hostile text (sandbox tokens evil-id, evil-status, evil-message, long-message,
// huge-message, evil-url, echo-key). Whatever it sends, the user sees it as data: the runner acts on no line of the
// log, every output keeps one line per proofread, the summary stays small, and no piece of the key shows.
// The log is judged the way the runner parses it: a command at the start of a line (after spaces), `##[` anywhere.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ECHO_KEY_AT, ECHO_KEY_PAGE_AT, EVIL_MESSAGE } from '../../../sandbox/hostile-answers.ts'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { forgedCommands } from '../../helpers/runner-commands.ts'
import { annotations, errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Outside-Text-3f9Kq2Wz7Lm5'
const VERSIONS = ['v2', 'v3'] as const
/** The outputs that hold one line per proofread. */
const LINE_OUTPUTS = ['video_translate_id', 'status', 'video_url', 'caption_url', 'audio_url', 'video_path', 'caption_path', 'audio_path']

// Each `act` also checks the key, whole or by line, never leaks (harness.ts).
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.01', preflight: 'false' } })

/** The lines the runner would act on that are not the action's own commands (which core writes at column 0). */
function strayCommands(run: ActionRun): string[] {
  const own = /^::(add-mask|debug|notice|warning|error)::/
  return run.log.split(/\r\n|\r|\n/).filter((line) => line.includes('##[') || (line.trimStart().startsWith('::') && !own.test(line)))
}

/** Every 8-character piece of the key that shows anywhere the user can read. */
function keyPieces(run: ActionRun, key = KEY): string[] {
  const shown = [run.log.replace(/^::add-mask::.*$/gm, ''), ...Object.values(run.outputs), run.summary].join('\n')
  return Array.from({ length: key.length - 7 }, (_, i) => key.slice(i, i + 8)).filter((piece) => shown.includes(piece))
}

/** What every hostile run must keep true. */
function expectDataOnly(run: ActionRun, proofreads = 1): void {
  expect(strayCommands(run), run.log).toEqual([])
  expect(keyPieces(run)).toEqual([])
  for (const name of LINE_OUTPUTS) {
    const value = run.outputs[name]
    if (value !== undefined) expect(value.split('\n'), `output ${name}: ${JSON.stringify(value)}`).toHaveLength(proofreads)
  }
  expect((run.outputs.message ?? '').split('\n').length).toBeLessThanOrEqual(proofreads)
  const results = JSON.parse(run.outputs.results ?? '[]') as unknown[]
  expect(results).toHaveLength(proofreads)
  expect(run.stderr).toBe('')
  expect(run.log).not.toMatch(/^\s+at\s/m)
}

describe('a job id that ends the line and issues a workflow command (evil-id)', () => {
  it.each(VERSIONS)('%s: the paid job may exist, so the step says so with the id escaped, and never uses it', async (version) => {
    const run = await act({ api_version: version, proofread_id: `pr-evil-id-${version}`, download_path: 'videos/' })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    const error = errorOf(run)
    expect(error).toMatch(/"vid\d+\\n::error file=x,line=1::INJECTED"/)
    expect(error).toContain('not a usable id')
    expect(error).toMatch(/a job may have started/i)
    // The resume block names no id it could not use: the user is sent to HeyGen for the real one.
    expect(error).not.toMatch(/video_translate_id: vid/)
    expect(run.outputs.video_translate_id).toBe('')
    // The job exists at HeyGen (it was paid for); the id went into no status call and no file.
    expect(sandbox.jobs).toHaveLength(1)
    expect(sandbox.requests.map((request) => request.method)).toEqual(['POST'])
    expect(sandbox.fileRequests).toEqual([])
    expect(existsSync(join(run.workspace, 'videos'))).toBe(false)
  })
})

describe('a status word that is a runner command (evil-status)', () => {
  it.each(VERSIONS)('%s: shown inert while waiting, and the video still arrives', async (version) => {
    const run = await act({ api_version: version, proofread_id: `pr-evil-status-${version}`, wait: 'true' })

    expect(run.code, run.log).toBe(0)
    expectDataOnly(run)
    expect(run.log).toContain('## [add-mask]x')
    expect(run.outputs.status).toBe('success')
    expect(run.outputs.video_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/videos\//)
  })
})

describe('a failure message with workflow commands and a shell injection (evil-message)', () => {
  it.each(VERSIONS)('%s: the error, the message output and the summary show it on one line, acted on by nothing', async (version) => {
    const run = await act({ api_version: version, proofread_id: `pr-evil-message-${version}`, wait: 'true' })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    const shown = EVIL_MESSAGE.replace(/\n/g, '\\n').replace('##[', '## [')
    expect(run.outputs.message).toBe(shown)
    expect(errorOf(run)).toContain(shown)
    // The runner saw one warning at most, and never the injected one.
    expect(annotations(run.stdout, 'warning')).not.toContain('x')
    expect(run.summary).toContain('::warning::x\\n## [set-output')
  })
})

describe('a failure message of 512 KiB (long-message) and one of 5 MB (huge-message)', () => {
  it('512 KiB: the error, the message output and the summary each carry at most 2 KiB of it, and say how much was cut', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'pr-long-message', wait: 'true' })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    expect(run.outputs.message?.length).toBeLessThanOrEqual(2048)
    expect(run.outputs.message).toMatch(/\.\.\. \(\d+ more characters\)$/)
    expect(errorOf(run).length).toBeLessThan(4096)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(16 * 1024)
    expect(statSync(run.outputFile).size).toBeLessThan(32 * 1024)
    expect(Math.max(...run.log.split('\n').map((line) => line.length))).toBeLessThan(8192)
  })

  it('5 MB: the status answer is refused unread, and the step says why in one short line', async () => {
    const run = await act({ api_version: 'v2', proofread_id: 'pr-huge-message', wait: 'true' })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    expect(errorOf(run)).toContain('larger than 1 MiB')
    expect(statSync(run.outputFile).size).toBeLessThan(32 * 1024)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(16 * 1024)
  })

  it('twelve proofreads with 512 KiB messages: every output keeps one line per proofread, and the summary stays small', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `pr-many-${i}-long-message`)
    const run = await act({ api_version: 'v3', proofread_id: ids.join('\n'), wait: 'true', max_concurrency: '6' })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run, 12)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(128 * 1024)
    expect(statSync(run.outputFile).size).toBeLessThan(256 * 1024)
  }, 60_000)
})

describe('a video link that is not a plain http(s) URL (evil-url)', () => {
  it('wait only: the link is not output, a warning says why (escaped), and the step succeeds', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'pr-evil-url', wait: 'true' })

    expect(run.code, run.log).toBe(0)
    expectDataOnly(run)
    expect(run.outputs.video_url).toBe('')
    expect(run.summary).not.toContain('javascript:')
    const warning = annotations(run.stdout, 'warning').find((w) => w.includes('video link is not a plain http(s) link')) ?? ''
    expect(warning).toContain('javascript:alert("x")//\\n::error file=x,line=1::INJECTED')
  })

  it('with download_path: nothing is fetched and the step fails saying HeyGen gave no usable link', async () => {
    const run = await act({ api_version: 'v2', proofread_id: 'pr-evil-url-dl', download_path: 'videos/' })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    expect(errorOf(run)).toMatch(/no video link/)
    expect(sandbox.fileRequests).toEqual([])
    const folder = join(run.workspace, 'videos')
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([])
  })
})

describe('an error message that quotes the key (echo-key)', () => {
  it.each(VERSIONS)('%s 400: HeyGen words are shown with the key redacted, and no piece of it survives the cut', async (version) => {
    expect(ECHO_KEY_AT + 8).toBeGreaterThan(160)
    const run = await act({ api_version: version, proofread_id: `pr-echo-key-${version}` })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    const error = errorOf(run)
    expect(error).toContain('HTTP 400')
    expect(error).toContain('***')
  })

  it.each(VERSIONS)('%s 400 HTML page quoting the key where the excerpt is cut: the excerpt keeps no piece of it', async (version) => {
    expect(ECHO_KEY_PAGE_AT + 8).toBeLessThan(157)
    const run = await act({ api_version: version, proofread_id: `pr-echo-key-page-${version}` })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    const error = errorOf(run)
    expect(error).toContain('HTTP 400')
    expect(error).toContain('a non-JSON answer: "Bad Request: the gateway refused the header x-api-key')
    expect(error).toContain('***')
  })

  it.each(VERSIONS)('%s 401: HeyGen message is quoted with the key redacted, and what a 401 means', async (version) => {
    const run = await act({ api_version: version, proofread_id: `pr-echo-key-401-${version}` })

    expect(run.code, run.log).toBe(1)
    expectDataOnly(run)
    const error = errorOf(run)
    expect(error).toContain('HTTP 401')
    expect(error).toContain('x-api-key carried')
    expect(error).toContain('***')
    expect(error).toContain('the key was refused: check the secret')
    expect(tempDir).toBeDefined()
  })
})

// Issue 17 point 1: HeyGen's text reaches the log, annotations, outputs, the summary and file names only in its safe
// form, judged the way the runner parses a log (ReadLine, then TrimStart of every Unicode white space). Its own
// sandbox, with the preflight on (the preflight line is one of the places).
const BORDER_KEY = 'sk-e2e-Border-17-Zq8Wm'
const border = useSandbox({ key: BORDER_KEY, inputs: { poll_interval: '0.01' } })

/** The longest line of the log, in characters. */
const longestLine = (run: ActionRun) => Math.max(...run.log.split(/\r\n|\r|\n/).map((line) => line.length))

describe('the preflight line and every later place of output_language', () => {
  it('a language whose lines start with U+0085, U+00A0 or U+2028 before :: forges no runner command', async () => {
    const workspace = border.tempDir('heygen-e2e-border-')
    const run = await border.act({ proofread_id: 'pr-evil-language', download_path: 'videos/{language}.mp4' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(forgedCommands(run.log)).toEqual([])
    // One line, its breaks written out: `\u0085::` stays inside the line, where the runner looks for nothing.
    expect(run.log).toContain('Preflight: pr-evil-language ready (es\\n\\u0085::warning title=X::forged\\n\\u0085::stop-commands::T\\n')
    expect(run.outputs.output_language?.split('\n')).toHaveLength(1)
    expect(readdirSync(join(workspace, 'videos'))).toEqual([expect.stringMatching(/^es-n-u0085-warning-title-x-forged-[a-z0-9-]+\.mp4$/)])
  })

  it('a language of a million characters is cut in every line, output and the summary', async () => {
    const run = await border.act({ proofread_id: 'pr-huge-language', wait: 'true' })
    expect(run.code, run.log).toBe(0)
    expect(longestLine(run)).toBeLessThan(8 * 1024)
    expect(run.log).toContain('more characters)')
    expect(run.outputs.output_language!.length).toBeLessThan(4 * 1024)
    expect(run.outputs.results!.length).toBeLessThan(16 * 1024)
    expect(run.summary.length).toBeLessThan(16 * 1024)
  })
})
