// The direct GET to a file host, over real sockets on 127.0.0.1: plain HTTP, HTTPS with a test certificate,
// and raw servers that misbehave in the ways a network does.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { directGet } from '../../src/direct-get.js'
import type { LinkRequest } from '../../src/link-answer.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url))
/** A self-signed certificate for localhost and 127.0.0.1 (valid to 2126), trusted only by the tests that pass it as `ca`. */
const certificate = { key: fixture('file-host.key'), cert: fixture('file-host.crt') }

const servers: Array<Server | ReturnType<typeof createNetServer>> = []
const sockets = new Set<Socket>()

afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function listen<T extends Server | ReturnType<typeof createNetServer>>(server: T): Promise<string> {
  servers.push(server)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A server that reads the request and answers with exactly the bytes `answer` writes, as a broken host would. */
async function rawServer(answer: (socket: Socket, request: string) => void): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = []
  const url = `http://${await listen(
    createNetServer((socket) => {
      let text = ''
      socket.on('data', (data) => {
        text += data.toString('latin1')
        if (!text.includes('\r\n\r\n')) return
        requests.push(text)
        answer(socket, text)
      })
      socket.on('error', () => {})
    }),
  )}`
  return { url, requests }
}

function request(overrides: Partial<LinkRequest> = {}): LinkRequest {
  return { userAgent: 'heygen-proofread-generate-action/test', timeoutMs: 5000, signal: new AbortController().signal, ...overrides }
}

/** Reads the whole body; copies each piece, as the caller must (the read buffer is reused). */
async function bodyOf(url: string, options: Partial<LinkRequest> = {}, tls = {}): Promise<{ status: number; body: Buffer; pieces: number }> {
  const answer = await directGet(new URL(url), request(options), tls)
  const pieces: Buffer[] = []
  await answer.readBody((bytes) => pieces.push(Buffer.from(bytes)))
  return { status: answer.status, body: Buffer.concat(pieces), pieces: pieces.length }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('directGet', () => {
  it('sends one plain GET with Host, the user agent, Connection: close and identity encoding, and nothing else', async () => {
    const host = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'))
    const got = await bodyOf(`${host.url}/videos/vt_1.mp4?sig=a%2Fb&x=1`)
    expect(got.body.toString()).toBe('ok')
    const port = new URL(host.url).port
    expect(host.requests).toEqual([
      `GET /videos/vt_1.mp4?sig=a%2Fb&x=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: heygen-proofread-generate-action/test\r\n` +
        'Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n',
    ])
  })

  it('given a 5 MiB body over HTTP, every byte arrives in order though one buffer is reused for all reads', async () => {
    const video = randomBytes(5 * 1024 * 1024)
    const origin = await listen(createHttpServer((_request, response) => response.end(video)))
    const got = await bodyOf(`http://${origin}/v.mp4`)
    expect(got.pieces).toBeGreaterThan(1)
    expect(sha256(got.body)).toBe(sha256(video))
  })

  it('given HTTPS with a certificate the caller trusts, the body arrives whole (TLS reads into the same buffer)', async () => {
    const video = randomBytes(3 * 1024 * 1024 + 17)
    const origin = await listen(createHttpsServer(certificate, (_request, response) => response.end(video)))
    for (const host of [origin, origin.replace('127.0.0.1', 'localhost')]) {
      const got = await bodyOf(`https://${host}/v.mp4`, {}, { ca: certificate.cert })
      expect(got.status).toBe(200)
      expect(sha256(got.body)).toBe(sha256(video))
    }
  })

  it('given HTTPS with a certificate nobody vouches for, it refuses before asking for anything', async () => {
    let asked = 0
    const origin = await listen(
      createHttpsServer(certificate, (_request, response) => {
        asked++
        response.end('video')
      }),
    )
    await expect(directGet(new URL(`https://${origin}/v.mp4`), request())).rejects.toThrow(/self-signed certificate/)
    expect(asked).toBe(0)
  })

  it('given a chunked answer from a real server (no Content-Length), the body is the chunks joined', async () => {
    const parts = [randomBytes(70_000), randomBytes(1), randomBytes(300_000)]
    const origin = await listen(
      createHttpServer((_request, response) => {
        for (const part of parts) response.write(part)
        response.end()
      }),
    )
    const answer = await directGet(new URL(`http://${origin}/v.mp4`), request())
    expect(answer.headers['transfer-encoding']).toBe('chunked')
    const pieces: Buffer[] = []
    await answer.readBody((bytes) => pieces.push(Buffer.from(bytes)))
    expect(Buffer.concat(pieces).equals(Buffer.concat(parts))).toBe(true)
  })

  it('given an answer framed by closing the connection, the body is everything before the close', async () => {
    const host = await rawServer((socket) => socket.end('HTTP/1.0 200 OK\r\n\r\nold-style body'))
    expect((await bodyOf(`${host.url}/v.mp4`)).body.toString()).toBe('old-style body')
  })

  it('holds the body back until it is asked for (the host waits; nothing piles up in memory), then hands over all of it', async () => {
    // Larger than what loopback socket buffers hold, so the host can finish sending only once we read.
    const video = Buffer.alloc(48 * 1024 * 1024, 7)
    let sentAll = false
    const origin = await listen(createHttpServer((_request, response) => response.end(video, () => (sentAll = true))))
    const answer = await directGet(new URL(`http://${origin}/v.mp4`), request())
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(sentAll).toBe(false)
    const hash = createHash('sha256')
    await answer.readBody((bytes) => hash.update(bytes))
    expect(hash.digest('hex')).toBe(sha256(video))
  })

  it('given a connection cut mid-body, reading fails with how much of how much came', async () => {
    const host = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n')
      socket.end(Buffer.alloc(400))
    })
    const answer = await directGet(new URL(`${host.url}/v.mp4`), request())
    await expect(answer.readBody(() => {})).rejects.toThrow('closed the connection after 400 of 1000 bytes')
  })

  it('given a host that answers nothing, it fails after request_timeout, naming it', async () => {
    const host = await rawServer(() => {})
    await expect(directGet(new URL(`${host.url}/v.mp4`), request({ timeoutMs: 200 }))).rejects.toThrow('sent nothing for 0.2 s (request_timeout)')
  })

  it('given a host that stalls mid-body, reading fails after request_timeout', async () => {
    const host = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc'))
    const answer = await directGet(new URL(`${host.url}/v.mp4`), request({ timeoutMs: 200 }))
    await expect(answer.readBody(() => {})).rejects.toThrow('request_timeout')
  })

  it('a slow but steady host is not timed out: request_timeout bounds a stall, not the whole download', async () => {
    const host = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n')
      let sent = 0
      const timer = setInterval(() => {
        socket.write('x')
        if (++sent === 20) clearInterval(timer)
      }, 50)
      socket.on('close', () => clearInterval(timer))
    })
    // 20 pieces 50 ms apart: 1 s in all, against a 400 ms request_timeout.
    expect((await bodyOf(`${host.url}/v.mp4`, { timeoutMs: 400 })).body.toString()).toBe('x'.repeat(20))
  })

  it('given a host that breaks HTTP, it fails with what was wrong', async () => {
    const host = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n'))
    await expect(directGet(new URL(`${host.url}/v.mp4`), request())).rejects.toThrow('invalid Content-Length')
  })

  it('given a refused connection, it fails with the system error', async () => {
    const origin = await listen(createNetServer())
    await new Promise((resolve) => servers.pop()?.close(resolve))
    await expect(directGet(new URL(`http://${origin}/v.mp4`), request())).rejects.toThrow('ECONNREFUSED')
  })

  it('a cancel before the head rejects with the cancel reason and closes the connection', async () => {
    let closed!: () => void
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve
    })
    const host = await rawServer((socket) => socket.on('close', closed))
    const controller = new AbortController()
    const getting = directGet(new URL(`${host.url}/v.mp4`), request({ signal: controller.signal }))
    while (host.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const reason = new Error('the step was cancelled (SIGTERM)')
    controller.abort(reason)
    await expect(getting).rejects.toBe(reason)
    await connectionClosed
  })

  it('a cancel mid-body rejects the read with the cancel reason', async () => {
    const host = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc'))
    const controller = new AbortController()
    const answer = await directGet(new URL(`${host.url}/v.mp4`), request({ signal: controller.signal }))
    const reading = answer.readBody(() => {})
    const reason = new Error('cancelled')
    controller.abort(reason)
    await expect(reading).rejects.toBe(reason)
  })

  it('when the piece cannot be written (a full disk), the read fails with that error and the connection closes', async () => {
    let closed!: () => void
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve
    })
    const origin = await listen(
      createHttpServer((_request, response) => {
        response.on('close', closed)
        response.end(randomBytes(4 * 1024 * 1024))
      }),
    )
    const answer = await directGet(new URL(`http://${origin}/v.mp4`), request())
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    await expect(
      answer.readBody(() => {
        throw full
      }),
    ).rejects.toBe(full)
    await connectionClosed
  })
})
