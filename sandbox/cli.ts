// Runs the HeyGen sandbox in the foreground:
// node sandbox/cli.ts [--port N] [--file-port N] [--secure-file-port N] [--file-rate 100MiB] [--v2-retired 404|410 | --v2-live]
// It plays today's HeyGen by default, v2 retired (410) as `npm start` plays it; --v2-live keeps the v2 routes answering.
import { parseArgs } from 'node:util'
import { startSandbox } from './heygen-sandbox.ts'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${flag} must be a port number (0-65535), got ${value}`)
  return n
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1000, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 }

/** `100MiB`, `100MiB/s`, `12.5MB`, `65536`: bytes per second. */
function parseRate(value: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)(?:\/s)?\s*$/i.exec(value)
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()]
  if (match?.[1] === undefined || unit === undefined) return undefined
  const rate = Number(match[1]) * unit
  return rate >= 1 ? Math.round(rate) : undefined
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'file-port': { type: 'string' },
    'secure-file-port': { type: 'string' },
    'file-rate': { type: 'string' },
    'v2-retired': { type: 'string' },
    'v2-live': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
})

if (values.help) {
  console.log(`The HeyGen sandbox: a local HeyGen API and file host, no key or credits (any key is accepted).

Usage: npm run sandbox -- [options]     (npm run sandbox listens on 8787, files on 8788)

  --port N                the API's port (0: any free one)
  --file-port N           the file host's port
  --secure-file-port N    an HTTPS file host too (trust test/fixtures/file-host.crt)
  --file-rate RATE        pace video bodies, like 100MiB, 100MiB/s, 12.5MB or 65536 (bytes per second)
  --v2-retired 404|410    what every /v2/ route answers (default 410, as today's HeyGen)
  --v2-live               keep the v2 routes answering, as before HeyGen retired them
  --help                  this text`)
  process.exit(0)
}

const rateText = values['file-rate']
const fileRateBytesPerSecond = rateText === undefined ? undefined : parseRate(rateText)
if (rateText !== undefined && fileRateBytesPerSecond === undefined) {
  fail(`--file-rate must be bytes per second, like 100MiB, 100MiB/s, 12.5MB or 65536, got ${rateText}`)
}
if (values['v2-live'] && values['v2-retired'] !== undefined) fail('--v2-live and --v2-retired contradict each other: give one')
// Today's HeyGen: v2 was retired on 1 November 2026.
const retired = values['v2-live'] ? undefined : (values['v2-retired'] ?? '410')
if (retired !== undefined && retired !== '404' && retired !== '410') fail(`--v2-retired must be 404 or 410, got ${retired}`)

// The log line names method, path and status only: header values (the API key) never reach it.
const sandbox = await startSandbox({
  port: port(values.port, '--port'),
  filePort: port(values['file-port'], '--file-port'),
  secureFilePort: port(values['secure-file-port'], '--secure-file-port'),
  fileRateBytesPerSecond,
  v2Retired: retired === undefined ? undefined : retired === '404' ? 404 : 410,
  log: (line) => console.log(line),
}).catch((error: unknown) => {
  // A second sandbox (or anything else) on the port: one line that says so and how to pick others.
  const taken = error as NodeJS.ErrnoException & { port?: number }
  if (taken.code === 'EADDRINUSE') {
    const which = taken.port === undefined ? 'A port' : `Port ${taken.port}`
    fail(`${which} is taken (another sandbox still running?): stop it, or pick free ports, e.g. npm run sandbox -- --port 8790 --file-port 8791`)
  }
  throw error
})
console.log(`HeyGen sandbox: API ${sandbox.url}, files ${sandbox.fileUrl}`)
console.log(`HTTPS file host: ${sandbox.secureFileUrl} (trust it with NODE_EXTRA_CA_CERTS=test/fixtures/file-host.crt)`)
if (fileRateBytesPerSecond !== undefined) console.log(`Video bodies paced to ${fileRateBytesPerSecond} bytes/s`)
console.log(
  retired === undefined
    ? 'v2 routes live (--v2-live), as before HeyGen retired them'
    : `Every /v2/ route answers ${retired}, as today's HeyGen does (--v2-live keeps them answering)`,
)

let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  console.log(`${signal}: stopping the sandbox`)
  await sandbox.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
