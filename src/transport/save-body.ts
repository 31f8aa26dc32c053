// One GET whose body goes straight from undici's HTTP parser to a file: dispatch() with a handler of our own, so no
// Readable, no stream pipeline, no promise per chunk sits between the socket and the disk. The chunks are gathered a few
// at a time and written together by one synchronous writev (no thread-pool hop); a synchronous write is its own
// back-pressure, since the socket is not read while it runs.
import { closeSync, openSync, writevSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import type { Dispatcher } from 'undici'

/**
 * Chunks are written once this many bytes are waiting: four of the 64 KiB chunks a socket delivers, one system call.
 * Measured (1 GiB, loopback, 2 loaded cores): fewer, larger writes kept more buffers alive and cost more page faults.
 */
export const WRITE_BATCH_BYTES = 256 * 1024

/**
 * Says whether a chunk may be kept: an Error stops the body (the size cap), and is what saveTo rejects with.
 * Called once per chunk, before the chunk is written.
 */
export type ChunkCheck = (chunk: Buffer) => Error | undefined

/** An answer's head, its body held back (the connection paused) until the caller saves or discards it. */
export interface FileAnswer {
  statusCode: number
  headers: IncomingHttpHeaders
  /**
   * Writes the body to a new file at `path` (created or truncated), calling `check` on every chunk. Resolves once every
   * byte is on disk (in the page cache) and the file is closed; rejects on the connection's error (a reset, a stall past
   * the dispatcher's bodyTimeout), a write's error, `check`'s Error or the signal's abort, with the connection dropped
   * and the file closed (the caller removes it).
   */
  saveTo(path: string, check: ChunkCheck): Promise<void>
  /** Drops the body and its connection (a redirect, a refusal): nobody hears of the abort this causes. */
  discard(): void
}

export interface FileRequest {
  dispatcher: Dispatcher
  headers: Record<string, string>
  /** Ends the exchange at any point, the head's wait or the body's, with the signal's reason. */
  signal: AbortSignal
}

/** GET `url` through `options.dispatcher`; resolves with the head once it arrives (see FileAnswer), rejects if none does. */
export function requestFile(url: URL, options: FileRequest): Promise<FileAnswer> {
  const { signal } = options
  if (signal.aborted) return Promise.reject(asError(signal.reason))
  return new Promise<FileAnswer>((resolveHead, rejectHead) => {
    let controller: Dispatcher.DispatchController | undefined
    // The one failure of the exchange; set once, whoever notices it first.
    let failure: Error | undefined
    // Chunks delivered and not yet written (undici may deliver the last ones of a closing connection while paused).
    let waiting: Buffer[] = []
    let waitingBytes = 0
    let ended = false
    let headDone = false
    let fd: number | undefined
    let check: ChunkCheck | undefined
    let saved: { resolve: () => void; reject: (error: Error) => void } | undefined

    const fail = (error: Error): void => {
      if (failure !== undefined) return
      failure = error
      signal.removeEventListener('abort', onAbort)
      // Aborting a finished or failed exchange does nothing; otherwise it drops the connection.
      controller?.abort(error)
      const closing = closeFile()
      if (!headDone) {
        headDone = true
        rejectHead(error)
      }
      saved?.reject(closing ?? error)
      saved = undefined
    }
    /** Closes the file if open; its error, if any (a close can report a failed write-back). */
    const closeFile = (): Error | undefined => {
      if (fd === undefined) return undefined
      const open = fd
      fd = undefined
      try {
        closeSync(open)
        return undefined
      } catch (error) {
        return asError(error)
      }
    }
    /** Checks and writes what is waiting: everything at the end, else only a full batch. Errors go to fail(). */
    const write = (all: boolean): void => {
      if (fd === undefined || failure !== undefined || (!all && waitingBytes < WRITE_BATCH_BYTES) || waitingBytes === 0) return
      try {
        writeAll(fd, waiting, waitingBytes)
      } catch (error) {
        return fail(asError(error))
      }
      waiting = []
      waitingBytes = 0
    }
    const keep = (chunk: Buffer): void => {
      if (check) {
        const refused = check(chunk)
        if (refused) return fail(refused)
      }
      waiting.push(chunk)
      waitingBytes += chunk.length
    }
    const finish = (): void => {
      write(true)
      if (failure !== undefined || !saved) return
      signal.removeEventListener('abort', onAbort)
      const closing = closeFile()
      if (closing) return fail(closing)
      saved.resolve()
      saved = undefined
    }
    const onAbort = (): void => fail(asError(signal.reason))

    const answer = (statusCode: number, headers: IncomingHttpHeaders): FileAnswer => ({
      statusCode,
      headers,
      discard: () => fail(new Error('the answer was not wanted')),
      saveTo: (path, chunkCheck) =>
        new Promise<void>((resolve, reject) => {
          if (failure !== undefined) return reject(failure)
          saved = { resolve, reject }
          try {
            fd = openSync(path, 'w')
          } catch (error) {
            return fail(asError(error))
          }
          check = chunkCheck
          // What arrived before the file was open is checked now, as if it came after.
          const early = waiting
          waiting = []
          waitingBytes = 0
          for (const chunk of early) if (failure === undefined) keep(chunk)
          if (ended) return finish()
          write(false)
          controller?.resume()
        }),
    })

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started
        // Aborted while the connection was being made: end it now.
        if (failure !== undefined) started.abort(failure)
      },
      onResponseStart(started, statusCode, headers) {
        // An informational head (100 Continue, 103 Early Hints) comes before the answer: wait for the answer.
        if (failure !== undefined || statusCode < 200) return
        // Held until the caller decides (its checks may take a moment): nothing is read meanwhile.
        started.pause()
        headDone = true
        resolveHead(answer(statusCode, headers))
      },
      onResponseData(_controller, chunk) {
        if (failure !== undefined) return
        keep(chunk)
        write(false)
      },
      onResponseEnd() {
        ended = true
        finish()
      },
      onResponseError(_controller, error) {
        fail(error)
      },
    }
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      options.dispatcher.dispatch({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', headers: options.headers }, handler)
    } catch (error) {
      fail(asError(error))
    }
  })
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('the download was stopped', { cause: reason })
}

/** Writes all `bytes` of `chunks` at the file's position, however many calls a short write takes. */
function writeAll(fd: number, chunks: Buffer[], bytes: number): void {
  let left = chunks
  let remaining = bytes
  for (;;) {
    const written = writevSync(fd, left)
    remaining -= written
    if (remaining <= 0) return
    // A short write (a full disk reports itself on the next call): continue after the bytes that went down.
    if (written === 0) throw new Error(`a write to the file made no progress with ${remaining} bytes left`)
    left = withoutFirst(left, written)
  }
}

/** `chunks` without their first `skip` bytes (views, no copy). */
export function withoutFirst(chunks: Buffer[], skip: number): Buffer[] {
  let index = 0
  let offset = skip
  while (index < chunks.length && offset >= (chunks[index]?.length ?? 0)) offset -= chunks[index++]?.length ?? 0
  const rest = chunks.slice(index)
  const first = rest[0]
  if (first && offset > 0) rest[0] = first.subarray(offset)
  return rest
}
