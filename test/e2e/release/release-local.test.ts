// `npm start -- release=v1.0.0`: a newcomer sees the release path work against the local GitHub stand-in, and with
// `--state DIR` a second run finds what the first published (the ledger) and pays for nothing. One story, two spawned
// runs: the first run of the --state story is the release run (test/local-inputs.test.ts had it as a third run).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** `npm start -- ARGS` as scripts/run-local.ts runs it, with its own TMPDIR; `out` is stdout and stderr in arrival order. */
function runLocal(args: string[], tmp: string): Promise<{ code: number | null; out: string; stdout: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run-local.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    out += text
    stdout += text
  })
  child.stderr.setEncoding('utf8').on('data', (text: string) => (out += text))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, stdout })))
}

describe('npm start -- release=v1.0.0 (--state DIR)', () => {
  it('publishes the video and its captions to release v1.0.0 of the stand-in and lists them with their labels; with --state a second run finds them and pays for nothing', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'release-local-test-'))
    const state = mkdtempSync(join(tmpdir(), 'local-state-'))
    try {
      const args = ['--state', state, 'release=v1.0.0', 'captions=true']
      const first = await runLocal(args, tmp)
      const out = first.out
      expect(first.code, out).toBe(0)
      expect(out).toMatch(
        /^GitHub stand-in at http:\/\/127\.0\.0\.1:\d+ \(uploads at http:\/\/127\.0\.0\.1:\d+\/api\/uploads\), release v1\.0\.0 of octo-org\/release-videos$/m,
      )
      expect(out).toMatch(
        /^demo-proofread-es\.mp4 {2}1\.0 MiB {2}video\/mp4 {2}"Spanish \(Spain\) · video · proofread demo-proofread-es · job vt-[\w-]+"$/m,
      )
      expect(out).toMatch(
        /^demo-proofread-es\.vtt {2}\d+(\.\d)? (B|KiB) {2}text\/vtt {2}"Spanish \(Spain\) · captions · proofread demo-proofread-es · job vt-[\w-]+"$/m,
      )
      expect(out).toMatch(/^release_assets = https:\/\/github\.com\/octo-org\/release-videos\/releases\/download\/v1\.0\.0\/demo-proofread-es\.vtt$/m)
      expect(out).toContain('Action succeeded')
      // --state: the first run starts from an empty release.
      expect(first.stdout).toContain('Release state in')
      expect(first.stdout).toContain('0 assets from earlier runs')
      expect(first.stdout).toMatch(/status = success/)

      // --state keeps the local release across runs: the second run finds the first one’s assets and pays for nothing.
      const second = await runLocal(args, tmp)
      expect(second.code, second.out).toBe(0)
      expect(second.stdout).toMatch(/[1-9]\d* assets? from earlier runs/)
      expect(second.stdout).toMatch(/status = published/)
      // Nothing generated the second time: the sandbox saw no generate call.
      expect(second.stdout.split('--- requests the sandbox saw ---')[1] ?? '').not.toMatch(/POST \S*generate/)
    } finally {
      rmSync(tmp, { recursive: true, force: true })
      rmSync(state, { recursive: true, force: true })
    }
  }, 90_000)
})
