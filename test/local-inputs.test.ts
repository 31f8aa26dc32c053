// Issue 27, trying it locally: `npm start` echoes each input once under action.yml's name, hides a callback_url
// password and the key, takes HEYGEN_API_KEY from the environment; both commands answer --help; a taken port is one line.
import { spawnSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { canonicalNames, echoLines, withoutCredentials } from '../scripts/local-inputs.ts'

const DECLARED = ['api_key', 'proofread_id', 'callback_url', 'wait']

describe('the echo of npm start', () => {
  it('shows an input given in another case once, under its declared name', () => {
    const inputs = { api_key: 'k', proofread_id: 'demo-proofread-es', ...canonicalNames({ Proofread_ID: 'pr_x', WAIT: 'false' }, DECLARED) }
    expect(echoLines(inputs, false)).toEqual(['  api_key = ***', '  proofread_id = pr_x', '  wait = false'])
  })

  it('masks a callback_url password and a token given as the user name', () => {
    const lines = echoLines({ callback_url: 'https://hook:s3cret-pass@hooks.example.com/h?x=1' }, false).join('\n')
    expect(lines).toBe('  callback_url = https://hook:***@hooks.example.com/h?x=1')
    expect(withoutCredentials('https://tok_abcdef@hooks.example.com/')).toBe('https://***@hooks.example.com/')
    expect(withoutCredentials('not a url //user:pw@host')).not.toContain('pw')
  })

  it('says the key comes from HEYGEN_API_KEY when the environment has one and api_key is not given', () => {
    expect(echoLines({ api_key: '' }, true)).toEqual(['  api_key = (empty: the action reads HEYGEN_API_KEY, ***)'])
  })
})

const node = process.execPath

describe('--help', () => {
  it('npm start -- --help says how to run it and exits 0, running nothing', () => {
    const run = spawnSync(node, ['scripts/run-local.ts', '--help'], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Usage: npm start -- [--keep] [--state DIR] [--help] [name=value ...]')
    expect(run.stdout).toContain('HEYGEN_API_KEY')
    expect(run.stdout).not.toContain('--- action log ---')
  })

  it('npm run sandbox -- --help lists its options and exits 0', () => {
    const run = spawnSync(node, ['sandbox/cli.ts', '--help'], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('--port N')
    expect(run.stdout).toContain('--v2-live')
  })
})

describe('npm run sandbox on a taken port', () => {
  it('says so in one line, with how to pick others, and exits 2', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const taken = (holder.address() as AddressInfo).port
    try {
      const child = spawn(node, ['sandbox/cli.ts', '--port', String(taken), '--file-port', '0', '--secure-file-port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code).toBe(2)
      expect(stderr.trim().split('\n')).toEqual([
        `Port ${taken} is taken (another sandbox still running?): stop it, or pick free ports, e.g. npm run sandbox -- --port 8790 --file-port 8791`,
      ])
    } finally {
      holder.close()
    }
  })
})

describe('npm start -- --state DIR', () => {
  it('keeps the local release across runs: the second run finds the first one’s assets and pays for nothing', () => {
    const state = mkdtempSync(join(tmpdir(), 'local-state-'))
    try {
      const run = () =>
        spawnSync(node, ['scripts/run-local.ts', '--state', state, 'release=v1.0.0', 'proofread_id=demo-state-es'], {
          encoding: 'utf8',
          timeout: 60_000,
        })
      const first = run()
      expect(first.status, first.stdout + first.stderr).toBe(0)
      expect(first.stdout).toContain('Release state in')
      expect(first.stdout).toContain('0 assets from earlier runs')
      expect(first.stdout).toMatch(/status = success/)
      const second = run()
      expect(second.status, second.stdout + second.stderr).toBe(0)
      expect(second.stdout).toMatch(/[1-9]\d* assets? from earlier runs/)
      expect(second.stdout).toMatch(/status = published/)
      // Nothing generated the second time: the sandbox saw no generate call.
      expect(second.stdout.split('--- requests the sandbox saw ---')[1] ?? '').not.toMatch(/POST \S*generate/)
    } finally {
      rmSync(state, { recursive: true, force: true })
    }
  }, 90_000)
})
