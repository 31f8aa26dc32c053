// `npm start`: runs the bundled action against the local HeyGen sandbox, no API key needed.
// Extra `name=value` arguments override inputs: npm start -- api_version=v3 proofread_id=a,b captions=true
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import { runAction } from '../sandbox/run-action.ts'

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url))

function parseOverrides(args: string[]): Record<string, string> {
  const overrides: Record<string, string> = {}
  for (const arg of args) {
    const equals = arg.indexOf('=')
    if (equals <= 0) {
      console.error(`Expected input overrides as name=value (e.g. api_version=v3), got: ${arg}`)
      process.exit(2)
    }
    overrides[arg.slice(0, equals)] = arg.slice(equals + 1)
  }
  return overrides
}

const overrides = parseOverrides(process.argv.slice(2))
if (!existsSync(entry)) {
  console.error(`${entry} is missing: build the action first (npm run bundle).`)
  process.exit(1)
}

const sandboxLog: string[] = []
const sandbox = await startSandbox({ log: (line) => sandboxLog.push(line) })
const downloads = mkdtempSync(join(tmpdir(), 'heygen-local-run-'))
const inputs: Record<string, string> = {
  api_key: 'sandbox-demo-key',
  base_url: sandbox.url,
  proofread_id: 'demo-proofread-es',
  wait: 'true',
  poll_interval: '0.2',
  download_path: `${downloads}/`,
  ...overrides,
}

console.log(`HeyGen sandbox at ${sandbox.url} (files at ${sandbox.fileUrl}); running ${entry}`)
for (const [name, value] of Object.entries(inputs)) {
  console.log(`  ${name} = ${name === 'api_key' ? '***' : value}`)
}
console.log('\n--- action log ---')

const run = await runAction({ inputs, entry, workspace: downloads }).finally(() => sandbox.close())
process.stdout.write(run.log.endsWith('\n') || run.log === '' ? run.log : `${run.log}\n`)

console.log('\n--- outputs ---')
// Multi-line values (one line per proofread) stay aligned under their name.
for (const [name, value] of Object.entries(run.outputs)) console.log(`${name} = ${value.split('\n').join(`\n${' '.repeat(name.length + 3)}`)}`)
console.log('\n--- job summary ---')
console.log(run.summary.trim() === '' ? '(empty)' : run.summary)
console.log('\n--- requests the sandbox saw ---')
for (const line of sandboxLog) console.log(line)

const exit = run.code ?? 1
console.log(`\nAction ${exit === 0 ? 'succeeded' : `failed (exit ${run.code ?? run.signal})`}; files in ${downloads}`)
rmSync(run.tempDir, { recursive: true, force: true })
process.exit(exit)
