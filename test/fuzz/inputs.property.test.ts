// The bundle against src/ on fuzzed inputs. Every input's own properties run in-process (inputs-settings and
// inputs-step.property.test.ts); what only the bundle can show is that dist/ does with a value what src/ does: ncc's
// build, the bundled packages and the runner's environment (the value read back by a child process) must not change
// what is valid or what is sent. So the same fuzzed inputs go to the bundled action in a child process and to the step
// in-process, against one sandbox, and both runs must end alike: the same exit, the same error naming the same input,
// the same requests (method, route, body, which headers), the same outputs. Each spawned run costs a node start-up, so
// there are a handful, drawn over every input the step reads without GitHub.
import { mkdirSync, rmSync } from 'node:fs'
import nodePath from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ActionRun, runAction } from '../../sandbox/run-action.ts'
import { runInProcess } from '../inproc/run-in-process.ts'
import { FAST } from '../inproc/timing.ts'
import { anyText, booleanish, idList, nastyText, numberish, urlShaped } from './arbitraries.ts'
import { errorLine, expectCleanEnd, expectKeyNowhere, KEY } from './contract.ts'
import { carriesToken, passable, useFuzzWorld } from './fuzzed-steps.ts'
import { parse, SCALE } from './parse-inputs.ts'

/** What one run did, in terms both ways of running share (no temporary paths, job ids by order of creation). */
interface Ending {
  code: number | null
  error: string
  requests: string[]
  outputs: Record<string, string>
}

/** The inputs each fuzzed one is tried with: a proofread to generate, and what the input itself needs. */
function inputsFor(name: string, value: string): Record<string, string> {
  switch (name) {
    case 'proofread_id':
      return { proofread_id: value }
    case 'api_key':
      return { proofread_id: 'pr-fuzz-key', api_key: `${KEY}${value}` }
    case 'video_translate_id':
      return { proofread_id: '', video_translate_id: value, wait: 'true', wait_timeout: '3' }
    // Never a real origin: base_url is fuzzed in a dry run only (nothing is sent), on a poll_interval every origin takes.
    case 'base_url':
      return { proofread_id: 'pr-fuzz-1', dry_run: 'true', poll_interval: '1', base_url: value }
    case 'idempotency_key':
      return { proofread_id: 'pr-fuzz-1', api_version: 'v3', idempotency_key: value }
    case 'download_path':
      return { proofread_id: 'pr-fuzz-size-4096', download_path: value }
    default:
      return { proofread_id: 'pr-fuzz-1', [name]: value }
  }
}

/** Every input the step reads without GitHub (release, github_token and republish need the stand-in: release tests). */
const NAMES = [
  'proofread_id',
  'api_key',
  'video_translate_id',
  'captions',
  'translate_audio_only',
  'dry_run',
  'wait',
  'preflight',
  'callback_id',
  'callback_url',
  'api_version',
  'base_url',
  'idempotency_key',
  'request_timeout',
  'wait_timeout',
  'download_timeout',
  'poll_interval',
  'download_path',
  'min_balance',
  'max_download_size',
  'max_concurrency',
] as const
type Name = (typeof NAMES)[number]

/** A relative download_path that stays inside the temporary root (the workspace is six folders deep). */
function staysInside(raw: string): boolean {
  const value = raw.trim()
  return value === '' || (!nodePath.isAbsolute(value) && nodePath.resolve('/r/1/2/3/4/5/6/w', value).startsWith('/r/'))
}

const fuzzed = fc
  .tuple(fc.constantFrom(...NAMES), passable(fc.oneof(anyText(), nastyText(), urlShaped(), numberish(), booleanish(), idList())))
  .filter(([name, value]) => (name === 'download_path' ? staysInside(value) : true))
  .filter(([name, value]) => !(['proofread_id', 'video_translate_id'].includes(name) && value.split(/[,\n]/).some(carriesToken)))

/** Values that once split src/'s checks from what the step could do (inputs-step.property.test.ts has their stories). */
const EXAMPLES: Array<[Name, string]> = [
  ['download_path', `${'é'.repeat(130)}/`],
  ['request_timeout', '50ms'],
  ['api_key', '\nline2'],
  ['proofread_id', 'pr-é/..?#%2F'],
  // Valid, and more than the account holds: refused before paying (drawn once, seed -1617659726).
  ['min_balance', '604801.0005  '],
]

describe('dist/ and src/ on the same fuzzed inputs', () => {
  const world = useFuzzWorld()

  let runs = 0
  /** One run each way from a fresh sandbox; the workspace sits six folders deep, so `..` in download_path stays inside. */
  async function endingOf(inputs: Record<string, string>, way: 'bundle' | 'in-process'): Promise<{ run: ActionRun; ending: Ending; valid: boolean }> {
    world.sandbox.reset()
    const workspace = nodePath.join(world.root, `run-${++runs}`, 'a', 'b', 'c', 'd', 'e', 'workspace')
    mkdirSync(workspace, { recursive: true })
    const all = { base_url: world.sandbox.url, api_key: KEY, poll_interval: '0.05', wait_timeout: '20', preflight: 'false', ...inputs }
    // What src/'s parser says of these inputs in this workspace (download_path's length is checked against it).
    const saved = { ...process.env }
    process.env.GITHUB_WORKSPACE = workspace
    const valid = 'settings' in parse(all)
    for (const variable of Object.keys(process.env)) if (!(variable in saved)) delete process.env[variable]
    Object.assign(process.env, saved)
    const run =
      way === 'bundle' ? await runAction({ inputs: all, workspace, timeoutMs: 30_000 }) : await runInProcess({ inputs: all, workspace }, FAST)
    const jobs = world.sandbox.jobs.map((job) => job.id)
    // The sandbox numbers its signed links across resets (sig=N): the two ways are compared by what they ask, not by N.
    const plain = (text: string): string =>
      jobs.reduce(
        (out, id, i) => out.replaceAll(id, `<job ${i + 1}>`),
        text
          .replaceAll(workspace, '<workspace>')
          .replaceAll(run.tempDir, '<temp>')
          .replace(/([?&]sig=)\d+/g, '$1<n>'),
      )
    const requests = [...world.sandbox.requests, ...world.sandbox.fileRequests].map((request) =>
      plain(`${request.method} ${request.path} ${JSON.stringify(request.json ?? null)} ${Object.keys(request.headers).sort().join(',')}`),
    )
    // The results output holds each job's timing: its shape and words are compared, not its clock.
    const outputs = Object.fromEntries(
      Object.entries(run.outputs).map(([name, value]) => [
        name,
        plain(name === 'results' ? value.replace(/"\d{4}-\d\d-\d\dT[^"]*"/g, '"<time>"') : value),
      ]),
    )
    rmSync(run.tempDir, { recursive: true, force: true })
    return { run, valid, ending: { code: run.code, error: plain(errorLine(run)), requests: requests.sort(), outputs } }
  }

  it('end alike: the same exit, error, requests and outputs, and a clean end without the key', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzed, async ([name, value]) => {
        const inputs = inputsFor(name, value)
        const bundle = await endingOf(inputs, 'bundle')
        const inProcess = await endingOf(inputs, 'in-process')
        const key = (inputs.api_key ?? KEY).trim()
        expectCleanEnd(bundle.run)
        expectKeyNowhere(bundle.run, key)
        expect(bundle.ending, `dist/ and src/ disagree on ${name}`).toEqual(inProcess.ending)
        // And both agree with the parser: refused exactly when it refuses. (A valid video_translate_id is one the sandbox never issued: HeyGen's 404 ends that step.)
        // A valid min_balance above the sandbox's $1000 wallet, or in credits, is the account's refusal: before paying.
        const refusedByAccount = name === 'min_balance' && /below min_balance|but the HeyGen account is billed in/.test(bundle.ending.error)
        if (refusedByAccount) expect(bundle.ending.requests.filter((request) => request.startsWith('POST'))).toEqual([])
        const expected = !bundle.valid || name === 'video_translate_id' || refusedByAccount ? 1 : 0
        expect(bundle.run.code, `${name} ${bundle.valid ? 'valid' : 'refused'} by the parser`).toBe(expected)
      }),
      {
        numRuns: 8 * SCALE,
        endOnFailure: true,
        examples: EXAMPLES.map((example) => [example]),
      },
    )
  }, 120_000)
})
