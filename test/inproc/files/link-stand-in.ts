// A stand-in HeyGen whose finished job links to whatever video link a story chooses (this machine by name or by
// address, the cloud's metadata address, private networks, a redirect to one of them), on https like HeyGen or on the
// loopback http of the sandbox, and a file host on both schemes that records every request. The link-address stories
// use it in-process (link-addresses.test.ts here) and in a child process (test/e2e/files/link-addresses.test.ts).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createSecureServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { FILE_HOST_CERT } from '../../../sandbox/heygen-sandbox.ts'
import type { ActionRun, RunActionOptions } from '../../../sandbox/run-action.ts'
import { annotations } from '../../helpers/step-harness.ts'

/** Runs the action with these options: in a child process (runAction) or in this one (runInProcess). */
export type StepRunner = (options: Omit<RunActionOptions, 'entry' | 'onSpawn'>) => Promise<ActionRun>

export const JOB = 'vt-link-1'
const VIDEO = Buffer.alloc(64 * 1024, 7)
const TLS = { cert: readFileSync(FILE_HOST_CERT), key: readFileSync(FILE_HOST_CERT.replace(/\.crt$/, '.key')) }

export type LinkRun = ActionRun & { folder: string }

export interface LinkStandIn {
  /** The file host's ports: plain http and https (the test certificate), both on 127.0.0.1. */
  plainFiles: () => number
  secureFiles: () => number
  /** Every request the file host saw in this test, as `METHOD /path?query`. */
  fileRequests: string[]
  /** Runs the step against the stand-in (https like HeyGen, or the loopback http sandbox) with `videoLink` as the video. */
  generate: (api: 'https' | 'sandbox', videoLink: string) => Promise<LinkRun>
  /** Refused: the step failed naming the reason, the paid job keeps its id and resume block, nothing was saved. */
  expectRefused: (run: LinkRun, said: RegExp) => string
  /** Every file and folder under `folder` ([] when it does not exist). */
  saved: (folder: string) => string[]
}

/** Registers the stand-in's servers for the file; `runStep` runs the action (in a child process, or in this one). */
export function useLinkStandIn(key: string, runStep: StepRunner): LinkStandIn {
  /** What the stand-in HeyGen gives as the finished job's video link. */
  let link = ''
  const fileRequests: string[] = []
  const folders: string[] = []
  const servers: Server[] = []
  const ports = { plainApi: 0, secureApi: 0, plainFiles: 0, secureFiles: 0 }

  /** HeyGen's v2 routes, as little as the action needs: generate, then a finished status with `link`. */
  function heygen(req: IncomingMessage, res: ServerResponse): void {
    const answer = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'POST' && /^\/v2\/video_translate\/proofread\/[^/]+\/generate$/.test(req.url ?? '')) {
      return answer({ error: null, data: { video_translate_id: JOB } })
    }
    if (req.method === 'GET' && req.url === `/v2/video_translate/${JOB}`) {
      return answer({ error: null, data: { video_translate_id: JOB, status: 'success', url: link, message: null } })
    }
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'no such route' }, data: null }))
  }

  /** A file host: `/v.mp4` is the video, `/redirect?to=URL` sends the client on. Every request is recorded. */
  function files(req: IncomingMessage, res: ServerResponse): void {
    fileRequests.push(`${req.method} ${req.url}`)
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' })
      return void res.end()
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': VIDEO.length })
    res.end(VIDEO)
  }

  async function listen(server: Server): Promise<number> {
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return (server.address() as AddressInfo).port
  }

  beforeAll(async () => {
    ports.plainApi = await listen(createServer(heygen))
    ports.secureApi = await listen(createSecureServer(TLS, heygen))
    ports.plainFiles = await listen(createServer(files))
    ports.secureFiles = await listen(createSecureServer(TLS, files))
  })
  afterAll(async () => {
    for (const server of servers) server.closeAllConnections?.()
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  })
  beforeEach(() => {
    fileRequests.length = 0
  })
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  })

  function saved(folder: string): string[] {
    return existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort() : []
  }

  return {
    plainFiles: () => ports.plainFiles,
    secureFiles: () => ports.secureFiles,
    fileRequests,
    saved,
    async generate(api, videoLink) {
      link = videoLink
      const base = api === 'https' ? `https://localhost:${ports.secureApi}` : `http://127.0.0.1:${ports.plainApi}`
      const run = await runStep({
        inputs: {
          api_key: key,
          base_url: base,
          api_version: 'v2',
          preflight: 'false',
          proofread_id: 'release-es',
          download_path: 'videos/',
          poll_interval: '0.01',
          request_timeout: '2',
        },
        env: { NODE_EXTRA_CA_CERTS: FILE_HOST_CERT },
        timeoutMs: 20_000,
      })
      folders.push(run.tempDir)
      return { ...run, folder: `${run.workspace}/videos` }
    },
    expectRefused(run, said) {
      expect(run.code, run.log).toBe(1)
      const [error = ''] = annotations(run.stdout, 'error')
      expect(error).toMatch(said)
      expect(error).toContain(`video_translate_id: ${JOB}`)
      expect(run.outputs.video_translate_id).toBe(JOB)
      expect(run.outputs.video_path ?? '').toBe('')
      expect(saved(run.folder)).toEqual([])
      expect(run.log.split('\n').filter((line) => line.includes(key) && !line.startsWith('::add-mask::'))).toEqual([])
      return error
    },
  }
}
