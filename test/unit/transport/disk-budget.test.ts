// Free space for the whole batch: downloads running at once are checked together. A file host announces files that
// each fit the disk's free space alone but not all together: the ones that fit start, the next is refused before
// its first byte, naming what the others still need. (Checked per file alone, every one would start and fail.)
import { statfsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { Agent } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkPolicyFor } from '../../../src/transport/addresses.js'
import { DiskBudget } from '../../../src/transport/disk-budget.js'
import { downloadFile } from '../../../src/transport/download.js'

let server: Server
let origin: string
let folder: string
const stalled: ServerResponse[] = []
let announced = 0

beforeAll(async () => {
  folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-disk-budget-'))
  const disk = statfsSync(folder)
  // Each file is 40% of the free space: two fit together, a third does not.
  announced = Math.floor(disk.bavail * disk.bsize * 0.4)
  server = createServer((_request, response) => {
    // The length is announced and a few bytes sent; the rest never comes (the test ends the downloads itself).
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(announced) })
    response.write(Buffer.alloc(1024))
    stalled.push(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(folder, { recursive: true, force: true })
})

describe('the batch budget', () => {
  it('reservations count what each running download still has to write, and go when it ends', () => {
    const budget = new DiskBudget()
    let written = 0
    const done = budget.reserve(100, () => written)
    expect(budget.stillToWrite()).toBe(100)
    written = 30
    expect(budget.stillToWrite()).toBe(70)
    done()
    expect(budget.stillToWrite()).toBe(0)
  })

  it('three downloads that fit the disk one by one but not together: the third is refused before its first byte', async () => {
    const controller = new AbortController()
    // One budget for the three, as a step's StepRun gives its downloads.
    const diskBudget = new DiskBudget()
    const options = {
      diskBudget,
      transport: { userAgent: 'disk-budget-test', timeoutMs: 10_000, signal: controller.signal, dispatcher: new Agent() },
      log: { info: () => {} },
      downloadTimeoutMs: 30_000,
      maxBytes: Number.MAX_SAFE_INTEGER,
      links: linkPolicyFor('http://127.0.0.1:8787'),
    }
    const first = downloadFile(`${origin}/a.mp4`, nodePath.join(folder, 'a.mp4'), options)
    const second = downloadFile(`${origin}/b.mp4`, nodePath.join(folder, 'b.mp4'), options)
    // Both are running (their answers arrived) before the third is asked for.
    await expect.poll(() => stalled.length).toBe(2)
    await expect.poll(() => diskBudget.stillToWrite()).toBeGreaterThan(announced)
    const third = downloadFile(`${origin}/c.mp4`, nodePath.join(folder, 'c.mp4'), options)
    await expect(third).rejects.toThrow(/c\.mp4 was not started: .* of which .* the step's other downloads running now still need/)
    controller.abort(new Error('test over'))
    await Promise.allSettled([first, second])
    expect(diskBudget.stillToWrite()).toBe(0)
  })
})
