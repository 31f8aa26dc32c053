// A paid job whose upload failed: its proofread's claim stays on the release naming the job, so another run for the
// proofread is refused with the block that publishes it (never a second payment); the recovery block (video_translate_id
// and proofread_id) publishes it as the proofread's ledger entry, and later runs pay nothing. In-process: the story is
// the ledger's and the claims' rules, and the failed upload's retries wait GitHub's backoff, shrunk here (8 s spawned).
import { describe, expect, it } from 'vitest'
import { errorOf } from '../harness.ts'
import { useRelease } from '../release-harness.ts'

const { sandbox, github, publish, names } = useRelease('sk-e2e-Rc4e-63f4-Zs', 5)

/** The `with:` lines of the error's recovery block, as inputs. */
function recoveryInputs(error: string): Record<string, string> {
  const block = error.slice(error.indexOf('  with:\n') + '  with:\n'.length)
  return Object.fromEntries(
    block
      .split('\n')
      .map((line) => /^ {4}([a-z_]+): (.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']),
  )
}

describe('a paid job that could not be published', () => {
  it('holds its proofread against other runs, and its recovery block publishes it into the ledger', async () => {
    github.failures.uploads500 = 99
    github.failures.uploadNames = /\.mp4$/
    const failed = await publish({ proofread_id: 'a1-es' }, { GITHUB_RUN_ID: '601' })
    expect(failed.code).toBe(1)
    const job = sandbox.jobs[0]!.id
    const inputs = recoveryInputs(errorOf(failed))
    expect(inputs).toMatchObject({ video_translate_id: job, proofread_id: 'a1-es', release: 'v1.0.0' })
    // The claim stays, naming the paid job.
    expect(github.assets().map((a) => a.label)).toEqual([
      expect.stringMatching(new RegExp(`^heygen claim · proofread a1-es · run 601 .* · paid job ${job}$`)),
    ])
    github.failures.uploads500 = 0

    // Another run for the proofread pays nothing: refused, with the block that publishes the job.
    const other = await publish({ proofread_id: 'a1-es' }, { GITHUB_RUN_ID: '602' })
    expect(other.code).toBe(1)
    expect(sandbox.jobs).toHaveLength(1)
    expect(errorOf(other)).toContain(`proofread a1-es was paid for by run 601`)
    expect(errorOf(other)).toContain(`video_translate_id: ${job}`)

    // The recovery block: the job published as the proofread's, the claim taken over and released.
    const resumed = await publish(inputs, { GITHUB_RUN_ID: '603' })
    expect(resumed.code, resumed.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(1)
    expect(names()).toEqual(['a1-es.mp4'])
    expect(github.assets()[0]?.label).toBe(`Spanish (Spain) · video · proofread a1-es · job ${job}`)

    // And the proofread's next run finds it in the ledger.
    const later = await publish({ proofread_id: 'a1-es' }, { GITHUB_RUN_ID: '604' })
    expect(later.code, later.log).toBe(0)
    expect(JSON.parse(later.outputs.results ?? '[]')).toMatchObject([{ proofread_id: 'a1-es', status: 'published', video_translate_id: job }])
    expect(sandbox.jobs).toHaveLength(1)
  })
})
