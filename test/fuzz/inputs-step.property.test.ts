// Property-based tests of every action input with hostile values, one level up from inputs-settings.property.test.ts:
// the whole step, run in-process (test/inproc/run-in-process.ts) against the sandbox, either fails naming the input and
// sends nothing, or sends exactly the requests the value calls for; no stack trace, no unhandled rejection, and the key
// in no log line (but ::add-mask::), output or summary. In-process a run costs milliseconds, so every input gets its
// runs here; inputs.property.test.ts feeds fuzzed values to the bundle too and checks that dist/ does what src/ does.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import nodePath from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RecordedRequest } from '../../sandbox/heygen-sandbox.ts'
import type { ActionRun } from '../../sandbox/run-action.ts'
import type { Config } from '../../src/action/config/inputs.js'
import { runInProcess } from '../inproc/run-in-process.ts'
import { FAST } from '../inproc/timing.ts'
import { anyText, booleanish, idLike, idList, nastyText, numberish, passableByRunner, throughEnv, urlShaped } from './arbitraries.ts'
import { errorLine, expectCleanEnd, expectKeyNowhere, idIsSane, KEY, splitIds } from './contract.ts'
import { carriesToken, passable, useFuzzWorld, v2Generate, v3Generate } from './fuzzed-steps.ts'
import { type Outcome, parse, SCALE } from './parse-inputs.ts'

describe('every input, the step run in-process: it fails naming the input and sends nothing, or sends exactly what the value calls for', () => {
  const world = useFuzzWorld()

  interface StepRun {
    run: ActionRun
    api: RecordedRequest[]
    files: RecordedRequest[]
    /** What the inputs parse to: the oracle for "valid". */
    oracle: Outcome
  }

  let runs = 0
  /** One step run; the workspace sits six folders deep in a temporary world.root, so `..` in download_path stays inside it. */
  async function runStep(inputs: Record<string, string>, key = KEY): Promise<StepRun> {
    world.sandbox.reset()
    const workspace = nodePath.join(world.root, `run-${++runs}`, 'a', 'b', 'c', 'd', 'e', 'workspace')
    // No preflight: these properties count the generate calls an input leads to (the preflight has its own tests).
    const all = { base_url: world.sandbox.url, api_key: key, poll_interval: '0.05', wait_timeout: '20', preflight: 'false', ...inputs }
    mkdirSync(workspace, { recursive: true })
    const saved = { ...process.env }
    process.env.GITHUB_WORKSPACE = workspace
    const oracle = parse(all)
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
    const run = await runInProcess({ inputs: all, workspace }, FAST)
    rmSync(run.tempDir, { recursive: true, force: true })
    return { run, api: [...world.sandbox.requests], files: [...world.sandbox.fileRequests], oracle }
  }

  /** Rejected: exit 1, one error naming the input, and not one request. */
  function expectRejected(name: string, { run, api, files }: StepRun): void {
    expect(run.code, run.log).toBe(1)
    expect(errorLine(run), run.log).toMatch(/^::error::Input `/)
    expect(errorLine(run), run.log).toContain(`\`${name}\``)
    expect(api.length + files.length, `a rejected ${name} sent ${api.map((r) => `${r.method} ${r.path}`).join(', ')}`).toBe(0)
  }

  /** Accepted: one generate call per id on its route, then only status/caption GETs for the jobs it got (and only when waiting). */
  function expectGenerated(
    e: StepRun,
    ids: string[],
    version: 'v2' | 'v3',
    opts: { wait: boolean; body?: unknown; key?: string; idempotencyKey?: string },
  ) {
    const { run, api } = e
    expect(run.code, run.log).toBe(0)
    const posts = api.filter((r) => r.method === 'POST')
    const route = version === 'v2' ? v2Generate : v3Generate
    expect(posts.map((r) => r.path).sort()).toEqual(ids.map(route).sort())
    for (const post of posts) {
      expect(post.headers['x-api-key']).toBe(opts.key ?? KEY)
      if (opts.body !== undefined) expect(post.json).toEqual(opts.body)
      if (version === 'v3') {
        expect(post.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_\-:.]{1,255}$/)
        if (opts.idempotencyKey !== undefined) expect(post.headers['idempotency-key']).toBe(opts.idempotencyKey)
      } else expect(post.headers['idempotency-key']).toBeUndefined()
    }
    const jobs = world.sandbox.jobs.map((job) => job.id)
    expect(jobs).toHaveLength(ids.length)
    const gets = api.filter((r) => r.method !== 'POST')
    if (!opts.wait) expect(gets).toEqual([])
    for (const get of gets) {
      const status = /^\/v[23]\/video(?:_translate|-translations)\/([^/?]+)$/.exec(get.path)?.[1]
      const caption = /^\/v2\/video_translate\/caption\?video_translate_id=([^&]+)&caption_type=vtt$/.exec(get.path)?.[1]
      expect(jobs, `unexpected ${get.method} ${get.path}`).toContain(status ?? caption)
    }
    const outputIds = run.outputs.video_translate_id?.split('\n') ?? []
    expect(outputIds).toHaveLength(ids.length)
    expect(JSON.parse(run.outputs.results ?? '[]')).toHaveLength(ids.length)
  }

  /** The shared contract, then the input's own: `accepted` runs when the action succeeded. */
  function expectContract(name: string, e: StepRun, accepted: (e: StepRun) => void): void {
    expectCleanEnd(e.run)
    expectKeyNowhere(e.run, KEY)
    if (e.run.code === 1) expectRejected(name, e)
    else accepted(e)
    // The step refuses exactly what the parser refuses (that the bundle agrees is inputs.property.test.ts).
    expect('settings' in e.oracle ? 0 : 1, `the step and the parser disagree on ${name}`).toBe(e.run.code)
  }

  const opts = (numRuns: number, examples: string[] = []) => ({
    numRuns,
    endOnFailure: true,
    examples: examples.map((example) => [example] as [string]),
  })

  it('proofread_id: each listed id is generated once on its own percent-encoded route, or nothing is sent', async () => {
    const values = passable(fc.oneof(idList(), anyText())).filter((raw) => !splitIds(raw).some(carriesToken))
    await fc.assert(
      fc.asyncProperty(values, async (raw) => {
        const e = await runStep({ proofread_id: raw })
        expectContract('proofread_id', e, (ok) => {
          const ids = splitIds(raw.trim())
          expect(ids.every(idIsSane)).toBe(true)
          expectGenerated(ok, ids, 'v2', { wait: false, body: { captions: false, translate_audio_only: false } })
        })
      }),
      opts(8 * SCALE, ['pr-é/..?#%2F', 'a, b\nc', '..', ` ${'x'.repeat(200)} `]),
    )
  }, 60_000)

  it('api_key: sent only as x-api-key when valid, never printed; refused before any request otherwise', async () => {
    const keys = passable(fc.oneof(fc.string({ unit: 'binary-ascii' }), anyText())).map((s) => `${KEY}${s}`)
    await fc.assert(
      fc.asyncProperty(keys, async (raw) => {
        const key = raw.trim()
        const e = await runStep({ proofread_id: 'pr-fuzz-key', api_key: raw }, key)
        expectCleanEnd(e.run)
        expectKeyNowhere(e.run, key)
        if (e.run.code === 1) expectRejected('api_key', e)
        else expectGenerated(e, ['pr-fuzz-key'], 'v2', { wait: false, key })
      }),
      opts(4 * SCALE, [`${KEY}%25`, `${KEY} tail`, `${KEY}\nline2`, `${KEY}::error::x`]),
    )
  }, 60_000)

  const generateOnly: Array<[string, fc.Arbitrary<string>, string[], number, (raw: string) => Record<string, string>]> = [
    ['callback_id', anyText(), ['release 1.0 🎬', 'x'.repeat(1001)], 3, () => ({})],
    ['callback_url', fc.oneof(urlShaped(), anyText()), ['https://user:pass@example.com/hook', 'javascript:alert(1)'], 3, () => ({})],
    ['captions', booleanish(), ['TRUE', 'yes'], 2, () => ({})],
    ['translate_audio_only', booleanish(), ['False'], 2, () => ({})],
    ['api_version', fc.oneof(fc.constantFrom('v2', 'V3', 'v1', 'v3 '), anyText()), ['V3'], 2, () => ({})],
    [
      'idempotency_key',
      fc.oneof(fc.stringMatching(/^[A-Za-z0-9_\-:.]{1,300}$/), anyText()),
      ['a'.repeat(255), 'a b'],
      3,
      () => ({ api_version: 'v3' }),
    ],
    ['request_timeout', fc.oneof(numberish(), anyText()), ['0.0001', '2m'], 3, () => ({})],
    ['wait_timeout', fc.oneof(numberish(), anyText()), ['0.0004'], 2, () => ({ wait_timeout: '' })],
    ['poll_interval', fc.oneof(numberish(), anyText()), [], 2, () => ({})],
    ['max_concurrency', fc.oneof(numberish(), anyText()), ['0064'], 2, () => ({})],
    ['wait', booleanish(), ['True'], 2, () => ({})],
  ]
  for (const [name, arbitrary, examples, numRuns, base] of generateOnly) {
    it(`${name}: one generate call with the value applied, or refused before any request`, async () => {
      await fc.assert(
        fc.asyncProperty(passable(arbitrary), async (raw) => {
          const e = await runStep({ proofread_id: 'pr-fuzz-1', ...base(raw), [name]: raw })
          expectContract(name, e, (ok) => {
            const settings = (ok.oracle as { settings: Config }).settings
            expectGenerated(ok, ['pr-fuzz-1'], settings.heygen.apiVersion === 'v3' ? 'v3' : 'v2', {
              wait: settings.work.wait,
              body: settings.heygen.request,
              ...(settings.heygen.idempotencyKey ? { idempotencyKey: settings.heygen.idempotencyKey } : {}),
            })
            if (name === 'callback_id' || name === 'callback_url') {
              const sent = (ok.api.find((r) => r.method === 'POST')?.json ?? {}) as Record<string, unknown>
              expect(sent[name]).toBe(raw.trim() === '' ? undefined : raw.trim())
            }
          })
        }),
        opts(numRuns * SCALE, examples),
      )
    }, 60_000)
  }

  it('base_url (dry run): prints the route on the given origin, or is refused; nothing is sent either way', async () => {
    await fc.assert(
      fc.asyncProperty(passable(fc.oneof(urlShaped(), anyText())), async (raw) => {
        // A poll_interval every origin takes: HeyGen's own has a floor of 1 s (issue 27).
        const e = await runStep({ proofread_id: 'pr-fuzz-1', dry_run: 'true', base_url: raw, poll_interval: '1' })
        expectContract('base_url', e, (ok) => {
          expect(ok.api.length + ok.files.length).toBe(0)
          const origin = (ok.oracle as { settings: Config }).settings.heygen.baseUrl
          expect(ok.run.log).toContain(`Dry run: would send POST ${origin}${v2Generate('pr-fuzz-1')}`)
          expect(ok.run.outputs.status).toBe('dry_run')
        })
      }),
      opts(4 * SCALE, ['https://user:pass@api.heygen.com', 'http://api.heygen.com', 'HTTPS://API.HEYGEN.COM:443/']),
    )
  }, 60_000)

  it('dry_run with any other input hostile: prints what it would send (never the key), or is refused; nothing is sent', async () => {
    const hostile = fc.tuple(fc.constantFrom('proofread_id', 'callback_id', 'callback_url', 'idempotency_key', 'download_path'), anyText())
    await fc.assert(
      fc.asyncProperty(
        hostile.filter(([, raw]) => passableByRunner(throughEnv(raw))),
        async ([name, raw]) => {
          const value = throughEnv(raw)
          const e = await runStep({ proofread_id: 'pr-fuzz-1', api_version: 'v3', dry_run: 'true', [name]: value })
          expectContract(name, e, (ok) => {
            expect(ok.api.length + ok.files.length).toBe(0)
            expect(ok.run.log).toContain('x-api-key: (masked)')
            expect(ok.run.log).toContain('Dry run: would send POST')
          })
        },
      ),
      { numRuns: 4 * SCALE, endOnFailure: true },
    )
  }, 60_000)

  it('video_translate_id (resume + wait): only status calls on its own encoded route, or refused before any request', async () => {
    const values = passable(fc.oneof(idLike(), anyText())).filter((raw) => !carriesToken(raw))
    await fc.assert(
      fc.asyncProperty(values, async (raw) => {
        const e = await runStep({ proofread_id: '', video_translate_id: raw, wait: 'true', wait_timeout: '3' })
        expectCleanEnd(e.run)
        expectKeyNowhere(e.run, KEY)
        if ('error' in e.oracle) return expectRejected('video_translate_id', e)
        // The sandbox never issued that id: HeyGen's 404 ends the step, after status calls on the right route only.
        expect(e.run.code).toBe(1)
        expect(e.api.length).toBeGreaterThan(0)
        // api_version auto asks v3's status route first, and v2's on its 404.
        const id = encodeURIComponent(raw.trim())
        for (const request of e.api)
          expect([`GET /v3/video-translations/${id}`, `GET /v2/video_translate/${id}`]).toContain(`${request.method} ${request.path}`)
        expect(errorLine(e.run)).toContain('404')
      }),
      opts(3 * SCALE, ['vt/../../x', 'vt?x=1']),
    )
  }, 60_000)

  // Found by the property below: a path the disk cannot hold passes every input check, so the video is generated (and
  // paid for), waited for, and only then does mkdir (or opening the .part file) fail with a raw ENAMETOOLONG that does
  // not name the input. Names are limited in bytes (255 per component on Linux), and the temporary file adds 15.
  it.each([
    ['a 300-character folder name', `${'x'.repeat(300)}/`],
    ['a 130-character folder name that is 260 bytes in UTF-8', `${'é'.repeat(130)}/`],
    ['a 245-character file name (it fits, its temporary .<name>.<hex>.part does not)', 'x'.repeat(245)],
    ['a path longer than PATH_MAX', 'd/'.repeat(2100)],
  ])(
    'download_path with %s is refused naming the input, before the paid generate call',
    async (_what, raw) => {
      const e = await runStep({ proofread_id: 'pr-fuzz-size-4096', download_path: raw })
      expectCleanEnd(e.run)
      expectKeyNowhere(e.run, KEY)
      expectRejected('download_path', e)
    },
    30_000,
  )

  // Found by the request_timeout property: any duration of at least 1 ms is accepted, but a request_timeout in
  // milliseconds cannot hold a real generate call. At 50ms the v2 call reaches HeyGen, the job is created (paid), and the
  // step still fails with a timeout; at 1-5 ms nothing reaches HeyGen, yet the error says "the request was sent".
  it.each(['1ms', '50ms', '0.05'])(
    'request_timeout %s is refused naming the input, before anything is sent',
    async (raw) => {
      const e = await runStep({ proofread_id: 'pr-fuzz-timeout', request_timeout: raw })
      expectCleanEnd(e.run)
      expectKeyNowhere(e.run, KEY)
      expectRejected('request_timeout', e)
    },
    30_000,
  )

  it('download_path: the video lands where the path says, or the path is refused before anything is paid for', async () => {
    // Relative paths only, that stay inside the temporary root (the workspace is six folders deep).
    const inside = (raw: string) => {
      const value = raw.trim()
      return value === '' || (!nodePath.isAbsolute(value) && nodePath.resolve('/r/1/2/3/4/5/6/w', value).startsWith('/r/'))
    }
    const values = passable(fc.oneof(anyText(), nastyText(), fc.constantFrom('videos/', 'out/video.mp4', '../sibling/', './a/./b/'))).filter(inside)
    await fc.assert(
      fc.asyncProperty(values, async (raw) => {
        const e = await runStep({ proofread_id: 'pr-fuzz-size-4096', download_path: raw })
        expectContract('download_path', e, (ok) => {
          const blank = raw.trim() === ''
          expectGenerated(ok, ['pr-fuzz-size-4096'], 'v2', { wait: !blank })
          if (blank) return expect(ok.run.outputs.video_path).toBe('')
          const saved = ok.run.outputs.video_path ?? ''
          expect(statSync(saved).size).toBe(4096)
          const leftovers = readdirSync(nodePath.dirname(saved)).filter((file) => file.endsWith('.part'))
          expect(leftovers).toEqual([])
        })
      }),
      opts(4 * SCALE),
    )
  }, 60_000)
})
