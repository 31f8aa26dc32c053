// File-host answers that break HTTP's framing or pace on purpose: they write on the raw socket, so no HTTP library
// tidies them up. Each is bounded in time and bytes and stops as soon as the client goes away or the sandbox closes.
import type { Socket } from 'node:net'
import { videoPieces } from './video-bytes.ts'

/** The longest any hostile answer keeps a connection busy. */
export const HOSTILE_MAX_MS = 60_000
/** `endless-body` ends with a reset (never a clean end) after this many bytes: more than any test's download_timeout lets through. */
export const ENDLESS_MAX_BYTES = 16 * 1024 ** 3
/** One byte (or line) every TRICKLE_MS by default: each gap stays under a 1 s request_timeout. */
export const TRICKLE_MS = 400
/** How many `100 Continue` heads `continue-flood` sends back to back. */
export const CONTINUE_COUNT = 10_000

export const HOSTILE_TOKENS = [
  'trickle-head',
  'trickle-body',
  'endless-trailers',
  'endless-body',
  'continue-flood',
  'hints-flood',
  'close-after-body',
  'close-after-length',
  'hop-to-metadata',
  'hop-to-private',
] as const

/** Where `hop-to-metadata` and `hop-to-private` send the client: never reached, the action must refuse them. */
export const PRIVATE_REDIRECTS = {
  'hop-to-metadata': 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'hop-to-private': 'https://10.0.0.1/videos/internal.mp4',
} as const
export type HostileToken = (typeof HOSTILE_TOKENS)[number]

export interface HostileContext {
  socket: Socket
  jobId: string
  size: number
  /** Abortable sleep: rejects when the sandbox closes. */
  sleep: (ms: number) => Promise<void>
  /** The trickles' gap (TRICKLE_MS unless the sandbox was given `trickleMs`): trailers come at a quarter of it, hints at half. */
  trickleMs?: number
}

function gone(socket: Socket): boolean {
  return socket.destroyed || !socket.writable
}

/** Writes and waits for the socket to take more; false once the client is gone. */
function write(socket: Socket, data: string | Buffer): Promise<boolean> {
  if (gone(socket)) return Promise.resolve(false)
  if (socket.write(data)) return Promise.resolve(true)
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done)
      socket.off('close', done)
      resolve(!gone(socket))
    }
    socket.on('drain', done)
    socket.on('close', done)
  })
}

/** Writes `data` a byte at a time, one every `everyMs`, until done, the client leaves or the deadline passes. */
async function trickle(context: HostileContext, data: Buffer, deadline: number): Promise<boolean> {
  for (let at = 0; at < data.length; at++) {
    if (Date.now() > deadline || !(await write(context.socket, data.subarray(at, at + 1)))) return false
    await context.sleep(context.trickleMs ?? TRICKLE_MS)
  }
  return true
}

/** Ends the connection with a clean close once every byte written has gone (or the client left first). */
function endCleanly(socket: Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    socket.once('close', resolve)
    socket.end(resolve)
  })
}

function head(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** Serves the hostile answer `token` on the request's socket, then destroys it. */
export async function serveHostile(token: HostileToken, context: HostileContext): Promise<void> {
  const { socket, jobId, size, sleep } = context
  const gapMs = context.trickleMs ?? TRICKLE_MS
  const deadline = Date.now() + HOSTILE_MAX_MS
  // Whatever happens, the connection ends here: a hostile answer is never a complete one.
  try {
    switch (token) {
      case 'trickle-head': {
        // A head that takes minutes to arrive: the padding header alone is 300 bytes at 2.5 bytes/s.
        const text = head(['HTTP/1.1 200 OK', 'Content-Type: video/mp4', `Content-Length: ${size}`, `X-Trickle: ${'t'.repeat(300)}`])
        await trickle(context, Buffer.from(text), deadline)
        return
      }
      case 'trickle-body': {
        if (!(await write(socket, head(['HTTP/1.1 200 OK', 'Content-Type: video/mp4', `Content-Length: ${size}`])))) return
        const bytes = Buffer.concat([...videoPieces(jobId, 0, Math.min(size, 4096))])
        await trickle(context, bytes, deadline)
        return
      }
      case 'endless-trailers': {
        const lines = ['HTTP/1.1 200 OK', 'Content-Type: video/mp4', 'Transfer-Encoding: chunked', 'Trailer: X-Checksum']
        if (!(await write(socket, head(lines)))) return
        for (const piece of videoPieces(jobId, 0, size)) {
          if (!(await write(socket, Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])))) return
        }
        // The last chunk, then trailer lines that never end with the blank line.
        if (!(await write(socket, '0\r\n'))) return
        for (let n = 1; Date.now() < deadline; n++) {
          if (!(await write(socket, `X-Checksum-${n}: ${'c'.repeat(24)}\r\n`))) return
          await sleep(gapMs / 4)
        }
        return
      }
      case 'endless-body': {
        // HTTP/1.1 framed by the close of the connection: no length, no chunks, and the bytes never stop.
        if (!(await write(socket, head(['HTTP/1.1 200 OK', 'Content-Type: video/mp4', 'Connection: close'])))) return
        for (let sent = 0; sent < ENDLESS_MAX_BYTES && Date.now() < deadline;) {
          for (const piece of videoPieces(jobId, 0, 64 * 1024 * 1024)) {
            if (!(await write(socket, piece))) return
            sent += piece.length
          }
        }
        // A reset, not a clean close: the end of a close-framed body must never look complete.
        if (!gone(socket)) socket.resetAndDestroy()
        return
      }
      case 'continue-flood': {
        const heads = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'.repeat(100))
        for (let i = 0; i < CONTINUE_COUNT / 100; i++) if (!(await write(socket, heads))) return
        // And then no final answer at all.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))
          socket.once('close', () => {
            clearTimeout(timer)
            resolve()
          })
        })
        return
      }
      case 'close-after-body':
      case 'close-after-length': {
        // The whole video, then the connection closed at once: framed by the close (no length), or by a Content-Length
        // with `Connection: close`. undici 7 could die on an assertion when this close met a paused body (issue 5360).
        const length = token === 'close-after-length' ? [`Content-Length: ${size}`] : []
        if (!(await write(socket, head(['HTTP/1.1 200 OK', 'Content-Type: video/mp4', ...length, 'Connection: close'])))) return
        for (const piece of videoPieces(jobId, 0, size)) if (!(await write(socket, piece))) return
        // A clean end right after the last byte: the bytes are all there, the connection is not.
        await endCleanly(socket)
        return
      }
      case 'hop-to-metadata':
      case 'hop-to-private': {
        // A signed link that sends the client into the runner's network: the cloud metadata service, a private host.
        await write(socket, head(['HTTP/1.1 302 Found', `Location: ${PRIVATE_REDIRECTS[token]}`, 'Content-Length: 0', 'Connection: close']))
        await endCleanly(socket)
        return
      }
      case 'hints-flood': {
        // 103 Early Hints, each one a complete informational answer, never a final one.
        while (Date.now() < deadline) {
          if (!(await write(socket, head(['HTTP/1.1 103 Early Hints', `Link: </videos/${jobId}.mp4>; rel=preload`])))) return
          await sleep(gapMs / 2)
        }
        return
      }
    }
  } finally {
    if (!socket.destroyed) socket.destroy()
  }
}

export function hostileToken(id: string, has: (id: string, token: string) => boolean): HostileToken | undefined {
  return HOSTILE_TOKENS.find((token) => has(id, token))
}
