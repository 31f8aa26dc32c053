// What the user reads at the end: step outputs, the job summary, and the failure line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Config, HeyGenConfig, WorkConfig } from '../../../src/action/config/inputs.js'
import { escapeHtml, failureMessage, resultsJson, setOutputs, writeSummary } from '../../../src/action/report/report.js'
import { setSecret } from '../../../src/action/runner/runner.js'
import type { ProofreadResult } from '../../../src/action/report/result.js'
import { isolateEnv } from '../_env.js'
import { parseOutputEntries, readOutputs, tempFile } from '../_github-files.js'

isolateEnv()

beforeEach(() => {
  // Outside a runner these helpers print; keep the test output clean.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
})

afterEach(() => {
  vi.restoreAllMocks()
})

function settings(work: Partial<WorkConfig> = {}, heygen: Partial<HeyGenConfig> = {}): Config {
  return {
    heygen: {
      apiKey: 'sk_test_key',
      baseUrl: 'https://api.heygen.com',
      apiVersion: 'v3',
      request: { captions: true, translate_audio_only: false },
      preflight: true,
      ...heygen,
    },
    timing: { requestTimeoutMs: 30_000, downloadTimeoutMs: 1_800_000, waitTimeoutMs: 3_600_000, pollIntervalMs: 15_000 },
    files: { maxDownloadBytes: 8 * 1024 ** 3 },
    publish: undefined,
    work: { proofreadIds: ['pr_a', 'pr_b'], maxConcurrency: 4, dryRun: false, wait: true, ...work },
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
  async function summaryOf(results: ProofreadResult[], s: Config, elapsedMs = 75_000): Promise<string> {
    writeFileSync(file, '')
    process.env.GITHUB_STEP_SUMMARY = file
    await writeSummary(results, s, elapsedMs)
    return readFileSync(file, 'utf8')
  }

  it('has a row per proofread with a status word, failures first, and its ids and API version folded below', async () => {
    const summary = await summaryOf([SUCCEEDED, FAILED], settings())
    expect(summary).toContain('## HeyGen video from proofread')
    expect(summary).toContain('**✅ 1 done · ❌ 1 failed · ⏸️ 0 held back** · 2 languages in 1m 15s')
    const rows = summary.split('\n').filter((line) => line.startsWith('<tr><td>'))
    expect(rows).toHaveLength(4)
    expect(rows[0]).toMatch(/^<tr><td><code>pr_b<\/code><\/td><td>❌ Failed<\/td>/)
    expect(rows[1]).toMatch(/^<tr><td><code>pr_a<\/code><\/td><td>✅ Done<\/td>/)
    expect(rows[2]).toContain('<td><code>pr_a</code></td><td><code>vt_a</code></td><td>v3</td>')
    expect(rows[3]).toContain('<td><code>pr_b</code></td><td><code>vt_b</code></td><td>v3</td>')
    expect(summary).toContain('<details><summary>Ids and saved files (2)</summary>')
  })

  it('redacts a key before escaping it: a key with & < > " | leaves no piece in the summary, in any cell', async () => {
    const key = 'Ab1&Cd2<Ef3>Gh4"Ij5|Kl6'
    setSecret(key)
    const summary = await summaryOf(
      [{ ...FAILED, message: `HeyGen quoted ${key} and ${key.slice(3, 14)}`, output_language: `x ${key}`, video_translate_id: `vt ${key}` }],
      settings(),
    )
    const escaped = escapeHtml(key)
    for (let i = 0; i + 8 <= key.length; i++) expect(summary).not.toContain(key.slice(i, i + 8))
    for (let i = 0; i + 8 <= escaped.length; i++) expect(summary, escaped.slice(i, i + 8)).not.toContain(escaped.slice(i, i + 8))
    expect(summary).toContain('HeyGen quoted *** and ***')
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

  it('links the video and captions and lists the saved files, relative to the workspace, when waiting', async () => {
    process.env.GITHUB_WORKSPACE = '/work'
    const summary = await summaryOf([SUCCEEDED], settings())
    expect(summary).toContain('<th>Language</th><th>Status</th><th>Files</th></tr>')
    expect(summary).toContain('<a href="https://cdn.example/a.mp4?sig=1&amp;exp=2">video</a> · <a href="https://cdn.example/a.vtt">captions</a>')
    expect(summary).toContain('<th>Saved to</th>')
    expect(summary).toContain('<code>out/vt_a.mp4</code><br><code>out/vt_a.vtt</code>')
    expect(summary).toContain('1 language in 1m 15s')
    expect(summary).toContain('expire after 7 days')
  })

  it('never makes a javascript: link clickable', async () => {
    const summary = await summaryOf([{ ...SUCCEEDED, video_url: 'javascript:alert(1)', caption_url: undefined }], settings())
    expect(summary).toContain('<a href="#">video</a>')
    expect(summary).not.toContain('javascript:')
  })

  it('without wait there are no files or saved-to columns, and the job is said to be still at HeyGen', async () => {
    const summary = await summaryOf([{ proofread_id: 'pr_a', video_translate_id: 'vt_a', status: 'processing' }], settings({ wait: false }))
    expect(summary).toContain('<tr><th>Language</th><th>Status</th><th>Note</th></tr>')
    expect(summary).toContain('<td>⏳ Rendering</td><td>still rendering at HeyGen: resume it with the id below</td>')
    expect(summary).toContain('<tr><th>Language</th><th>proofread_id</th><th>video_translate_id</th><th>API</th></tr>')
    expect(summary).toContain('⏳ 1 still at HeyGen')
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

  it('shows each proofread’s language (HeyGen’s name and its BCP 47 tag) and the API version that created its job', async () => {
    const summary = await summaryOf(
      [{ ...SUCCEEDED, output_language: 'Spanish (Spain)', language_code: 'es-ES', api_version: 'v2' }],
      settings({}, { apiVersion: 'auto' }),
    )
    expect(summary).toContain('<tr><td>Spanish (Spain) <code>es-ES</code></td><td>✅ Done</td>')
    expect(summary).toContain('<tr><td>es-ES</td><td><code>pr_a</code></td><td><code>vt_a</code></td><td>v2</td>')
  })

  it('says nothing was spent when the preflight held every proofread back', () => {
    const message = failureMessage([
      { proofread_id: 'pr_es', video_translate_id: '', status: 'not_started', proofread_status: 'completed' },
      { proofread_id: 'pr_fr', video_translate_id: '', status: 'not_started', proofread_status: 'processing', error: 'not ready yet' },
    ])
    expect(message).toBe(
      'Nothing was generated and no credits were spent: all 2 proofreads held back, because 1 of 2 cannot go ahead:\n- pr_fr: not ready yet',
    )
  })

  it('a lone proofread’s error that names neither it nor its job gets its id in front', () => {
    expect(failureMessage([{ proofread_id: 'pr_x', video_translate_id: '', status: 'failed', error: 'the connection was refused' }])).toBe(
      'proofread pr_x: the connection was refused',
    )
    expect(failureMessage([{ proofread_id: '', video_translate_id: 'vt_r', status: 'failed', error: 'the file host answered 500' }])).toBe(
      'video_translate_id vt_r: the file host answered 500',
    )
  })

  it('a dry run that the preflight would hold back says a real run would generate nothing, naming each refused proofread', () => {
    const message = failureMessage([
      { proofread_id: 'pr_es', video_translate_id: '', status: 'dry_run', proofread_status: 'completed' },
      { proofread_id: 'pr_fr', video_translate_id: '', status: 'dry_run', proofread_status: 'processing', error: 'not ready yet' },
    ])
    expect(message).toBe(
      'Dry run: a real run would generate nothing and spend no credits, because 1 of 2 proofreads cannot go ahead:\n- pr_fr: not ready yet',
    )
  })

  it('a resumed job shows (resumed) instead of a proofread id', async () => {
    const summary = await summaryOf([{ proofread_id: '', video_translate_id: 'vt_r', status: 'success' }], settings({ wait: false }))
    expect(summary).toContain('<tr><td>resumed <code>vt_r</code></td><td>✅ Done</td>')
    expect(summary).toContain('<td><code>(resumed)</code></td><td><code>vt_r</code></td>')
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
    // One line per proofread: only the second failed.
    expect(outputs.get('message')).toBe(`\n${FAILED.message}\n`)
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
      'language_code',
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

describe('resultsJson: the results output under its budget', () => {
  const many = (n: number, extra: Partial<ProofreadResult>) =>
    Array.from({ length: n }, (_, i): ProofreadResult => ({ proofread_id: `pr_${i}`, video_translate_id: `vt_${i}`, status: 'failed', ...extra }))

  it('keeps every field when it fits', () => {
    expect(JSON.parse(resultsJson([SUCCEEDED, FAILED]))).toEqual([SUCCEEDED, FAILED])
  })

  it('cuts long texts to 200 characters first, saying so, and marks each object trimmed', () => {
    const parsed = JSON.parse(resultsJson(many(10, { message: 'm'.repeat(2000), error: 'e'.repeat(2000) }), 10_000)) as ProofreadResult[]
    expect(parsed).toHaveLength(10)
    expect(parsed[0]).toMatchObject({ proofread_id: 'pr_0', trimmed: true })
    expect(parsed[0]?.message).toHaveLength(200)
    expect(parsed[0]?.message).toMatch(/\.\.\. \(1\d\d\d more characters\)$/)
  })

  it('then keeps only the fields that resume a job or find its file', () => {
    const parsed = JSON.parse(resultsJson(many(10, { video_url: `https://cdn.example/${'u'.repeat(2000)}` }), 2_000)) as object[]
    expect(parsed[9]).toEqual({ proofread_id: 'pr_9', video_translate_id: 'vt_9', status: 'failed', trimmed: true })
  })

  it('at the very last keeps the proofreads that fit, in order, and warns how many it left out', () => {
    const json = resultsJson(many(100, {}), 1_000)
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(1_000)
    const parsed = JSON.parse(json) as ProofreadResult[]
    expect(parsed.map((r) => r.proofread_id)).toEqual(many(parsed.length, {}).map((r) => r.proofread_id))
    // eslint-disable-next-line @typescript-eslint/unbound-method -- a spy's record, never called
    expect(vi.mocked(process.stdout.write).mock.calls.join('')).toContain(
      `::warning::The results output holds the first ${parsed.length} of 100 proofreads`,
    )
  })
})
