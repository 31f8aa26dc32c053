// Our own runner protocol (src/runner.ts) must write exactly what @actions/core writes: the runner parses both the same way.
import { readFileSync } from 'node:fs'
import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as runner from '../../src/runner.js'
import { isolateEnv, setInputs } from './_env.js'
import { parseOutputEntries, tempFile } from './_github-files.js'

isolateEnv()

let stdout: string[]
let savedExitCode: typeof process.exitCode

beforeEach(() => {
  stdout = []
  savedExitCode = process.exitCode
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})

afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = savedExitCode
})

/** What a function writes to stdout. */
function printed(write: () => void): string {
  const before = stdout.length
  write()
  return stdout.slice(before).join('')
}

const VALUES: Array<[string, string]> = [
  ['video_translate_id', 'vt_1'],
  ['several', 'vt_a\nvt_b\n\nvt_d'],
  ['crlf', 'first\r\nsecond'],
  ['unicode', 'Vidéo traduite ✓ — 日本語 🎬'],
  ['percent', '100% done %0A not a newline'],
  ['empty', ''],
  ['looks_like_a_delimiter', 'ghadelimiter_00000000-0000-0000-0000-000000000000'],
  ['results', JSON.stringify([{ proofread_id: 'pr_1', message: 'line 1\nline 2' }])],
]

describe('setOutput', () => {
  it('writes the same name -> value pairs as @actions/core, for multi-line and unicode values too', () => {
    const ours = tempFile('ours')
    const theirs = tempFile('theirs')
    process.env.GITHUB_OUTPUT = ours
    for (const [name, value] of VALUES) runner.setOutput(name, value)
    process.env.GITHUB_OUTPUT = theirs
    for (const [name, value] of VALUES) core.setOutput(name, value)
    const oursParsed = parseOutputEntries(readFileSync(ours, 'utf8'))
    expect(oursParsed).toEqual(parseOutputEntries(readFileSync(theirs, 'utf8')))
    expect(oursParsed).toEqual(VALUES)
  })

  it('writes byte for byte the same file as @actions/core, apart from the random delimiters', () => {
    const ours = tempFile('ours')
    const theirs = tempFile('theirs')
    process.env.GITHUB_OUTPUT = ours
    for (const [name, value] of VALUES) runner.setOutput(name, value)
    process.env.GITHUB_OUTPUT = theirs
    for (const [name, value] of VALUES) core.setOutput(name, value)
    const normalise = (file: string) => readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER')
    expect(normalise(ours)).toBe(normalise(theirs))
  })

  it('uses a fresh delimiter for every output', () => {
    const file = tempFile('output')
    process.env.GITHUB_OUTPUT = file
    runner.setOutput('a', '1')
    runner.setOutput('b', '2')
    const delimiters = readFileSync(file, 'utf8').match(/<<(ghadelimiter_[0-9a-f-]{36})/g)
    expect(delimiters).toHaveLength(2)
    expect(new Set(delimiters).size).toBe(2)
  })

  it('outside a runner (no GITHUB_OUTPUT) prints the output instead of losing it', () => {
    expect(printed(() => runner.setOutput('status', 'success'))).toBe('Output status: success\n')
  })
})

describe('setSecret', () => {
  it('masks a one-line value with exactly the command @actions/core issues', () => {
    const value = 'sk_live_ABC%123'
    expect(printed(() => runner.setSecret(value))).toBe(printed(() => core.setSecret(value)))
    expect(printed(() => runner.setSecret(value))).toBe('::add-mask::sk_live_ABC%25123\n')
  })

  it('masks a multi-line value whole (as @actions/core does) and each of its lines too', () => {
    const value = 'line-one\nline-two\r\nline-three'
    const ours = printed(() => runner.setSecret(value))
      .split('\n')
      .filter(Boolean)
    const theirs = printed(() => core.setSecret(value))
      .split('\n')
      .filter(Boolean)
    expect(ours[0]).toBe(theirs[0])
    expect(ours).toEqual([
      '::add-mask::line-one%0Aline-two%0D%0Aline-three',
      '::add-mask::line-one',
      '::add-mask::line-two',
      '::add-mask::line-three',
    ])
  })

  it('an empty value issues nothing (an empty mask would hide nothing useful)', () => {
    expect(printed(() => runner.setSecret(''))).toBe('')
  })
})

describe('workflow commands', () => {
  const MESSAGE = '100% done\r\nnext line\nlast % line'

  it.each([
    ['warning', () => runner.warning(MESSAGE), () => core.warning(MESSAGE)],
    ['error', () => runner.error(MESSAGE), () => core.error(MESSAGE)],
    ['debug', () => runner.debug(MESSAGE), () => core.debug(MESSAGE)],
    ['info', () => runner.info(MESSAGE), () => core.info(MESSAGE)],
    ['startGroup', () => runner.startGroup('Proofread pr_1 %'), () => core.startGroup('Proofread pr_1 %')],
    ['endGroup', () => runner.endGroup(), () => core.endGroup()],
  ])('%s prints what @actions/core prints', (_name, ours, theirs) => {
    expect(printed(ours)).toBe(printed(theirs))
  })

  it('escapes %, CR and LF so a message cannot end the command early', () => {
    expect(printed(() => runner.warning(MESSAGE))).toBe('::warning::100%25 done%0D%0Anext line%0Alast %25 line\n')
  })

  it('a message that looks like a command stays inside one command', () => {
    const out = printed(() => runner.error('failed\n::add-mask::nothing'))
    expect(out).toBe('::error::failed%0A::add-mask::nothing\n')
    expect(out.split('\n').filter(Boolean)).toHaveLength(1)
  })

  it('setFailed sets exit code 1 and prints the error as @actions/core does', () => {
    const ours = printed(() => runner.setFailed('Input `captions` must be true or false'))
    expect(process.exitCode).toBe(1)
    process.exitCode = undefined
    const theirs = printed(() => core.setFailed('Input `captions` must be true or false'))
    expect(process.exitCode).toBe(1)
    expect(ours).toBe(theirs)
  })
})

describe('getInput', () => {
  it('reads INPUT_<NAME> trimmed, like @actions/core, for plain names and names with spaces', () => {
    setInputs({ proofread_id: '  pr_1\npr_2  \n', 'api key': ' sk_x ' })
    for (const name of ['proofread_id', 'PROOFREAD_ID', 'api key', 'missing_input']) {
      expect(runner.getInput(name)).toBe(core.getInput(name))
    }
    expect(runner.getInput('proofread_id')).toBe('pr_1\npr_2')
    expect(runner.getInput('missing_input')).toBe('')
  })
})

describe('appendSummary', () => {
  it('appends what @actions/core summary.addRaw(text, true).write() appends, unicode included', async () => {
    const texts = ['## HeyGen video from proofread', '<table>\n<tr><td>Vidéo ✓</td></tr>\n</table>', '']
    const ours = tempFile('ours.md')
    const theirs = tempFile('theirs.md')
    process.env.GITHUB_STEP_SUMMARY = ours
    for (const text of texts) runner.appendSummary(text)
    process.env.GITHUB_STEP_SUMMARY = theirs
    for (const text of texts) await core.summary.addRaw(text, true).write()
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(theirs, 'utf8'))
    expect(readFileSync(ours, 'utf8')).toBe('## HeyGen video from proofread\n<table>\n<tr><td>Vidéo ✓</td></tr>\n</table>\n\n')
  })

  it('outside a runner prints the summary instead', () => {
    expect(printed(() => runner.appendSummary('## Summary'))).toBe('## Summary\n')
  })
})
