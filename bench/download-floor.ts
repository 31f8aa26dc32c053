// The floor under the action's download: the same undici request to the same link, without the action around it (no
// start-up of the bundle, no status call, no checks). Run by bench/download.ts as a child process, like the action:
//   FLOOR_MODE=discard  undici's request and Node's socket alone: every body chunk read and dropped;
//   FLOOR_MODE=file     the same, each chunk written to FLOOR_FILE as the action writes it (src/transport/save-body.ts).
// The difference between the action and `file` is the action's own cost; `discard` is what undici costs before any byte
// reaches a disk.
import { Agent, request } from 'undici'
import { saveBody } from '../src/transport/save-body.ts'

const url = process.env.FLOOR_URL
const mode = process.env.FLOOR_MODE
const file = process.env.FLOOR_FILE
if (!url || (mode !== 'discard' && mode !== 'file') || (mode === 'file' && !file)) {
  throw new Error('download-floor: set FLOOR_URL, FLOOR_MODE (discard or file) and, for file, FLOOR_FILE')
}
// An Agent as the action's own dispatcher builds it: default connection settings, identity encoding asked for.
const dispatcher = new Agent({})
// The transfer's own CPU time, from the request to the last byte: this script's start-up (undici loaded unbundled, the
// TypeScript stripped) is no floor of the action's.
const before = process.cpuUsage()
const answer = await request(url, { dispatcher, headers: { 'accept-encoding': 'identity' } })
if (answer.statusCode !== 200) throw new Error(`download-floor: the file host answered HTTP ${answer.statusCode}`)
let bytes = 0
if (mode === 'file' && file) {
  await saveBody(answer.body, file, new AbortController().signal, (chunk) => {
    bytes += chunk.length
    return undefined
  })
} else {
  // 'data' events, not for await: an async hop per chunk would add a cost of its own to the floor.
  await new Promise<void>((resolve, reject) => {
    answer.body.on('data', (chunk: Buffer) => (bytes += chunk.length))
    answer.body.on('end', resolve)
    answer.body.on('error', reject)
  })
}
const used = process.cpuUsage(before)
await dispatcher.close()
process.stdout.write(`download-floor ${mode}: ${bytes} bytes, transfer CPU ${(used.user + used.system) / 1000} ms\n`)
