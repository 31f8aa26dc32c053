// The floor under the action's download: the same undici GET of the same link, without the action around it (no
// start-up of the bundle, no status call, no checks). Run by bench/download.ts as a child process, like the action:
//   FLOOR_MODE=discard           undici's request(): its body Readable, every chunk read and dropped;
//   FLOOR_MODE=stream-discard    undici's stream(): a Writable of our own that drops every chunk;
//   FLOOR_MODE=dispatch-discard  dispatch() with a handler: the chunks straight from the parser, dropped (undici and
//                                Node's socket alone, nothing between them and us);
//   FLOOR_MODE=file              the action's way: request(), each chunk written to FLOOR_FILE by saveBody
//                                (src/transport/save-body.ts), as the action writes it.
// The action minus `file` is the action's own cost; `file` minus `discard` is what writing the file costs.
import { Writable } from 'node:stream'
import { Agent, type Dispatcher, request, stream } from 'undici'
import { saveBody } from '../src/transport/save-body.ts'

const MODES = ['discard', 'stream-discard', 'dispatch-discard', 'file'] as const
type Mode = (typeof MODES)[number]
const url = process.env.FLOOR_URL
const mode = process.env.FLOOR_MODE as Mode
const file = process.env.FLOOR_FILE
if (!url || !MODES.includes(mode) || (mode === 'file' && !file)) {
  throw new Error(`download-floor: set FLOOR_URL, FLOOR_MODE (${MODES.join(', ')}) and, for file, FLOOR_FILE`)
}
const link = new URL(url)
const headers = { 'accept-encoding': 'identity' }
// An Agent as the action's own dispatcher builds it: default connection settings, identity encoding asked for.
const dispatcher = new Agent({})
let bytes = 0
const count = (chunk: Buffer): undefined => void (bytes += chunk.length)

/** Every way of reading the body, each resolving once the last byte is in. */
const floors: Record<Mode, () => Promise<void>> = {
  async discard() {
    const answer = await request(link, { dispatcher, headers })
    if (answer.statusCode !== 200) throw new Error(`download-floor: the file host answered HTTP ${answer.statusCode}`)
    // 'data' events, not for await: an async hop per chunk would add a cost of its own to the floor.
    await new Promise<void>((resolve, reject) => {
      answer.body.on('data', count)
      answer.body.on('end', resolve)
      answer.body.on('error', reject)
    })
  },
  async 'stream-discard'() {
    await stream(link, { dispatcher, headers, method: 'GET' }, ({ statusCode }) => {
      if (statusCode !== 200) throw new Error(`download-floor: the file host answered HTTP ${statusCode}`)
      return new Writable({ write: (chunk: Buffer, _encoding, done) => done(count(chunk)) })
    })
  },
  'dispatch-discard': () =>
    new Promise<void>((resolve, reject) => {
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart() {},
        onResponseStart(controller, statusCode) {
          if (statusCode !== 200) controller.abort(new Error(`download-floor: the file host answered HTTP ${statusCode}`))
        },
        onResponseData: (_controller, chunk) => count(chunk),
        onResponseEnd: () => resolve(),
        onResponseError: (_controller, error) => reject(error),
      }
      dispatcher.dispatch({ origin: link.origin, path: `${link.pathname}${link.search}`, method: 'GET', headers }, handler)
    }),
  async file() {
    const answer = await request(link, { dispatcher, headers })
    if (answer.statusCode !== 200) throw new Error(`download-floor: the file host answered HTTP ${answer.statusCode}`)
    await saveBody(answer.body, file ?? '', new AbortController().signal, count)
  },
}

// The transfer's own CPU time, from the request to the last byte: this script's start-up (undici loaded unbundled, the
// TypeScript stripped) is no floor of the action's.
const before = process.cpuUsage()
// Minor page faults too: on a VM each costs microseconds, and the socket's fresh 64 KiB read buffers take many.
const faultsBefore = process.resourceUsage().minorPageFault
await floors[mode]()
const used = process.cpuUsage(before)
const faults = process.resourceUsage().minorPageFault - faultsBefore
await dispatcher.close()
process.stdout.write(`download-floor ${mode}: ${bytes} bytes, transfer CPU ${(used.user + used.system) / 1000} ms, ${faults} minor page faults\n`)
