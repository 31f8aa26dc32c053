// The soak's publishing faults (issue 24): the many-legs property test (test/e2e/release/many-legs.test.ts) with
// more seeds than `npm test` runs: 2, 4 and 8 legs on one release with random interleavings, shared names and
// proofreads, a foreign asset mid-upload, a leg killed after paying, and re-runs. Its invariants: 0 paid jobs lost,
// 0 foreign assets changed, a proofread paid once.
import { spawn } from 'node:child_process'

/** Runs the property test with `seeds` seeds per leg count; the figures lines and whether every invariant held. */
export async function soakPublishing(seeds: number): Promise<{ ok: boolean; lines: string[] }> {
  const child = spawn('npx', ['vitest', 'run', 'test/e2e/release/many-legs.test.ts', '--maxWorkers=1'], {
    env: { ...process.env, RELEASE_LEGS_SEEDS: String(seeds) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text))
  child.stderr.setEncoding('utf8').on('data', (text: string) => (out += text))
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
  const plain = out.replace(/\u001b\[[0-9;]*m/g, '')
  const lines = plain.split('\n').filter((line) => /legs, \d+ seeds: |Tests |AssertionError/.test(line))
  return { ok: code === 0, lines: lines.map((line) => line.trim()) }
}
