// Stories of what a run costs, told in-process: the step's run() against the sandbox (a real local HeyGen and file
// host), its inputs as the runner passes them (INPUT_*), its log, outputs and summary read back. No bundle, no child.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { type Sandbox, type SandboxAccount, startSandbox } from '../../../sandbox/heygen-sandbox.ts'
import { run } from '../../../src/main.js'

const KEY = 'sk-inproc-M0ney-7q4Z'
const folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-money-'))
// @actions/core keeps the summary file's path once it has seen it: one file for every story, emptied before each.
const SUMMARY = nodePath.join(folder, 'summary.md')
const sandboxes: Sandbox[] = []

afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()))
  rmSync(folder, { recursive: true, force: true })
})

afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

async function sandboxWith(account?: SandboxAccount): Promise<Sandbox> {
  const sandbox = await startSandbox(account ? { account } : {})
  sandboxes.push(sandbox)
  return sandbox
}

interface StepRun {
  log: string
  outputs: Record<string, string>
  summary: string
  failed: boolean
  workspace: string
}

/** Runs the step as the runner would, with these `with:` values (names as written; the runner upper-cases them). */
async function step(sandbox: Sandbox, inputs: Record<string, string>): Promise<StepRun> {
  const workspace = mkdtempSync(nodePath.join(folder, 'workspace-'))
  const outputFile = nodePath.join(workspace, '..', `${nodePath.basename(workspace)}.out`)
  writeFileSync(outputFile, '')
  writeFileSync(SUMMARY, '')
  const saved = { ...process.env }
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  const all = { api_key: KEY, base_url: sandbox.url, poll_interval: '0.1', ...inputs }
  for (const [name, value] of Object.entries(all)) process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  Object.assign(process.env, { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: SUMMARY, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace })
  let log = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    log += String(chunk)
    return true
  })
  try {
    await run()
  } finally {
    vi.restoreAllMocks()
    process.env = saved
  }
  const failed = process.exitCode === 1
  process.exitCode = undefined
  return { log, outputs: readOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(SUMMARY, 'utf8'), failed, workspace }
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1] ?? ''] = match[3] ?? ''
  return outputs
}

const USD_WALLET: SandboxAccount = { billing: 'wallet', currency: 'usd', balance: 100, jobPrice: 2.5 }

describe('what a run cost, in the account’s money', () => {
  it('three jobs at $2.50 from a USD wallet: $7.50 in the log, the summary and the spent output', async () => {
    const sandbox = await sandboxWith(USD_WALLET)
    const result = await step(sandbox, { proofread_id: 'cost-1-es\ncost-2-fr\ncost-3-de', api_version: 'v3', wait: 'true' })
    expect(result.failed).toBe(false)
    expect(sandbox.jobs).toHaveLength(3)
    // Once before the first paid call, once after the last job ended.
    expect(sandbox.accountRequests).toHaveLength(2)
    expect(result.outputs.spent).toBe('$7.50')
    expect(result.log).toContain("The HeyGen account holds $100.00 in the account's USD wallet.")
    expect(result.log).toMatch(
      /Cost: \$7\.50, the change in the account's USD wallet during this step \(\$100\.00 .* before, \$92\.50 .* after\)\. It is the account's change/,
    )
    expect(result.summary).toContain('Cost: $7.50')
    // Each result carries HeyGen's duration, and the summary shows it.
    const results = JSON.parse(result.outputs.results ?? '[]') as Array<{ duration?: number }>
    expect(results.map((r) => r.duration)).toEqual([42.5, 42.5, 42.5])
    // HeyGen's duration (42.5 s) beside the video's link, as the summary shows a length.
    expect(result.summary).toContain('video (43s)')
  }, 60_000)

  it('credits are said as credits', async () => {
    const sandbox = await sandboxWith({ billing: 'subscription', balance: 1000, jobPrice: 60 })
    const result = await step(sandbox, { proofread_id: 'credits-1-es\ncredits-2-fr', api_version: 'v3', wait: 'true' })
    expect(result.outputs.spent).toBe('120 credits')
    expect(result.log).toContain('Cost: 120 credits')
  }, 60_000)

  it('min_balance above what the wallet holds: refused before paying, naming the balance and the floor', async () => {
    const sandbox = await sandboxWith({ ...USD_WALLET, balance: 3.2 })
    const result = await step(sandbox, { proofread_id: 'floor-es', api_version: 'v3', wait: 'true', min_balance: '5' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain('The HeyGen account holds $3.20, below min_balance $5.00')
    expect(result.log).toContain('Nothing was sent that costs.')
    // Only the free account route was asked: no preflight, no generate call.
    expect(sandbox.accountRequests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/users/me'])
    expect(sandbox.requests).toHaveLength(0)
    expect(sandbox.jobs).toHaveLength(0)
  }, 60_000)

  it('min_balance met: the step goes on', async () => {
    const sandbox = await sandboxWith(USD_WALLET)
    const result = await step(sandbox, { proofread_id: 'floor-ok-es', api_version: 'v3', wait: 'true', min_balance: '$50' })
    expect(result.failed).toBe(false)
    expect(result.outputs.spent).toBe('$2.50')
  }, 60_000)

  it('usage-based billing at its cap: refused before paying', async () => {
    const sandbox = await sandboxWith({ billing: 'usage_based', balance: 50, cap: 50 })
    const result = await step(sandbox, { proofread_id: 'cap-reached-es', api_version: 'v3' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain(
      'reached its usage-based spending cap ($50.00 spent this period under usage-based billing, with a spending cap of $50.00)',
    )
    expect(sandbox.generateCalls()).toHaveLength(0)
  }, 60_000)

  it('a key without the account route: a notice, and the step succeeds without a cost', async () => {
    const sandbox = await sandboxWith({ billing: 'missing', balance: 0 })
    const result = await step(sandbox, { proofread_id: 'no-account-es', api_version: 'v3', wait: 'true', min_balance: '5' })
    expect(result.failed).toBe(false)
    expect(result.log).toMatch(
      /::notice::The account's balance is not known \(Reading the account \(GET \/v3\/users\/me\) failed: HeyGen answered HTTP 404/,
    )
    expect(result.log).toContain('and min_balance was not checked')
    expect(result.outputs.spent).toBe('')
    expect(sandbox.jobs).toHaveLength(1)
  }, 60_000)

  it('dry_run shows the balance, and sends nothing that costs', async () => {
    const sandbox = await sandboxWith(USD_WALLET)
    const result = await step(sandbox, { proofread_id: 'dry-es', api_version: 'v3', dry_run: 'true' })
    expect(result.failed).toBe(false)
    expect(result.log).toContain("Dry run: the HeyGen account holds $100.00 in the account's USD wallet.")
    expect(result.summary).toContain('Balance: $100.00 in the account')
    expect(sandbox.generateCalls()).toHaveLength(0)
  }, 60_000)
})

describe('a used-up quota is not a rate limit', () => {
  it('a quota 429 fails at once with HeyGen words and what to do; no job, one generate call', async () => {
    const sandbox = await sandboxWith()
    const result = await step(sandbox, { proofread_id: 'quota-es', api_version: 'v3', wait: 'true', wait_timeout: '45m' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain('HTTP 429 Too Many Requests with quota_exceeded: You have used up the API quota of your plan for this period.')
    expect(result.log).toContain('a used-up quota, not a rate limit')
    expect(result.log).not.toContain('HeyGen is rate limiting')
    expect(sandbox.jobs).toHaveLength(0)
    expect(sandbox.generateCalls('quota-es')).toHaveLength(1)
  }, 60_000)

  it("the live v2 capture's trial_video_limit_exceeded, on v2: the same", async () => {
    const sandbox = await sandboxWith()
    const result = await step(sandbox, { proofread_id: 'trial-limit-es', api_version: 'v2', preflight: 'false' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain("trial_video_limit_exceeded: It seems you've reached your daily api trial limit 5.")
    expect(sandbox.generateCalls('trial-limit-es')).toHaveLength(1)
  }, 60_000)
})

describe('audio-only jobs', () => {
  it('a finished audio-only job with an audio link and no video link succeeds: the audio is saved, the summary says no video', async () => {
    const sandbox = await sandboxWith()
    const result = await step(sandbox, {
      proofread_id: 'audio-no-video-es',
      api_version: 'v3',
      translate_audio_only: 'true',
      download_path: 'out/{proofread_id}.mp4',
    })
    expect(result.failed).toBe(false)
    const results = JSON.parse(result.outputs.results ?? '[]') as Array<Record<string, unknown>>
    expect(results[0]).toMatchObject({
      status: 'success',
      audio_only: true,
      audio_path: nodePath.join(result.workspace, 'out', 'audio-no-video-es.mp3'),
    })
    expect(results[0]?.video_path).toBeUndefined()
    expect(readdirSync(nodePath.join(result.workspace, 'out'))).toEqual(['audio-no-video-es.mp3'])
    expect(result.summary).toContain('(audio only: no video)')
  }, 60_000)
})

describe('caught before any request', () => {
  it('`dry-run: true` (a hyphen) is refused, naming dry_run; nothing is sent', async () => {
    const sandbox = await sandboxWith()
    const result = await step(sandbox, { proofread_id: 'typo-es', 'dry-run': 'true' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain('Input `dry-run` is not an input of this action')
    expect(result.log).toContain('Did you mean `dry_run`?')
    expect(sandbox.requests).toHaveLength(0)
    expect(sandbox.accountRequests).toHaveLength(0)
  }, 60_000)

  it('a download_path under a file is refused, naming download_path; nothing is sent', async () => {
    const sandbox = await sandboxWith()
    const workspace = mkdtempSync(nodePath.join(folder, 'blocked-'))
    writeFileSync(nodePath.join(workspace, 'notes.txt'), 'a file')
    const result = await step(sandbox, { proofread_id: 'blocked-es', download_path: nodePath.join(workspace, 'notes.txt', 'videos', 'v.mp4') })
    expect(result.failed).toBe(true)
    expect(result.log).toContain(
      `Input \`download_path\` names the folder ${nodePath.join(workspace, 'notes.txt', 'videos')}, which cannot be created: ${nodePath.join(workspace, 'notes.txt')} is a file, not a folder. Nothing was sent.`,
    )
    expect(sandbox.requests).toHaveLength(0)
    expect(sandbox.accountRequests).toHaveLength(0)
  }, 60_000)

  it('a download_path under /proc is refused at once; nothing is sent', async () => {
    const sandbox = await sandboxWith()
    const result = await step(sandbox, { proofread_id: 'proc-es', download_path: '/proc/nope/v.mp4' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain('Input `download_path` names the folder /proc/nope, which cannot be created')
    expect(sandbox.requests).toHaveLength(0)
    expect(sandbox.accountRequests).toHaveLength(0)
  }, 60_000)
})
