// What the user reads at the end: step outputs, the job summary, and the failure line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Settings } from '../../src/action/inputs.js'
import { escapeHtml, failureMessage, setOutputs, writeSummary } from '../../src/action/report.js'
import type { ProofreadResult } from '../../src/action/result.js'
import { isolateEnv } from './_env.js'
import { parseOutputEntries, readOutputs, tempFile } from './_github-files.js'

isolateEnv()

beforeEach(() => {
  // Outside a runner these helpers print; keep the test output clean.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
})

afterEach(() => {
  vi.restoreAllMocks()
})

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    apiKey: 'sk_test_key',
    proofreadIds: ['pr_a', 'pr_b'],
    request: { captions: true, translate_audio_only: false },
    apiVersion: 'v3',
    preflight: true,
    baseUrl: 'https://api.heygen.com',
    requestTimeoutMs: 30_000,
    downloadTimeoutMs: 1_800_000,
    dryRun: false,
    wait: true,
    waitTimeoutMs: 3_600_000,
    pollIntervalMs: 15_000,
    maxConcurrency: 4,
    ...overrides,
  }
}

const SUCCEEDED: ProofreadResult = {
  proofread_id: 'pr_a',
  video_translate_id: 'vt_a',
  status: 'success',
  video_url: 'https://cdn.example/a.mp4?sig=1&exp=2',
  caption_url: 'https://cdn.example/a.vtt',
  video_path: '/work/out/vt_a.mp4',
  caption_path: '/work/out/vt_a.vtt',
}

const FAILED: ProofreadResult = {
  proofread_id: 'pr_b',
  video_translate_id: 'vt_b',
  status: 'failed',
  message: '<script>alert("pwned")</script> | broken',
  error: 'HeyGen could not render video_translate_id vt_b: <script>alert("pwned")</script>',
}

describe('escapeHtml', () => {
  it('neutralises a script tag', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('escapes quotes, ampersands and the table pipe', () => {
    expect(escapeHtml(`a "b" 'c' & d | e`)).toBe('a &quot;b&quot; &#39;c&#39; &amp; d &#124; e')
  })

  it('does not double-escape: & goes first', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;')
  })

  it('turns LF and CRLF line breaks into spaces, so a message stays in its cell', () => {
    expect(escapeHtml('line 1\nline 2\r\nline 3')).toBe('line 1 line 2 line 3')
  })
})

describe('writeSummary', () => {
  // @actions/core's summary keeps the first file it writes to for the whole process: one file, emptied per test.
  const file = nodePath.join(mkdtempSync(nodePath.join(tmpdir(), 'heygen-report-')), 'summary.md')
  afterAll(() => rmSync(nodePath.dirname(file), { recursive: true, force: true }))
  async function summaryOf(results: ProofreadResult[], s: Settings, elapsedMs = 75_000): Promise<string> {
    writeFileSync(file, '')
    process.env.GITHUB_STEP_SUMMARY = file
    await writeSummary(results, s, elapsedMs)
    return readFileSync(file, 'utf8')
  }

  it('has a row per proofread, with its id, job id, status and API version', async () => {
    const summary = await summaryOf([SUCCEEDED, FAILED], settings())
    expect(summary).toContain('## HeyGen video from proofread')
    expect(summary.match(/<tr>/g)).toHaveLength(3)
    const rows = summary.split('\n').filter((line) => line.startsWith('<tr><td>'))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('<td><code>pr_a</code></td><td></td><td><code>vt_a</code></td><td>success</td><td>v3</td>')
    expect(rows[1]).toContain('<td><code>pr_b</code></td><td></td><td><code>vt_b</code></td><td>failed</td><td>v3</td>')
  })

  it('never carries raw markup from an API message', async () => {
    const summary = await summaryOf([SUCCEEDED, FAILED], settings())
    expect(summary).not.toContain('<script')
    expect(summary).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &#124; broken')
  })

  it('given a HeyGen message with lone CR line ends, no blank line splits the table (CR alone is a Markdown line ending)', async () => {
    const summary = await summaryOf([{ ...FAILED, message: 'Render failed.\r\rContact support.' }], settings({ wait: false }))
    expect(summary).toContain('<td>Render failed.  Contact support.</td>')
    expect(summary).not.toContain('\r')
  })

  it('links the video and captions and lists the saved files when waiting', async () => {
    const summary = await summaryOf([SUCCEEDED], settings())
    expect(summary).toContain('<th>Video</th><th>Saved to</th>')
    expect(summary).toContain('<a href="https://cdn.example/a.mp4?sig=1&amp;exp=2">video</a> · <a href="https://cdn.example/a.vtt">captions</a>')
    expect(summary).toContain('<code>/work/out/vt_a.mp4</code><br><code>/work/out/vt_a.vtt</code>')
    expect(summary).toContain('Finished in 1m 15s.')
    expect(summary).toContain('expire after 7 days')
  })

  it('never makes a javascript: link clickable', async () => {
    const summary = await summaryOf([{ ...SUCCEEDED, video_url: 'javascript:alert(1)', caption_url: undefined }], settings())
    expect(summary).toContain('<a href="#">video</a>')
    expect(summary).not.toContain('javascript:')
  })

  it('without wait there are no video or saved-to columns', async () => {
    const summary = await summaryOf([{ proofread_id: 'pr_a', video_translate_id: 'vt_a', status: 'processing' }], settings({ wait: false }))
    expect(summary).toContain('<tr><th>Proofread</th><th>Language</th><th>video_translate_id</th><th>Status</th><th>API</th><th>Message</th></tr>')
    expect(summary).not.toContain('Finished in')
  })

  it('a dry run says nothing was sent and no credits were spent', async () => {
    const summary = await summaryOf([{ proofread_id: 'pr_a', video_translate_id: '', status: 'dry_run' }], settings({ dryRun: true }))
    expect(summary).toContain('Dry run: nothing was sent to HeyGen and no credits were spent.')
    expect(summary).toContain('<td><code>-</code></td>')
    expect(summary).not.toContain('<th>Video</th>')
  })

  it('a failure without a HeyGen message shows the first line of the error only', async () => {
    const summary = await summaryOf(
      [{ proofread_id: 'pr_c', video_translate_id: '', status: 'failed', error: 'Gave up waiting\nTo resume it without generating' }],
      settings({ wait: false }),
    )
    expect(summary).toContain('<td>Gave up waiting</td>')
    expect(summary).not.toContain('To resume')
  })

  it('shows each proofread’s language and the API version that created its job', async () => {
    const summary = await summaryOf([{ ...SUCCEEDED, output_language: 'es', api_version: 'v2' }], settings({ apiVersion: 'auto' }))
    expect(summary).toContain('<td><code>pr_a</code></td><td>es</td><td><code>vt_a</code></td><td>success</td><td>v2</td>')
  })

  it('says nothing was spent when the preflight held every proofread back', () => {
    const message = failureMessage([
      { proofread_id: 'pr_es', video_translate_id: '', status: 'not_started', proofread_status: 'completed' },
      { proofread_id: 'pr_fr', video_translate_id: '', status: 'not_started', proofread_status: 'processing', error: 'not ready yet' },
    ])
    expect(message).toBe('Nothing was generated and no credits were spent, because 1 of 2 proofreads cannot go ahead:\n- pr_fr: not ready yet')
  })

  it('a resumed job shows (resumed) instead of a proofread id', async () => {
    const summary = await summaryOf([{ proofread_id: '', video_translate_id: 'vt_r', status: 'success' }], settings({ wait: false }))
    expect(summary).toContain('<td><code>(resumed)</code></td><td></td><td><code>vt_r</code></td>')
  })
})

describe('setOutputs', () => {
  it('writes one line per proofread in input order, and the results JSON', () => {
    const file = tempFile('output')
    process.env.GITHUB_OUTPUT = file
    const third: ProofreadResult = { proofread_id: 'pr_c', video_translate_id: 'vt_c', status: 'running' }
    setOutputs([SUCCEEDED, FAILED, third])
    const outputs = readOutputs(file)
    expect(outputs.get('video_translate_id')).toBe('vt_a\nvt_b\nvt_c')
    expect(outputs.get('status')).toBe('success\nfailed\nrunning')
    expect(outputs.get('video_url')).toBe('https://cdn.example/a.mp4?sig=1&exp=2\n\n')
    expect(outputs.get('caption_url')).toBe('https://cdn.example/a.vtt\n\n')
    expect(outputs.get('video_path')).toBe('/work/out/vt_a.mp4\n\n')
    expect(outputs.get('caption_path')).toBe('/work/out/vt_a.vtt\n\n')
    expect(outputs.get('message')).toBe(FAILED.message)
    expect(JSON.parse(outputs.get('results')!)).toEqual([SUCCEEDED, FAILED, third])
  })

  it('writes every documented output exactly once', () => {
    const file = tempFile('output')
    process.env.GITHUB_OUTPUT = file
    setOutputs([SUCCEEDED])
    const names = parseOutputEntries(readFileSync(file, 'utf8')).map(([name]) => name)
    expect(names.sort()).toEqual([
      'audio_path',
      'audio_url',
      'caption_path',
      'caption_url',
      'message',
      'output_language',
      'release_assets',
      'results',
      'status',
      'video_path',
      'video_translate_id',
      'video_url',
    ])
  })

  it('with one proofread the outputs are plain values', () => {
    const file = tempFile('output')
    process.env.GITHUB_OUTPUT = file
    setOutputs([SUCCEEDED])
    const outputs = readOutputs(file)
    expect(outputs.get('video_translate_id')).toBe('vt_a')
    expect(outputs.get('video_path')).toBe('/work/out/vt_a.mp4')
    expect(outputs.get('message')).toBe('')
  })
})

describe('failureMessage', () => {
  it('is undefined when everything went well', () => {
    expect(failureMessage([SUCCEEDED, { ...SUCCEEDED, proofread_id: 'pr_z' }])).toBeUndefined()
  })

  it('with one proofread is its error as is', () => {
    expect(failureMessage([FAILED])).toBe(FAILED.error)
  })

  it('with several names every failed proofread and why', () => {
    const other: ProofreadResult = { proofread_id: 'pr_c', video_translate_id: '', status: 'failed', error: 'HTTP 402 Insufficient credits' }
    expect(failureMessage([SUCCEEDED, FAILED, other])).toBe(
      `2 of 3 proofreads failed:\n- pr_b: ${FAILED.error}\n- pr_c: HTTP 402 Insufficient credits`,
    )
  })

  it('names a resumed job by its video_translate_id', () => {
    const resumed: ProofreadResult = { proofread_id: '', video_translate_id: 'vt_r', status: 'failed', error: 'expired' }
    expect(failureMessage([SUCCEEDED, resumed])).toBe('1 of 2 proofreads failed:\n- vt_r: expired')
  })
})
