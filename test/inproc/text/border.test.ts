// End to end (issue 17 point 1): HeyGen's text reaches the log, annotations, outputs, the summary and file names only
// in its safe form, judged the way the runner parses a log (ReadLine, then TrimStart of every Unicode white space).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { forgedCommands } from '../../helpers/runner-commands.ts'
import { useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Border-17-Zq8Wm'
const { act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05' } })

/** The longest line of the log, in characters. */
const longestLine = (run: ActionRun) => Math.max(...run.log.split(/\r\n|\r|\n/).map((line) => line.length))

describe('the preflight line and every later place of output_language', () => {
  it('a language whose lines start with U+0085, U+00A0 or U+2028 before :: forges no runner command', async () => {
    const workspace = tempDir('heygen-e2e-border-')
    const run = await act({ proofread_id: 'pr-evil-language', download_path: 'videos/{language}.mp4' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(forgedCommands(run.log)).toEqual([])
    // One line, its breaks written out: `\u0085::` stays inside the line, where the runner looks for nothing.
    expect(run.log).toContain('Preflight: pr-evil-language ready (es\\n\\u0085::warning title=X::forged\\n\\u0085::stop-commands::T\\n')
    expect(run.outputs.output_language?.split('\n')).toHaveLength(1)
    expect(readdirSync(join(workspace, 'videos'))).toEqual([expect.stringMatching(/^es-n-u0085-warning-title-x-forged-[a-z0-9-]+\.mp4$/)])
  })

  it('a language of a million characters is cut in every line, output and the summary', async () => {
    const run = await act({ proofread_id: 'pr-huge-language', wait: 'true' })
    expect(run.code, run.log).toBe(0)
    expect(longestLine(run)).toBeLessThan(8 * 1024)
    expect(run.log).toContain('more characters)')
    expect(run.outputs.output_language!.length).toBeLessThan(4 * 1024)
    expect(run.outputs.results!.length).toBeLessThan(16 * 1024)
    expect(run.summary.length).toBeLessThan(16 * 1024)
  })
})
