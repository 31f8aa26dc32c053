// The thin layer over @actions/core (src/action/runner/runner.ts): core speaks the runner protocol; this layer keeps
// every registered secret, and its encoded forms, out of outputs, the job summary and log lines.
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as runner from '../../../src/action/runner/runner.js'
import { DOTNET_WHITE_SPACE, forgedCommands } from '../../helpers/runner-commands.js'
import { isolateEnv } from '../_env.js'
import { parseOutputEntries, tempFile } from '../_github-files.js'

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

  it.each([0, 1, 2])('the key inside a longer base64 text, %i bytes in, is redacted: every character it alone decides', (offset) => {
    const bytes = Buffer.from(`${'x'.repeat(offset)}${KEY}tail`)
    for (const encoded of [bytes.toString('base64'), bytes.toString('base64url')]) {
      const start = Math.ceil((8 * offset) / 6)
      const end = Math.floor((8 * (offset + KEY.length)) / 6)
      const core = encoded.slice(start, end)
      const out = printed(() => runner.info(`token ${encoded}`))
      for (let i = 0; i + 8 <= core.length; i++) expect(out, `${offset}: ${core.slice(i, i + 8)}`).not.toContain(core.slice(i, i + 8))
      expect(out).toContain('***')
    }
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
    const before = stdout.length
    await runner.appendSummary(`## Summary ${KEY}`)
    const out = stdout.slice(before).join('')
    expect(out).toBe('## Summary ***\n')
  })
})

describe('a piece of the key, cut out of a longer text elsewhere', () => {
  beforeEach(() => printed(() => runner.setSecret(KEY)))

  it.each([
    ['the first 17 characters (an excerpt cut inside the key)', `Invalid key ${KEY.slice(0, 17)}...`],
    ['the last 8 characters', `key ends ${KEY.slice(-8)}`],
    ['8 characters from the middle', `x${KEY.slice(5, 13)}y`],
  ])('%s is redacted from outputs, lines and the summary', (_what, text) => {
    const out = printed(() => runner.info(text))
    for (let i = 0; i + 8 <= KEY.length; i++) expect(out).not.toContain(KEY.slice(i, i + 8))
    expect(out).toContain('***')
  })

  it('7 characters of it are not (no key piece that short identifies it), and plain text is left alone', () => {
    expect(printed(() => runner.info(`Key ${KEY.slice(0, 7)} and a proofread`))).toBe(`Key ${KEY.slice(0, 7)} and a proofread\n`)
  })
})

describe('no line the action prints is a workflow command', () => {
  it.each([
    ['a line break then ::error', 'Started vid1\n::error file=x,line=1::INJECTED', 'Started vid1\n: :error file=x,line=1::INJECTED\n'],
    ['a carriage return then ::stop-commands', 'a\r  ::stop-commands::tok', 'a\r  : :stop-commands::tok\n'],
    ['##[ anywhere', 'status ##[add-mask]x', 'status ## [add-mask]x\n'],
  ])('info: %s is printed inert', (_what, message, shown) => {
    expect(printed(() => runner.info(message))).toBe(shown)
  })

  it.each(DOTNET_WHITE_SPACE.map((space) => [`U+${space.codePointAt(0)!.toString(16).padStart(4, '0')}`, space]))(
    'info: a line that starts with %s then :: is no command once the runner trims it (TrimStart trims every White_Space)',
    (_name, space) => {
      const out = printed(() => runner.info(`es\n${space}::warning title=X::forged\n${space}${space}::stop-commands::T\r${space}::error::x`))
      expect(forgedCommands(out)).toEqual([])
    },
  )

  it('annotations and debug lines never carry ##[ either', () => {
    const out = printed(() => {
      runner.warning('w ##[set-output name=video_path;]/etc/shadow')
      runner.debug('d ##[add-mask]x')
      runner.setFailed('f ##[add-mask]x')
    })
    expect(out).not.toContain('##[')
  })
})
