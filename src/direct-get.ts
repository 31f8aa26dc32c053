// GET over HTTP/1.1 straight to the file host, every socket read landing in one reused buffer (`onread`).
// A general HTTP client gives each read a fresh Buffer for the garbage collector to find later; here
// nothing is allocated per read, so memory stays flat and a 1 GiB video saves at disk speed (BENCHMARKS.md).
import net from 'node:net'
import tls from 'node:tls'
import { ResponseError, ResponseParser } from './http1-response.js'
import type { LinkAnswer, LinkRequest } from './link-answer.js'

/** Big enough that a fast host fills it in few reads; measured in BENCHMARKS.md (download section). */
const READ_BUFFER_BYTES = 256 * 1024

/**
 * Sends the GET and resolves with the answer's head; the body waits (the socket is paused) until
 * `readBody` is called. `tlsOptions` is for tests, which trust their own certificate with `ca`.
 */
export function directGet(url: URL, request: LinkRequest, tlsOptions: tls.ConnectionOptions = {}): Promise<LinkAnswer> {
  return new Promise<LinkAnswer>((resolveHead, rejectHead) => {
    const { signal } = request
    if (signal.aborted) return rejectHead(signal.reason)

    let headSeen = false
    let finished = false
    let failure: unknown
    let take: ((bytes: Uint8Array) => void) | undefined
    // Body bytes that came in the same read as the head, before anyone asked for the body.
    const early: Buffer[] = []
    let body: { resolve: () => void; reject: (error: unknown) => void } | undefined

    const parser = new ResponseParser({
      head(head) {
        headSeen = true
        resolveHead({ ...head, readBody, discard })
      },
      body(bytes) {
        if (take) take(bytes)
        else early.push(Buffer.from(bytes))
      },
      end() {
        finished = true
        cleanUp()
        body?.resolve()
      },
    })

    const buffer = new Uint8Array(READ_BUFFER_BYTES)
    const onread = {
      buffer,
      callback(length: number): boolean {
        try {
          parser.feed(buffer.subarray(0, length))
        } catch (error) {
          fail(error)
          return false
        }
        // false pauses reading until readBody: the bytes must not arrive before there is somewhere to put them.
        return take !== undefined || !headSeen
      },
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const socket =
      url.protocol === 'https:'
        ? tls.connect(withOnread({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...tlsOptions }, onread))
        : net.connect({ host, port, onread })

    socket.setTimeout(request.timeoutMs, () =>
      fail(new ResponseError(`the file host sent nothing for ${request.timeoutMs / 1000} s (request_timeout)`)),
    )
    socket.on('error', (error) => fail(error))
    socket.on('end', () => {
      try {
        parser.close()
      } catch (error) {
        fail(error)
      }
    })
    socket.on('close', () => {
      if (!finished) fail(new ResponseError('the connection to the file host closed before the answer was complete'))
    })
    const onAbort = () => fail(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })

    // Connection: close, so the end of the connection is the end of this exchange; identity, so the bytes saved are the file's.
    socket.write(
      `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: ${request.userAgent}\r\n` +
        'Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n',
    )

    function cleanUp(): void {
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
    }

    function fail(error: unknown): void {
      if (finished) return
      finished = true
      failure = error
      cleanUp()
      if (!headSeen) rejectHead(error)
      else body?.reject(error)
    }

    function readBody(consume: (bytes: Uint8Array) => void): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        try {
          for (const bytes of early.splice(0)) consume(bytes)
        } catch (error) {
          fail(error)
        }
        if (failure !== undefined) return reject(failure)
        if (parser.done) return resolve()
        body = { resolve, reject }
        // Called from the socket's read callback, whose catch turns a throw (a full disk) into this read's failure.
        take = consume
        socket.resume()
      })
    }

    function discard(): void {
      if (finished) return
      finished = true
      cleanUp()
    }
  })
}

/** tls.connect takes `onread` like net.connect does (Node 15.1+), but @types/node does not list it there. */
function withOnread(options: tls.ConnectionOptions, onread: net.OnReadOpts): tls.ConnectionOptions {
  return Object.assign(options, { onread })
}
