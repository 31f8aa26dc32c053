// In-process (issue 17 point 1): every HeyGen field of every route, carrying each Unicode line break followed by each
// white space the runner trims, then `::` and `##[`, through every place it reaches: the log, annotations, outputs,
// the summary and file names. A hostile loopback server of its own answers; the log is parsed the way the runner does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { DOTNET_WHITE_SPACE, forgedCommands, LINE_BREAKS } from '../../helpers/runner-commands.ts'
import { runInProcess } from '../run-in-process.ts'
import { FAST } from '../timing.ts'

const KEY = 'sk-e2e-Every-Field-17-Pq4'
/** One proofread per white space: its index in DOTNET_WHITE_SPACE is in its id. */
const SPACES = DOTNET_WHITE_SPACE.map((space, index) => ({ space, index }))

/** The poison for one white space: each line break, then the space, then a command; and the old form. */
function poison(space: string): string {
  return `${LINE_BREAKS.map((br) => `${br}${space}::w::`).join('')}##[e]`
}

let server: Server
let origin = ''
const folders: string[] = []
/** The oddword jobs whose status was asked already. */
const askedOnce = new Set<string>()

/** What the hostile HeyGen answers, per route and scenario (the scenario is the proofread id's first word). */
function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', origin)
  const path = decodeURIComponent(url.pathname)
  const [scenario = '', index = '0'] = (/\/(\w+)-(\d+)(?:\/generate)?$/.exec(path) ?? []).slice(1)
  const p = poison(DOTNET_WHITE_SPACE[Number(index)] ?? ' ')
  // HTTP forbids CR and LF in a header: the request id carries the Latin-1 line break and space the runner trims.
  const headers = { 'content-type': 'application/json', 'x-request-id': 'req\u0085::w::\u00a0::x::##[e]' }
  const send = (status: number, body: unknown) => {
    res.writeHead(status, headers)
    res.end(JSON.stringify(body))
  }
  if (path.startsWith('/files/')) {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '4' })
    return void res.end('mp4!')
  }
  if (req.method === 'GET' && path.startsWith('/v3/video-translations/proofreads/')) {
    const failed = scenario === 'detailfails'
    return send(200, {
      data: {
        id: `${scenario}-${index}`,
        status: failed ? 'failed' : 'completed',
        output_language: `Spanish${p}`,
        failure_message: failed ? `Bad${p}` : null,
      },
    })
  }
  if (req.method === 'POST' && path.endsWith('/generate')) {
    if (scenario === 'refused') return send(400, { error: { code: `bad${p}`, message: `Refused${p}` } })
    const id = scenario === 'badid' ? `vid${p}` : `job-${scenario}-${index}`
    return send(
      200,
      path.startsWith('/v2/')
        ? { error: null, data: { video_translate_id: id, status: `processing${p}` } }
        : { data: { video_translation_id: id, status: `processing${p}` } },
    )
  }
  if (req.method === 'GET' && path === '/v2/video_translate/caption') return send(200, { error: null, data: { caption_url: `javascript:${p}` } })
  const job = /\/job-(\w+)-(\d+)$/.exec(path)
  if (req.method === 'GET' && job) {
    const link = `${origin}/files/${job[1]}-${job[2]}.mp4?sig=${encodeURIComponent(p)}`
    if (path.startsWith('/v2/')) {
      const failed = job[1] === 'renderfails'
      return send(200, {
        error: null,
        data: {
          video_translate_id: job[0],
          title: p,
          status: failed ? 'failed' : 'success',
          url: failed ? null : link,
          message: failed ? `Failed${p}` : null,
        },
      })
    }
    const data: Record<string, unknown> = {
      id: job[0],
      status: 'completed',
      output_language: `Spanish${p}`,
      video_url: link,
      audio_url: `javascript:${p}`,
      vtt_caption_url: `${origin}/files/c.vtt?${p}`,
      srt_caption_url: link,
    }
    if (job[1] === 'renderfails') Object.assign(data, { status: 'failed', video_url: null, failure_reason: `Failed${p}` })
    // An undocumented word on a job's first status call, then done: the step waits past it without a deadline.
    if (job[1] === 'oddword' && !askedOnce.has(job[0])) {
      askedOnce.add(job[0])
      data.status = `queued${p}`
    }
    return send(200, { data })
  }
  send(404, { error: { code: 'not_found', message: `No route${p}` } })
}

beforeAll(async () => {
  server = createServer(answer)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  await new Promise((resolve) => server.close(resolve))
})

async function step(scenario: string, inputs: Record<string, string>): Promise<ActionRun> {
  const workspace = mkdtempSync(join(tmpdir(), 'heygen-every-field-'))
  folders.push(workspace)
  const proofreads = SPACES.map(({ index }) => `${scenario}-${index}`)
  const run = await runInProcess(
    {
      inputs: { api_key: KEY, base_url: origin, proofread_id: proofreads.join('\n'), poll_interval: '0.01', max_concurrency: '8', ...inputs },
      workspace,
    },
    FAST,
  )
  folders.push(run.tempDir)
  return run
}

/** What no place may hold: a runner command the action did not write, a line break in a one-line value, the key. */
function expectInert(run: ActionRun, proofreads = SPACES.length): void {
  expect(forgedCommands(run.log)).toEqual([])
  expect(run.log.replace(/^::add-mask::.*$/m, '')).not.toContain(KEY)
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name === 'results' || name === 'message' || value === '') continue
    expect(value.split('\n'), name).toHaveLength(proofreads)
    expect(value, name).not.toMatch(/[\r\u0085\u2028\u2029\u000b\u000c]/)
  }
  for (const result of JSON.parse(run.outputs.results ?? '[]') as Record<string, unknown>[]) {
    for (const [field, value] of Object.entries(result)) {
      // The error is the action's own text (a resume block spans lines); every HeyGen value in it was made safe.
      if (typeof value === 'string' && field !== 'error') expect(value, field).not.toMatch(/[\r\n\u0085\u2028\u2029\u000b\u000c]/)
      if (typeof value === 'string') expect(forgedCommands(value), field).toEqual([])
    }
  }
  // The summary is Markdown around an HTML table: no cell may end a row or start a line of its own.
  const table = run.summary.slice(run.summary.indexOf('<table>'), run.summary.indexOf('</table>'))
  const rows = table.split(/\r\n|\r|\n/).slice(1, -1)
  expect(rows.length).toBeGreaterThan(proofreads)
  for (const row of rows) expect(row, row).toMatch(/^<tr>.*<\/tr>$/)
  expect(run.summary).not.toMatch(/[\u0085\u2028\u2029]/)
  expect(forgedCommands(run.summary)).toEqual([])
}

describe('every HeyGen field, with every line break and every white space the runner trims', { timeout: 300_000 }, () => {
  it('v3, downloaded: ids, status words, language, links, request id; files named from the language', async () => {
    const run = await step('ok', { api_version: 'v3', download_path: 'out/{proofread_id}-{output_language}-{language}.mp4', captions: 'true' })
    expect(run.code, run.log.slice(-3000)).toBe(0)
    expectInert(run)
    const files = readdirSync(join(run.workspace, 'out'))
    expect(files.length).toBeGreaterThanOrEqual(SPACES.length)
    for (const file of files) expect(file).toMatch(/^[A-Za-z0-9._-]+$/)
  })

  it('v3: an undocumented status word, a failed render with failure_reason', async () => {
    // Waiting: the word comes only from a status call, which every proofread's job answers once with it.
    const odd = await step('oddword', { api_version: 'v3', wait: 'true', max_concurrency: String(SPACES.length) })
    expect(odd.code, odd.log.slice(-3000)).toBe(0)
    expectInert(odd)
    const undocumented = odd.stdout.split('\n').filter((line) => line.startsWith('::warning::') && line.includes('undocumented status "queued'))
    expect(undocumented).toHaveLength(SPACES.length)
    const failed = await step('renderfails', { api_version: 'v3', wait: 'true' })
    expect(failed.code).toBe(1)
    expectInert(failed)
  })

  it('v2: status message, caption link and request id; a generate refusal; an unusable job id; a failed proofread', async () => {
    const v2 = await step('renderfails', { api_version: 'v2', wait: 'true', captions: 'true', preflight: 'false' })
    expect(v2.code).toBe(1)
    expectInert(v2)
    const v2ok = await step('ok', { api_version: 'v2', wait: 'true', captions: 'true', preflight: 'false' })
    expectInert(v2ok)
    for (const scenario of ['refused', 'badid', 'detailfails']) {
      const run = await step(scenario, { api_version: 'auto' })
      expect(run.code, scenario).toBe(1)
      expectInert(run)
    }
  })
})
