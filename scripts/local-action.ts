// `npm run local-action`: runs src/main.ts under @github/local-action (the official template's way to run an
// action on a laptop) with `.env`, or the committed `.env.example`, starting the sandbox its base_url names.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Sandbox, startSandbox } from '../sandbox/heygen-sandbox.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const envFile = resolve(root, process.argv[2] ?? (existsSync(`${root}.env`) ? '.env' : '.env.example'))
const baseUrl = /^INPUT_BASE_URL=(.*)$/m.exec(readFileSync(envFile, 'utf8'))?.[1]?.trim()

let sandbox: Sandbox | undefined
const local = baseUrl ? new URL(baseUrl) : undefined
if (local && local.hostname === '127.0.0.1' && local.port) {
  try {
    sandbox = await startSandbox({ port: Number(local.port), filePort: Number(local.port) + 1 })
    console.log(`HeyGen sandbox at ${sandbox.url} (files at ${sandbox.fileUrl})`)
  } catch (error) {
    // A sandbox started by `npm run sandbox` may already hold the port: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    console.log(`Using the sandbox already listening at ${baseUrl}`)
  }
}

const child = spawn('local-action', ['.', 'src/main.ts', envFile], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 1)))
await sandbox?.close()
process.exit(code)
