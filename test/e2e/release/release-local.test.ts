// `npm start -- release=v1.0.0`: a newcomer sees the release path work against the local GitHub stand-in.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

describe('npm start -- release=v1.0.0', () => {
  it('publishes the video and its captions to release v1.0.0 of the stand-in and lists them with their labels', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'release-local-test-'))
    try {
      const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run-local.ts'), 'release=v1.0.0', 'captions=true'], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text))
      child.stderr.setEncoding('utf8').on('data', (text: string) => (out += text))
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
      expect(code, out).toBe(0)
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
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
