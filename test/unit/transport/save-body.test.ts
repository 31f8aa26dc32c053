// One GET whose body goes from undici's parser straight to a file: every byte in order across write batches, the head
// held until the caller decides, and every way it can stop. A real HTTP server on 127.0.0.1 plays the file host.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requestFile, withoutFirst, WRITE_BATCH_BYTES } from '../../../src/transport/save-body.js'

let folder: string
let server: Server
let link: URL
let handler: (request: IncomingMessage, response: ServerResponse) => void
let requests: number
/** Resolves when the server sees the answer's connection close (a body dropped by the client). */
let closed: Promise<void>
let agent: Agent
const never = new AbortController().signal
const keepAll = () => undefined

beforeEach(async () => {
  folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-save-body-'))
  requests = 0
  handler = (_request, response) => response.end()
  let onClose = () => {}
  closed = new Promise((resolve) => (onClose = resolve))
  server = createServer((request, response) => {
    requests++
    response.on('close', onClose)
    handler(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  link = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v/vt_1.mp4?sig=abc`)
  agent = new Agent({ bodyTimeout: 2000, headersTimeout: 2000 })
})

afterEach(async () => {
  await agent.destroy()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(folder, { recursive: true, force: true })
})

const ask = (signal = never) => requestFile(link, { dispatcher: agent, headers: { 'accept-encoding': 'identity' }, signal })

/** A file host that sends `parts` one write at a time with their total as Content-Length. */
function sends(parts: Buffer[], headers: Record<string, string> = {}): void {
  handler = (_request, response) => {
    response.writeHead(200, { 'content-length': String(parts.reduce((n, p) => n + p.length, 0)), ...headers })
    for (const part of parts) response.write(part)
    response.end()
  }
}

describe('requestFile', () => {
  it('writes every byte in order, through whole batches and the last short one, checking every byte once', async () => {
    // 64 KiB pieces and an odd tail: several batches of WRITE_BATCH_BYTES and a remainder.
    const parts = [...Array.from({ length: Math.ceil((WRITE_BATCH_BYTES * 2.5) / 65536) }, () => randomBytes(65536)), randomBytes(12_345)]
    const body = Buffer.concat(parts)
    sends(parts, { 'content-type': 'video/mp4' })
    const answer = await ask()
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['content-type']).toBe('video/mp4')
    const file = nodePath.join(folder, 'video.mp4')
    const checked: Buffer[] = []
    await answer.saveTo(file, (chunk) => {
      checked.push(Buffer.from(chunk))
      return undefined
    })
    expect(readFileSync(file).equals(body)).toBe(true)
    expect(Buffer.concat(checked).equals(body)).toBe(true)
  })

  it('holds the body until the caller saves it, then saves all of it', async () => {
    const body = randomBytes(3 * WRITE_BATCH_BYTES)
    sends([body])
    const answer = await ask()
    // The caller's own checks (free space, names) take a moment; nothing is lost meanwhile.
    await sleep(100)
    const file = nodePath.join(folder, 'video.mp4')
    await answer.saveTo(file, keepAll)
    expect(readFileSync(file).equals(body)).toBe(true)
  })

  it('saves a body that ended, and its connection closed, before the caller asked for it', async () => {
    const body = randomBytes(5000)
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': String(body.length), connection: 'close' })
      response.end(body)
    }
    const answer = await ask()
    await closed
    const file = nodePath.join(folder, 'video.mp4')
    await answer.saveTo(file, keepAll)
    expect(readFileSync(file).equals(body)).toBe(true)
  })

  it('answers with the final head, not an informational one before it (103 Early Hints)', async () => {
    const body = randomBytes(5000)
    handler = (_request, response) => {
      response.writeEarlyHints({ link: '</v/vt_1.mp4>; rel=preload' })
      response.writeHead(200, { 'content-length': String(body.length) })
      response.end(body)
    }
    const answer = await ask()
    expect(answer.statusCode).toBe(200)
    const file = nodePath.join(folder, 'video.mp4')
    await answer.saveTo(file, keepAll)
    expect(readFileSync(file).equals(body)).toBe(true)
  })

  it('truncates a file already at the path instead of writing into it', async () => {
    const file = nodePath.join(folder, 'video.mp4')
    writeFileSync(file, randomBytes(100_000))
    const short = randomBytes(10)
    sends([short])
    await (await ask()).saveTo(file, keepAll)
    expect(readFileSync(file).equals(short)).toBe(true)
  })

  it("stops the body at the chunk the check refuses, rejects with the check's error and writes nothing from that chunk on", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': String(10 * 65536) })
      const piece = (left: number): void => {
        if (left === 0 || response.destroyed) return
        response.write(randomBytes(65536), () => setTimeout(() => piece(left - 1), 5))
      }
      piece(10)
    }
    const file = nodePath.join(folder, 'video.mp4')
    const tooLarge = new Error('over max_download_size')
    let received = 0
    let before = 0
    await expect(
      (await ask()).saveTo(file, (chunk) => {
        before = received
        received += chunk.length
        return received > 100_000 ? tooLarge : undefined
      }),
    ).rejects.toBe(tooLarge)
    await closed
    expect(readFileSync(file).length).toBeLessThanOrEqual(before)
  })

  it("rejects with the connection's own error when the host resets it mid-body", async () => {
    handler = (request, response) => {
      response.writeHead(200, { 'content-length': '100000' })
      response.write(randomBytes(1000), () => request.socket.destroy())
    }
    await expect((await ask()).saveTo(nodePath.join(folder, 'video.mp4'), keepAll)).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' })
  })

  it("rejects with the dispatcher's body timeout when the host stalls mid-body", async () => {
    await agent.destroy()
    agent = new Agent({ bodyTimeout: 200 })
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100000' })
      response.write(randomBytes(1000))
    }
    await expect((await ask()).saveTo(nodePath.join(folder, 'video.mp4'), keepAll)).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' })
  })

  it('rejects with the reason of an abort in the middle of the body, and drops the connection', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100000' })
      response.write(randomBytes(1000))
    }
    const controller = new AbortController()
    const saving = (await ask(controller.signal)).saveTo(nodePath.join(folder, 'video.mp4'), keepAll)
    await sleep(50)
    const cancelled = new Error('the step was cancelled')
    controller.abort(cancelled)
    await expect(saving).rejects.toBe(cancelled)
    await closed
  })

  it('rejects with the reason of an abort while the head is awaited', async () => {
    handler = () => {}
    const controller = new AbortController()
    const asking = ask(controller.signal)
    await sleep(50)
    const cancelled = new Error('the step was cancelled')
    controller.abort(cancelled)
    await expect(asking).rejects.toBe(cancelled)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('cancelled'))
    await expect(ask(controller.signal)).rejects.toThrow('cancelled')
    expect(requests).toBe(0)
  })

  it('drops the connection of an answer the caller discards (a redirect, a refusal)', async () => {
    handler = (_request, response) => {
      response.writeHead(302, { location: '/elsewhere', 'content-length': '100000' })
      response.write(randomBytes(1000))
    }
    const answer = await ask()
    expect(answer.statusCode).toBe(302)
    expect(answer.headers.location).toBe('/elsewhere')
    answer.discard()
    await closed
    await expect(answer.saveTo(nodePath.join(folder, 'video.mp4'), keepAll)).rejects.toThrow()
  })

  it('given a path that cannot be opened, rejects with the system error and drops the connection', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100000' })
      response.write(randomBytes(1000))
    }
    const file = nodePath.join(folder, 'missing', 'video.mp4')
    await expect((await ask()).saveTo(file, keepAll)).rejects.toMatchObject({ code: 'ENOENT' })
    await closed
    expect(existsSync(file)).toBe(false)
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
