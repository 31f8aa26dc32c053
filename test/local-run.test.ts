// `npm start` (scripts/run-local.ts) as a newcomer uses it: the log as it happens, Ctrl-C that still shows how to
// resume, no temporary folder left behind, no key in clear, a typo in an input name refused before anything is sent,
// and a second run that resumes a job in a sandbox that keeps running.
import { type SpawnOptions, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Sandbox, startSandbox } from '../sandbox/heygen-sandbox.ts'
import { actionDefaults, runAction, UnexpectedInputsError, unexpectedInputs, unexpectedInputsMessage } from '../sandbox/run-action.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SCRIPT = join(ROOT, 'scripts', 'run-local.ts')

interface LocalRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** stdout and stderr in arrival order. */
  out: string
  stderr: string
  /** The TMPDIR the run was given: everything it creates goes there, so what is left in it was left behind. */
  tmp: string
}

const tmps: string[] = []
afterAll(() => {
  for (const dir of tmps) rmSync(dir, { recursive: true, force: true })
})

/**
 * Starts `command args` with a private TMPDIR; `onOutput` sees the output so far as it arrives and may act on it
 * (e.g. press Ctrl-C).
 */
function start(command: string, args: string[], onOutput?: (out: string, pid: number) => void, options: SpawnOptions = {}): Promise<LocalRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'local-run-test-'))
  tmps.push(tmp)
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  })
  let out = ''
  let stderr = ''
  const take = (text: string) => {
    out += text
    if (child.pid !== undefined) onOutput?.(out, child.pid)
  }
  child.stdout?.setEncoding('utf8').on('data', take)
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text
    take(text)
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, out, stderr, tmp }))
  })
}

const runLocal = (args: string[], onOutput?: (out: string, pid: number) => void, options?: SpawnOptions) =>
  start(process.execPath, [SCRIPT, ...args], onOutput, options)

/** What the run's own temporary folders (heygen-local-run-*, heygen-action-run-*) left in its TMPDIR; npm keeps caches there. */
function leftBehind(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('heygen-'))
}

/** The folder the run announced for its downloads. */
function announcedFolder(out: string): string {
  const folder = /^Temporary folder: (\S+)/m.exec(out)?.[1]
  expect(folder, 'the run names its temporary folder').toBeDefined()
  return folder ?? ''
}

let sandbox: Sandbox
beforeAll(async () => {
  // Stands in for `npm run sandbox` in another terminal: it outlives the runs and keeps their jobs, v2 retired as there.
  sandbox = await startSandbox({ v2Retired: 410 })
})
afterAll(async () => {
  await sandbox.close()
})
afterEach(() => {
  sandbox.reset()
})

describe('a typo in an input name', () => {
  it('is refused with the runner’s own words, before anything is sent (for real, a paid call for the wrong proofread)', async () => {
    const run = await runLocal([`base_url=${sandbox.url}`, 'proofread-id=release-es'])
    expect(run.code).toBe(2)
    const valid = Object.keys(actionDefaults())
    expect(valid).toContain('proofread_id')
    expect(run.stderr).toContain(`Error: Unexpected input(s) 'proofread-id', valid inputs are [${valid.map((name) => `'${name}'`).join(', ')}]`)
    expect(run.out).not.toContain('Started video_translate_id')
    expect(sandbox.requests).toEqual([])
    expect(leftBehind(run.tmp)).toEqual([])
  })

  it('names every unknown input; the runner’s case-insensitive names are not typos', () => {
    const declared = { api_key: '', proofread_id: '' }
    expect(unexpectedInputs(['proofread-id', 'PROOFREAD_ID', 'Api_Key', 'captions'], declared)).toEqual(['proofread-id', 'captions'])
    expect(unexpectedInputsMessage(['proofread-id', 'captions'], declared)).toBe(
      "Unexpected input(s) 'proofread-id', 'captions', valid inputs are ['api_key', 'proofread_id']",
    )
  })

  it('runAction with strictInputs refuses it without starting the action', async () => {
    let spawned = false
    const strict = runAction({
      inputs: { base_url: sandbox.url, 'proofread-id': 'release-es' },
      strictInputs: true,
      onSpawn: () => {
        spawned = true
      },
    })
    await expect(strict).rejects.toBeInstanceOf(UnexpectedInputsError)
    await expect(strict).rejects.toThrow("Unexpected input(s) 'proofread-id'")
    expect(spawned).toBe(false)
    expect(sandbox.requests).toEqual([])
  })
})

describe('npm start', () => {
  it('runs the action against its own sandbox, hides the ::add-mask:: line and removes its temporary folder', async () => {
    const run = await runLocal([])
    expect(run.code, run.out).toBe(0)
    expect(run.out).toMatch(/^Saved .*vt-[\w-]+\.mp4 \(1\.0 MiB/m)
    expect(run.out).toMatch(/^status = success$/m)
    expect(run.out).not.toContain('::add-mask::')
    expect(run.out).not.toContain('sandbox-demo-key')
    // Today's HeyGen: the v2 route is retired, and the default (auto) goes on with v3, once.
    expect(run.out).toMatch(/^api POST \/v2\/video_translate\/proofread\/demo-proofread-es\/generate -> 410/m)
    expect(run.out).toMatch(/^api POST \/v3\/video-translations\/proofreads\/demo-proofread-es\/generate -> 200/m)
    expect(existsSync(announcedFolder(run.out))).toBe(false)
    // Downloads and the runner's files alike: nothing is left in the run's TMPDIR.
    expect(leftBehind(run.tmp)).toEqual([])
  })

  // Process groups and SIGINT are POSIX: Windows has neither.
  it.skipIf(process.platform === 'win32')(
    'Ctrl-C (SIGINT to the whole process group of npm start) shows the ids and the resume hint, and leaves no folder',
    async () => {
      let pressed = 0
      const run = await start(
        'npm',
        ['start', '--', 'poll_interval=1', 'proofread_id=demo-never-finishes-es'],
        (out, pid) => {
          // The log streams: the job has started while the run is still going.
          if (pressed === 0 && out.includes('Started video_translate_id')) {
            pressed = Date.now()
            process.kill(-pid, 'SIGINT')
          }
        },
        { detached: true },
      )
      expect(pressed, run.out).toBeGreaterThan(0)
      expect(Date.now() - pressed).toBeLessThan(5000)
      const id = /Started video_translate_id (vt-[\w-]+)/.exec(run.out)?.[1]
      expect(run.out).toContain(
        `Warning: Cancelled by SIGINT. HeyGen may still be rendering these jobs (each billed once, not cancelled there): ${id}.`,
      )
      // The resume block, readable (the %0A of the workflow command turned back into line breaks).
      expect(run.out).toContain(`  with:\n    video_translate_id: ${id}\n    api_version: auto\n`)
      expect(run.out).toMatch(new RegExp(`^video_translate_id = ${id}$`, 'm'))
      expect(run.out).toContain('Action stopped by SIGINT')
      // npm, having been sent SIGINT too, ends itself with it once the script is done: a shell reports 130 either way.
      expect([
        [130, null],
        [null, 'SIGINT'],
      ]).toContainEqual([run.code, run.signal])
      expect(existsSync(announcedFolder(run.out))).toBe(false)
      expect(leftBehind(run.tmp)).toEqual([])
    },
  )

  it.skipIf(process.platform === 'win32')('a SIGINT sent to the script alone is passed on to the action', async () => {
    let sent = false
    const run = await runLocal([`base_url=${sandbox.url}`, 'poll_interval=1', 'proofread_id=demo-never-finishes-fr'], (out, pid) => {
      if (!sent && out.includes('Started video_translate_id')) {
        sent = true
        process.kill(pid, 'SIGINT')
      }
    })
    expect(run.out).toMatch(/^ {4}video_translate_id: vt-[\w-]+$/m)
    expect(run.code).toBe(130)
    expect(leftBehind(run.tmp)).toEqual([])
  })
})

describe('resuming against a sandbox that keeps running (npm run sandbox)', () => {
  it('a second run with video_translate_id waits for and downloads the first run’s job, without generating again; --keep keeps it', async () => {
    const first = await runLocal([`base_url=${sandbox.url}`, 'wait=false'])
    expect(first.code, first.out).toBe(0)
    expect(first.out).toContain('no sandbox started')
    const id = /^video_translate_id = (vt-[\w-]+)$/m.exec(first.out)?.[1] ?? ''
    expect(id).not.toBe('')
    expect(first.out).not.toMatch(/^Saved /m)

    // --keep rides on this run (it downloads): one spawned run less than a run of its own.
    const second = await runLocal(['--keep', `base_url=${sandbox.url}`, `video_translate_id=${id}`])
    expect(second.code, second.out).toBe(0)
    // As the README's walkthrough says: the job was made on v3 (v2 retired), and is resumed there.
    expect(second.out).toContain(`Resuming video_translate_id ${id} on v3`)
    expect(second.out).toMatch(new RegExp(`^Saved .*${id}\\.mp4`, 'm'))
    expect(second.out).toMatch(/^status = success$/m)
    // --keep keeps the downloaded video.
    const folder = announcedFolder(second.out)
    expect(readdirSync(folder).filter((name) => name.endsWith('.mp4'))).toHaveLength(1)
    expect(second.out).toContain(`files kept in ${folder}`)
    // One v2 attempt (410, starts nothing) and one paid v3 call, both in the first run.
    expect(sandbox.generateCalls().map((r) => r.path.split('/')[1])).toEqual(['v2', 'v3'])
    expect(sandbox.jobs).toHaveLength(1)
  })
})
