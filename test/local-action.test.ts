// `npm run local-action`: @github/local-action, the official template's way to run an action on a laptop, stubs
// @actions/core. Run against the sandbox, the user sees the action's outputs in its table, and never the key.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Sandbox, startSandbox } from '../sandbox/heygen-sandbox.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const KEY = 'sk-la-Vb8Q-5f1e-Kz'
let sandbox: Sandbox
let folder: string

beforeAll(async () => {
  sandbox = await startSandbox()
  folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-local-action-'))
})
afterAll(async () => {
  await sandbox.close()
  rmSync(folder, { recursive: true, force: true })
})

function run(envFile: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // node_modules/.bin first, as npm does: local-action then runs on the project's Node 24.
    const env = { ...process.env, PATH: `${nodePath.join(ROOT, 'node_modules', '.bin')}${nodePath.delimiter}${process.env.PATH}` }
    const child = spawn(process.execPath, ['scripts/local-action.ts', envFile], { cwd: ROOT, env })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (out += chunk))
    child.on('close', (code) => resolve({ code, out }))
  })
}

it('runs src/main.ts against a running sandbox and shows video_translate_id in its outputs table, never the key', async () => {
  const envFile = nodePath.join(folder, 'test.env')
  writeFileSync(
    envFile,
    [
      `INPUT_API_KEY=${KEY}`,
      `INPUT_BASE_URL=${sandbox.url}`,
      'INPUT_PROOFREAD_ID=local-action-es',
      'INPUT_API_VERSION=v3',
      'INPUT_WAIT=true',
      'INPUT_POLL_INTERVAL=0.1',
      '',
    ].join('\n'),
  )
  const { code, out } = await run(envFile)
  expect(out).toContain('Using the sandbox already listening')
  expect(code).toBe(0)
  const id = sandbox.jobs[0]?.id
  expect(sandbox.jobs).toHaveLength(1)
  expect(out).toMatch(new RegExp(`'video_translate_id'\\s*│\\s*'${id}'`))
  expect(out).toMatch(/'status'\s*│\s*'success'/)
  expect(out).not.toContain(KEY)
}, 90_000)
