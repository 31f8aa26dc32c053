// Runs the HeyGen sandbox in the foreground: node sandbox/cli.ts [--port N] [--file-port N]
import { parseArgs } from 'node:util'
import { startSandbox } from './heygen-sandbox.ts'

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${flag} must be a port number (0-65535), got ${value}`)
    process.exit(2)
  }
  return n
}

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'file-port': { type: 'string' } },
  strict: true,
})

// The log line names method, path and status only: header values (the API key) never reach it.
const sandbox = await startSandbox({
  port: port(values.port, '--port'),
  filePort: port(values['file-port'], '--file-port'),
  log: (line) => console.log(line),
})
console.log(`HeyGen sandbox: API ${sandbox.url}, files ${sandbox.fileUrl}`)

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
