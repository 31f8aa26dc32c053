import { createCipheriv, createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'

/** The repeating unit of every sandbox video: 1 MiB derived from sha256(jobId). */
export const BLOCK_SIZE = 1024 * 1024

const blocks = new Map<string, Buffer>()

/** The 1 MiB block for a job; a few are cached so a parallel download does not rebuild it. */
export function videoBlock(jobId: string): Buffer {
  const cached = blocks.get(jobId)
  if (cached) return cached
  const seed = createHash('sha256').update(jobId).digest()
  // AES-256-CTR's keystream under that key: a millisecond of CPU, where a sha256 per 32 bytes took 60 ms and more.
  const block = createCipheriv('aes-256-ctr', seed, Buffer.alloc(16)).update(Buffer.alloc(BLOCK_SIZE))
  if (blocks.size >= 8) blocks.delete(blocks.keys().next().value as string)
  blocks.set(jobId, block)
  return block
}

/** Pieces of at most `pieceSize` bytes covering [start, end) of the video, never crossing a block edge. */
export function* videoPieces(jobId: string, start: number, end: number, pieceSize = BLOCK_SIZE): Generator<Buffer> {
  const block = videoBlock(jobId)
  for (let at = start; at < end;) {
    const inBlock = at % BLOCK_SIZE
    const length = Math.min(pieceSize, BLOCK_SIZE - inBlock, end - at)
    yield length === BLOCK_SIZE ? block : block.subarray(inBlock, inBlock + length)
    at += length
  }
}

/** sha256 hex of the bytes the file host serves for that job and size, computed without HTTP. */
export function expectedVideoSha256(jobId: string, size: number): string {
  const hash = createHash('sha256')
  for (const piece of videoPieces(jobId, 0, size)) hash.update(piece)
  return hash.digest('hex')
}

/** Resolves once the response can take more data, or has closed (a client that went away). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** Writes a piece and resolves once it reached the socket, or the response closed. */
function flushed(res: ServerResponse, piece: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('close', done)
      resolve()
    }
    res.on('close', done)
    res.write(piece, done)
  })
}

export interface WriteVideoOptions {
  start?: number
  end: number
  pieceSize?: number
  /** Pause between pieces (slow-download). */
  pauseMs?: number
  /** Wait for every piece to reach the socket (before a deliberate truncation). */
  flush?: boolean
  /** Paces the body to this rate (a token bucket refilled every TICK_MS); unset: as fast as the client reads. */
  bytesPerSecond?: number
  sleep: (ms: number) => Promise<void>
}

/** The pacing tick: a rate-limited body is sent in pieces of one tick's worth of bytes. */
export const TICK_MS = 10

/** Writes the video bytes with backpressure: memory stays flat whatever the size. */
export async function writeVideo(res: ServerResponse, jobId: string, options: WriteVideoOptions): Promise<void> {
  const rate = options.bytesPerSecond !== undefined && options.bytesPerSecond > 0 ? options.bytesPerSecond : undefined
  const tickBytes = rate === undefined ? undefined : Math.min(BLOCK_SIZE, Math.max(1024, Math.round((rate * TICK_MS) / 1000)))
  const pieceSize = Math.min(options.pieceSize ?? BLOCK_SIZE, tickBytes ?? BLOCK_SIZE)
  const started = performance.now()
  let sent = 0
  for (const piece of videoPieces(jobId, options.start ?? 0, options.end, pieceSize)) {
    if (res.destroyed) return
    // Never ahead of the rate: each piece waits until the bytes before it are due (one piece of burst).
    if (rate !== undefined) {
      const wait = started + (sent / rate) * 1000 - performance.now()
      if (wait >= 1) await options.sleep(wait)
    }
    if (options.flush) await flushed(res, piece)
    else if (!res.write(piece)) await drained(res)
    sent += piece.length
    if (options.pauseMs) await options.sleep(options.pauseMs)
  }
}
