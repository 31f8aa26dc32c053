// The thin layer over @actions/core (src/action/runner.ts): core speaks the runner protocol; this layer keeps
// every registered secret, and its encoded forms, out of outputs, the job summary and log lines.
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as runner from '../../src/action/runner.js'
import { isolateEnv } from './_env.js'
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

const KEY = 'sk_live_Runner+Test/Key=='

describe('setSecret', () => {
  it('asks the runner to mask the value, and each line of a multi-line value', () => {
    expect(printed(() => runner.setSecret('line-one\nline-two'))).toBe(
      '::add-mask::line-one%0Aline-two\n::add-mask::line-one\n::add-mask::line-two\n',
    )
  })

  it('an empty value issues nothing (an empty mask would hide nothing useful)', () => {
    expect(printed(() => runner.setSecret(''))).toBe('')
  })
})

describe('redaction of what the action writes itself', () => {
  beforeEach(() => printed(() => runner.setSecret(KEY)))

  const forms = [
    ['plain', KEY],
    ['base64', Buffer.from(KEY).toString('base64')],
    ['URL-encoded', encodeURIComponent(KEY)],
  ]

  it.each(forms)('an output never holds the key in %s form', (_form, shown) => {
    const file = tempFile('output')
    process.env.GITHUB_OUTPUT = file
    runner.setOutput('message', `HeyGen said: bad key ${shown}.`)
    expect(parseOutputEntries(readFileSync(file, 'utf8'))).toEqual([['message', 'HeyGen said: bad key ***.']])
  })

  it('the job summary never holds the key in any of those forms', async () => {
    const file = tempFile('summary.md')
    process.env.GITHUB_STEP_SUMMARY = file
    await runner.appendSummary(forms.map(([, shown]) => `<td>${shown}</td>`).join(''))
    expect(readFileSync(file, 'utf8')).toBe('<td>***</td><td>***</td><td>***</td>\n')
  })

  it('log lines and the failure annotation are redacted too', () => {
    const out = printed(() => {
      runner.info(`info ${KEY}`)
      runner.warning(`warning ${KEY}`)
      runner.setFailed(`failed ${KEY}`)
    })
    expect(out).not.toContain(KEY)
    expect(out).toBe('info ***\n::warning::warning ***\n::error::failed ***\n')
    expect(process.exitCode).toBe(1)
  })

  it('outside a runner (no summary file) the summary is printed instead, still redacted', async () => {
    let out = ''
    const before = stdout.length
    await runner.appendSummary(`## Summary ${KEY}`)
    out = stdout.slice(before).join('')
    expect(out).toBe('## Summary ***\n')
  })
})
