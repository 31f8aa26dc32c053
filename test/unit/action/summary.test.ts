// Issue 27: what a release manager reads: the summary's totals, rows and timeline, and one failure message per cause.
import { describe, expect, it, vi } from 'vitest'
import { failureMessage, resultsJson } from '../../../src/action/report/report.js'
import type { ProofreadResult } from '../../../src/action/report/result.js'
import { Spending, spendingLine } from '../../../src/action/report/spending.js'
import { relativeTo, summaryMarkdown, timelineChart, TIMELINE_MAX_LANGUAGES } from '../../../src/action/report/summary.js'
import { batchOf, FAILURE, releaseSummary } from '../../summary/batch.js'

describe('the summary', () => {
  it('says the totals first: done, failed, held back, how many languages, how long, then the cost', () => {
    const lines = summaryMarkdown(releaseSummary(10)).split('\n')
    expect(lines[2]).toBe('**✅ 8 done · ❌ 1 failed · ⏸️ 1 held back** · 10 languages in 41m 12s')
    expect(lines[4]).toMatch(/^Spent: 10 paid generate calls sent/)
  })

  it('puts the failed row first with its reason in its row, never the absolute runner path', () => {
    const markdown = summaryMarkdown(releaseSummary(10))
    const rows = markdown.split('\n').filter((l) => l.startsWith('<tr><td>'))
    expect(rows[0]).toContain(`<td>❌ Failed</td><td>${FAILURE.replace(/'/g, '&#39;')}</td>`)
    expect(rows[1]).toContain('<td>⏸️ Held back</td>')
    expect(markdown).not.toContain('/home/runner/work')
    expect(markdown).toContain('<code>videos/launch-es-ES.mp4</code>')
  })

  it('links the video, captions, audio and the release asset in a few words', () => {
    const row = summaryMarkdown(releaseSummary(3))
      .split('\n')
      .find((l) => l.includes('Spanish (Spain)'))
    expect(row?.replace(/href="[^"]*"/g, 'href')).toBe(
      '<tr><td>Spanish (Spain) <code>es-ES</code></td><td>✅ Done</td><td><a href>video</a> · <a href>captions</a> · <a href>audio</a> · <a href>release</a></td><td>11m\u00a00s</td></tr>',
    )
  })

  it('shows the video’s length beside its link once the result carries it', () => {
    const [first] = batchOf(1).map((r) => ({
      ...r,
      status: 'success',
      error: undefined,
      message: undefined,
      video_url: 'https://cdn.example/v.mp4',
      duration: 95,
    }))
    const markdown = summaryMarkdown({ ...releaseSummary(1), results: [first!] })
    expect(markdown).toContain('>video (1m 35s)</a>')
  })

  it('a failure reason from HeyGen is escaped and cut to 300 characters on its row', () => {
    const long: ProofreadResult = { proofread_id: 'pr', video_translate_id: 'vt', status: 'failed', message: `<b>${'x'.repeat(1000)}` }
    const markdown = summaryMarkdown({ ...releaseSummary(1), results: [long] })
    const row = markdown.split('\n').find((l) => l.includes('❌ Failed')) ?? ''
    expect(row).toContain('&lt;b&gt;xxx')
    expect(row).not.toContain('x'.repeat(400))
  })
})

describe('the timeline', () => {
  it('is a Mermaid Gantt with a section per language and its phases', () => {
    const chart = timelineChart(batchOf(3)) ?? ''
    expect(chart).toContain('```mermaid\ngantt\n  dateFormat x')
    expect(chart.match(/section /g)).toHaveLength(3)
    expect(chart).toMatch(/ {2}rendering :crit, \d+, \d+/)
  })

  it(`draws at most the ${TIMELINE_MAX_LANGUAGES} slowest languages of a large batch, and says so`, () => {
    const chart = timelineChart(batchOf(50)) ?? ''
    expect(chart.match(/section /g)).toHaveLength(TIMELINE_MAX_LANGUAGES)
    expect(chart).toContain(`Timeline of the ${TIMELINE_MAX_LANGUAGES} slowest of 49 languages`)
  })

  it('is left out when no job has timings (no wait, or an orchestrator that does not set them)', () => {
    expect(timelineChart(batchOf(3).map((r) => ({ ...r, timings: undefined })))).toBeUndefined()
    expect(summaryMarkdown({ ...releaseSummary(3), waited: false })).not.toContain('mermaid')
  })

  it('a hostile language name cannot break out of its section title', () => {
    const [r] = batchOf(1)
    const chart = timelineChart([{ ...r!, language_code: undefined, output_language: 'x\n```\n<script>: crit, 1, 2 %% #' }]) ?? ''
    expect(chart).toContain('  section x script crit 1 2\n')
    expect(chart.match(/```/g)).toHaveLength(2)
  })
})

describe('workspace-relative paths', () => {
  it.each([
    ['/home/runner/work/a/a', '/home/runner/work/a/a/videos/es.mp4', 'videos/es.mp4'],
    ['/home/runner/work/a/a', '/home/runner/work/_temp/heygen/es.mp4', '/home/runner/work/_temp/heygen/es.mp4'],
    ['D:\\a\\acme\\acme', 'D:\\a\\acme\\acme\\videos\\es.mp4', 'videos/es.mp4'],
    [undefined, '/x/es.mp4', '/x/es.mp4'],
  ])('in %s, %s is shown as %s', (workspace, file, shown) => {
    expect(relativeTo(workspace, file)).toBe(shown)
  })
})

describe('the failure message says one cause once', () => {
  it('a refused key with 3 proofreads: one 401 paragraph naming all three, not three', () => {
    const refusal = (id: string, request: string): ProofreadResult => ({
      proofread_id: id,
      video_translate_id: '',
      status: 'failed',
      error: `POST /v3/video-translations/proofreads/${id}/generate failed: HeyGen answered HTTP 401 Unauthorized with unauthorized: Invalid API key; the key was refused: check the secret (X-Request-Id: ${request})`,
    })
    const message = failureMessage([refusal('pr_es', 'r1'), refusal('pr_fr', 'r2'), refusal('pr_de', 'r3')]) ?? ''
    expect(message.match(/HTTP 401/g)).toHaveLength(1)
    expect(message).toContain('3 of 3 proofreads failed:\n- pr_es, pr_fr, pr_de (3 proofreads, the same error; said once, for pr_es):')
  })

  it('different causes keep a line each', () => {
    const message = failureMessage([
      { proofread_id: 'pr_a', video_translate_id: '', status: 'failed', error: 'HTTP 402 Insufficient credits' },
      { proofread_id: 'pr_b', video_translate_id: '', status: 'failed', error: 'the connection was refused' },
    ])
    expect(message).toBe('2 of 2 proofreads failed:\n- pr_a: HTTP 402 Insufficient credits\n- pr_b: the connection was refused')
  })
})

describe('the held-back count agrees between the cost line and the error', () => {
  // Two proofreads naming one file: both ready at the preflight, both held back before any paid call.
  const collision: ProofreadResult[] = [
    {
      proofread_id: 'pr_1',
      video_translate_id: '',
      status: 'not_started',
      proofread_status: 'completed',
      error: 'videos/Spanish.mp4 is also pr_2’s file',
    },
    {
      proofread_id: 'pr_2',
      video_translate_id: '',
      status: 'not_started',
      proofread_status: 'completed',
      error: 'videos/Spanish.mp4 is also pr_1’s file',
    },
    { proofread_id: 'pr_3', video_translate_id: '', status: 'not_started', proofread_status: 'completed' },
  ]

  it('a file collision: the cost line and the error both say 3 held back', () => {
    expect(spendingLine(collision, new Spending(), false)).toContain('3 proofreads held back by the preflight')
    expect(failureMessage(collision)).toMatch(
      /^Nothing was generated and no credits were spent: all 3 proofreads held back, because 2 of 3 cannot go ahead:/,
    )
    expect(summaryMarkdown({ ...releaseSummary(1), results: collision })).toContain('⏸️ 3 held back')
  })

  it('an unmappable language (no proofread status at all) is counted too', () => {
    const unmapped: ProofreadResult[] = [
      { proofread_id: 'pr_x', video_translate_id: '', status: 'not_started', error: 'Klingon has no language code' },
    ]
    expect(spendingLine(unmapped, new Spending(), false)).toContain('1 proofread held back by the preflight')
  })
})

describe('the results output', () => {
  it('leaves out the timings, which only feed the summary', () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const parsed = JSON.parse(resultsJson(batchOf(2))) as object[]
    expect(parsed.every((r) => !('timings' in r))).toBe(true)
    vi.restoreAllMocks()
  })
})

describe('a cause that holds the whole step back is said once', () => {
  const error = 'the release with tag v9.9.9 does not exist: create it first, or set release: auto'
  const missing: ProofreadResult[] = ['pr_es', 'pr_fr', 'pr_de'].map((id) => ({
    proofread_id: id,
    video_translate_id: '',
    status: 'not_started',
    error,
  }))

  it('the failure message is that one error', () => {
    expect(failureMessage(missing)).toBe(
      `Nothing was generated and no credits were spent: ${error}\n(The same for all 3 proofreads: pr_es, pr_fr, pr_de.)`,
    )
  })

  it('the summary says it once under the totals, and the rows point to it', () => {
    const markdown = summaryMarkdown({ ...releaseSummary(1), results: missing })
    expect(markdown.split(error)).toHaveLength(2)
    expect(markdown).toContain(`**Why:** ${error}`)
    expect(markdown.match(/the reason above/g)).toHaveLength(3)
  })
})

describe('errors about jobs stay one per job', () => {
  it('two jobs that failed the same way each keep their own resume block', () => {
    const failed = ['vt_1', 'vt_2'].map((vt, i): ProofreadResult => ({
      proofread_id: `pr_${i}`,
      video_translate_id: vt,
      status: 'failed',
      error: `the download of ${vt} failed.\nTo resume it, run this action with:\n  with:\n    video_translate_id: ${vt}`,
    }))
    const message = failureMessage(failed) ?? ''
    expect(message).toContain('    video_translate_id: vt_1')
    expect(message).toContain('    video_translate_id: vt_2')
  })
})
