// Property-based tests of outside text: ids, status words, failure messages and links as HeyGen might send them,
// hostile on purpose (runner commands, line breaks of every kind, pieces of the key, megabytes of text). Whatever
// is generated, nothing the action writes may hold a runner command (`::` first on a line, `##[` anywhere), an
// 8-character piece of the key, or a line break inside a one-line-per-proofread output. Two layers:
//  (a) in-process, hundreds of cases: `inert`, and the runner layer (log lines, annotations, outputs, summary);
//  (b) the whole step, a few dozen cases: run in-process (test/inproc/run-in-process.ts, on the shrunk timing, so a
//      drawn v3 500 retries in milliseconds) against a stand-in HeyGen that answers with the text.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { readFileSync, rmSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ActionRun } from '../../sandbox/run-action.ts'
import type { ProofreadResult } from '../../src/action/report/result.js'
import * as runner from '../../src/action/runner/runner.js'
import { forOutputs } from '../../src/action/report/safe-values.js'
import { inert, isSafeId, isSafeUrl, MAX_OUTSIDE_CHARS } from '../../src/util/outside-text.js'
import { runInProcess } from '../inproc/run-in-process.ts'
import { FAST } from '../inproc/timing.ts'
import { nastyText, urlShaped } from './arbitraries.ts'
import { expectCleanEnd, visible } from './contract.ts'

const KEY = 'sk_fuzz_Outside-K3y-9Qz4Vw7Ls2Np'
/** FUZZ_SCALE=10 multiplies the end-to-end run counts. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1)
const LINE_OUTPUTS = ['video_translate_id', 'status', 'video_url', 'caption_url', 'audio_url', 'video_path', 'caption_path', 'audio_path']

/** Pieces a hostile answer is made of: runner commands, line breaks, the key whole, cut, encoded. */
const hostilePiece = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '\n',
      '\r',
      '\r\n',
      '\u2028',
      '\u0085',
      '::error file=.github/workflows/release.yml,line=1::INJECTED',
      '::stop-commands::tok',
      '::add-mask::x',
      '  ::warning::x',
      '##[add-mask]x',
      '##[set-output name=video_path;]/etc/shadow',
      '#',
      '##',
      '[',
      ':',
      "x'; touch pwned; echo '",
      '"',
      '%0A',
      KEY,
      Buffer.from(KEY).toString('base64'),
      encodeURIComponent(KEY),
    ),
    fc.nat({ max: KEY.length - 8 }).chain((start) => fc.integer({ min: start + 8, max: KEY.length }).map((end) => KEY.slice(start, end))),
    nastyText(12),
    fc.string({ maxLength: 12 }),
  )

const hostileText = (maxPieces = 12): fc.Arbitrary<string> => fc.array(hostilePiece(), { maxLength: maxPieces }).map((pieces) => pieces.join(''))

/** Sometimes long: a few pieces repeated past the 2 KiB cap. */
const hostileMessage = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileText() },
    { weight: 1, arbitrary: fc.tuple(hostileText(4), fc.integer({ min: 100, max: 5000 })).map(([text, times]) => text.repeat(times)) },
  )

const hostileUrl = (): fc.Arbitrary<string> =>
  fc.oneof(
    urlShaped(),
    fc.tuple(fc.constantFrom('https://files.example.com/v.mp4?sig=', 'http://127.0.0.1:1/x?', 'javascript:'), hostileText(4)).map(([a, b]) => a + b),
  )

/** Lines the runner would act on, leaving out the commands the action issues itself (core writes them at column 0). */
function strayCommands(text: string): string[] {
  const own = /^::(add-mask|debug|notice|warning|error)::/
  return text.split(/\r\n|\r|\n/).filter((line) => line.includes('##[') || (line.trimStart().startsWith('::') && !own.test(line)))
}

function keyPieces(text: string): string[] {
  return Array.from({ length: KEY.length - 7 }, (_, i) => KEY.slice(i, i + 8)).filter((piece) => text.includes(piece))
}

// ---------------------------------------------------------------------------------------------------------------
// (a) in-process
// ---------------------------------------------------------------------------------------------------------------

describe('(a) in-process: outside text is data in every place the action writes it', () => {
  it('inert: one line, no command, at most 2 KiB, whatever the text', () => {
    fc.assert(
      fc.property(hostileMessage(), (text) => {
        const shown = inert(text)
        expect(/[\r\n\u2028\u2029\u0085]/.test(shown), visible(shown)).toBe(false)
        expect(strayCommands(shown), visible(shown)).toEqual([])
        expect(shown.trimStart().startsWith('::'), visible(shown)).toBe(false)
        expect(shown.length).toBeLessThanOrEqual(MAX_OUTSIDE_CHARS)
        expect(inert(shown)).toBe(shown)
      }),
      { numRuns: 1000 },
    )
  })

  it('isSafeId and isSafeUrl accept only what stays one token: no break, no command, no quote', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), urlShaped(), fc.stringMatching(/^[A-Za-z0-9_.:-]{1,30}$/)), (text) => {
        if (isSafeId(text)) expect(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(text) && !text.includes('##[')).toBe(true)
        if (isSafeUrl(text)) expect(/[\s"'<>\\\p{Cc}]/u.test(text) || strayCommands(text).length > 0, visible(text)).toBe(false)
      }),
      { numRuns: 1000 },
    )
  })

  describe('the runner layer', () => {
    let written: string[]
    beforeEach(() => {
      written = []
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk))
        return true
      })
      runner.setSecret(KEY)
      delete process.env.GITHUB_OUTPUT
      delete process.env.GITHUB_STEP_SUMMARY
    })
    afterEach(() => {
      vi.restoreAllMocks()
      process.exitCode = undefined
      // This file's key must not redact another file's text in a worker they share (vitest.config.ts, SHARED).
      runner.forgetSecrets()
    })

    it('log lines, annotations and the printed summary hold no command and no piece of the key', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText(), hostileMessage(), async (id, message) => {
          written.length = 0
          runner.info(`Started video_translate_id ${id} (status: ${message})`)
          runner.warning(`${id}: ${message}`)
          runner.debug(message)
          runner.setFailed(`HeyGen could not render ${id}: ${message}`)
          await runner.appendSummary(`<td>${message}</td>`)
          const log = written.join('')
          expect(strayCommands(log), visible(log)).toEqual([])
          expect(keyPieces(log), visible(log)).toEqual([])
        }),
        { numRuns: 300 },
      )
    })

    it('a result made of hostile text gives outputs of one line each, links only when http(s), no piece of the key', () => {
      fc.assert(
        fc.property(hostileText(), hostileText(3), hostileMessage(), hostileUrl(), hostileUrl(), (id, status, message, videoUrl, captionUrl) => {
          // `as`: audio_url is a v3 field the result type may not name yet; outputs must treat every *_url alike.
          const result = {
            proofread_id: 'pr-1',
            video_translate_id: id,
            status,
            message,
            video_url: videoUrl,
            caption_url: captionUrl,
            audio_url: videoUrl,
          } as ProofreadResult
          const shown = forOutputs(result)
          for (const name of LINE_OUTPUTS) {
            const value = (shown as unknown as Record<string, string | undefined>)[name] ?? ''
            expect(/[\r\n\u2028\u2029\u0085]/.test(value), `${name}: ${visible(value)}`).toBe(false)
          }
          expect(/[\r\n]/.test(shown.message ?? '')).toBe(false)
          const links = shown as unknown as Record<string, string | undefined>
          for (const name of ['video_url', 'caption_url', 'audio_url']) if (links[name] !== undefined) expect(isSafeUrl(links[name] ?? '')).toBe(true)
          if (shown.video_translate_id !== '') expect(isSafeId(shown.video_translate_id)).toBe(true)
          expect(keyPieces(runner.redact(JSON.stringify(shown)))).toEqual([])
        }),
        { numRuns: 500 },
      )
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// (b) the whole step, in-process, against a stand-in HeyGen that answers with the generated text
// ---------------------------------------------------------------------------------------------------------------

interface Answers {
  version: 'v2' | 'v3'
  /** The generate call's HTTP status: 200 with the id, or an error with the message. */
  generateStatus: 200 | 400 | 401 | 500
  id: string
  initialStatus: string
  /** The status calls: first `middle`, then `final`, with the message and link. */
  middle: string
  final: 'success' | 'failed'
  message: string
  url: string
  requestId: string
}

const answersArbitrary = (): fc.Arbitrary<Answers> =>
  fc.record({
    version: fc.constantFrom('v2', 'v3'),
    generateStatus: fc.constantFrom(200, 200, 200, 400, 401, 500),
    id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/), hostileText(4)),
    initialStatus: hostileText(3),
    middle: fc.oneof(fc.constantFrom('pending', 'running'), hostileText(3)),
    final: fc.constantFrom('success', 'failed'),
    message: hostileMessage(),
    url: hostileUrl(),
    requestId: hostileText(3),
  })

/** A stand-in HeyGen answering with `current`: every route, both versions, the generated text in every field. */
async function startHostileHeyGen(): Promise<{ url: string; set(answers: Answers): void; close(): Promise<void> }> {
  let current: Answers | undefined
  let polls = 0
  const sockets = new Set<Socket>()
  const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, '?')
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume()
    req.on('end', () => {
      const a = current as Answers
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': headerSafe(a.requestId) || 'req' })
        res.end(JSON.stringify(body))
      }
      if (req.method === 'POST') {
        polls = 0
        if (a.generateStatus !== 200)
          return send(a.generateStatus, { error: { code: headerSafe(a.initialStatus).slice(0, 20) || 'x', message: a.message }, data: null })
        return send(200, { error: null, data: { video_translate_id: a.id, video_translation_id: a.id, status: a.initialStatus } })
      }
      polls++
      const done = polls > 1
      const status = done ? (a.final === 'success' ? (a.version === 'v3' ? 'completed' : 'success') : 'failed') : a.middle
      send(200, {
        error: null,
        data: {
          id: a.id,
          video_translate_id: a.id,
          status,
          url: done ? a.url : null,
          video_url: done ? a.url : null,
          vtt_caption_url: done ? a.url : null,
          audio_url: done ? a.url : null,
          message: a.message,
          failure_message: a.message,
          output_language: a.middle,
        },
      })
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(answers) {
      current = answers
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

/** FAST with retries a millisecond apart: a drawn 500 is retried as often as in production, and nothing here times them. */
const QUICK_RETRIES = { ...FAST, minRetryMs: 1, backoffBaseMs: 1, backoffMaxMs: 2 }

function expectDataOnly(run: ActionRun): void {
  expectCleanEnd(run)
  expect(strayCommands(run.log), run.log).toEqual([])
  const shown = [run.log.replace(/^::add-mask::.*$/gm, ''), ...Object.values(run.outputs), run.summary].join('\n')
  expect(keyPieces(shown), run.log).toEqual([])
  for (const name of LINE_OUTPUTS) {
    const value = run.outputs[name]
    if (value !== undefined) expect(value.split('\n'), `output ${name}: ${visible(value)}`).toHaveLength(1)
  }
  expect((run.outputs.message ?? '').includes('\n')).toBe(false)
  expect(Buffer.byteLength(run.summary)).toBeLessThan(64 * 1024)
  expect(Buffer.byteLength(readFileSync(run.outputFile))).toBeLessThan(64 * 1024)
}

describe('(b) the whole step: whatever HeyGen answers, the step writes it as data', () => {
  let heygen: Awaited<ReturnType<typeof startHostileHeyGen>>
  beforeAll(async () => {
    heygen = await startHostileHeyGen()
  })
  afterAll(async () => {
    await heygen?.close()
  })

  it(`${30 * SCALE} generated answers: no runner command, no piece of the key, one line per output`, async () => {
    await fc.assert(
      fc.asyncProperty(answersArbitrary(), async (answers) => {
        heygen.set(answers)
        const run = await runInProcess(
          {
            inputs: {
              api_key: KEY,
              base_url: heygen.url,
              api_version: answers.version,
              preflight: 'false',
              proofread_id: 'pr-fuzz-outside',
              wait: 'true',
              poll_interval: '0.01',
              wait_timeout: '20',
            },
          },
          QUICK_RETRIES,
        )
        try {
          expectDataOnly(run)
        } finally {
          rmSync(run.tempDir, { recursive: true, force: true })
        }
      }),
      { numRuns: 30 * SCALE, endOnFailure: true },
    )
  }, 600_000)
})
