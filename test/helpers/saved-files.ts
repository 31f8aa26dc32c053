// What the download stories check on disk and at the file host, in-process and end to end alike.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { expect } from 'vitest'
import type { Sandbox } from '../../sandbox/heygen-sandbox.ts'

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/** Files in a folder ([] when it does not exist), hidden ones included. */
export function filesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).sort() : []
}

export function partFiles(folder: string): string[] {
  return filesIn(folder).filter((name) => name.endsWith('.part'))
}

/** The story's one job: exactly one was started. */
export function onlyJob(sandbox: Sandbox): Sandbox['jobs'][number] {
  expect(sandbox.jobs).toHaveLength(1)
  return sandbox.jobs[0]!
}

/** The video downloads the file host saw. */
export function videoGets(sandbox: Sandbox): Sandbox['fileRequests'] {
  return sandbox.fileRequests.filter((request) => request.method === 'GET' && request.path.startsWith('/videos/'))
}
