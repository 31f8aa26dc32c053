// Writing a download's body to its file: every byte in order across write batches, and every way it can stop.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { saveBody, withoutFirst, WRITE_BATCH_BYTES } from '../../../src/transport/save-body.js'

let folder: string
const never = new AbortController().signal
const keepAll = () => undefined

beforeEach(() => {
  folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-save-body-'))
})

afterEach(() => {
  rmSync(folder, { recursive: true, force: true })
})

/** A body of `count` chunks of `size` random bytes, and all of them together. */
function chunks(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, () => randomBytes(size))
}

describe('saveBody', () => {
  it('writes every byte in order, through whole batches and the last short one', async () => {
    // 64 KiB chunks as a socket gives them, plus an odd tail: batches of WRITE_BATCH_BYTES and a remainder.
    const parts = [...chunks(Math.ceil((WRITE_BATCH_BYTES * 2.5) / 65536), 65536), randomBytes(12_345)]
    const file = nodePath.join(folder, 'video.mp4')
    const seen: number[] = []
    await saveBody(Readable.from(parts), file, never, (chunk) => {
      seen.push(chunk.length)
      return undefined
    })
    expect(readFileSync(file).equals(Buffer.concat(parts))).toBe(true)
    expect(seen).toEqual(parts.map((part) => part.length))
  })

  it('truncates a file already at the path instead of writing into it', async () => {
    const file = nodePath.join(folder, 'video.mp4')
    await saveBody(Readable.from([randomBytes(100_000)]), file, never, keepAll)
    const short = randomBytes(10)
    await saveBody(Readable.from([short]), file, never, keepAll)
    expect(readFileSync(file).equals(short)).toBe(true)
  })

  it("stops the body at the chunk the check refuses, rejects with the check's error and writes nothing after it", async () => {
    const body = new PassThrough()
    const file = nodePath.join(folder, 'video.mp4')
    const tooLarge = new Error('over max_download_size')
    let received = 0
    const saving = saveBody(body, file, never, (chunk) => {
      received += chunk.length
      return received > 1000 ? tooLarge : undefined
    })
    body.write(randomBytes(600))
    body.write(randomBytes(600))
    await expect(saving).rejects.toBe(tooLarge)
    expect(body.destroyed).toBe(true)
    // The refused chunk and everything before it in the unfinished batch never reached the file.
    expect(readFileSync(file).length).toBe(0)
  })

  it("rejects with the body's own error (a reset connection), with the body's error as it came", async () => {
    const body = new PassThrough()
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
    const saving = saveBody(body, nodePath.join(folder, 'video.mp4'), never, keepAll)
    body.write(randomBytes(1000))
    body.destroy(reset)
    await expect(saving).rejects.toBe(reset)
  })

  it('treats a body that closes before its end as a failure, not a complete file', async () => {
    const body = new PassThrough()
    const saving = saveBody(body, nodePath.join(folder, 'video.mp4'), never, keepAll)
    body.write(randomBytes(1000))
    body.destroy()
    await expect(saving).rejects.toThrow(/premature close/i)
  })

  it('rejects with the reason of an abort in the middle of the body, and destroys the body', async () => {
    const body = new PassThrough()
    const controller = new AbortController()
    const saving = saveBody(body, nodePath.join(folder, 'video.mp4'), controller.signal, keepAll)
    body.write(randomBytes(1000))
    const cancelled = new Error('the step was cancelled')
    controller.abort(cancelled)
    await expect(saving).rejects.toBe(cancelled)
    expect(body.destroyed).toBe(true)
  })

  it('does not open the file when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('cancelled'))
    const file = nodePath.join(folder, 'video.mp4')
    await expect(saveBody(Readable.from([randomBytes(10)]), file, controller.signal, keepAll)).rejects.toThrow('cancelled')
    expect(existsSync(file)).toBe(false)
  })

  it('given a path that cannot be opened, rejects with the system error and destroys the body', async () => {
    const body = new PassThrough()
    await expect(saveBody(body, nodePath.join(folder, 'missing', 'video.mp4'), never, keepAll)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(body.destroyed).toBe(true)
  })
})

describe('withoutFirst (what is left after a short write)', () => {
  const parts = [Buffer.from('abc'), Buffer.from('defg'), Buffer.from('hi')]
  const text = (buffers: Buffer[]) => Buffer.concat(buffers).toString()

  it('drops whole chunks and cuts into the chunk the write stopped in', () => {
    expect(text(withoutFirst(parts, 0))).toBe('abcdefghi')
    expect(text(withoutFirst(parts, 3))).toBe('defghi')
    expect(text(withoutFirst(parts, 5))).toBe('fghi')
    expect(withoutFirst(parts, 5)).toHaveLength(2)
    expect(text(withoutFirst(parts, 8))).toBe('i')
    expect(withoutFirst(parts, 9)).toEqual([])
  })
})
