import { closeSync, openSync, writeSync } from 'node:fs'
import { Writable } from 'node:stream'

/**
 * A file sink that writes each chunk synchronously: into the page cache that takes microseconds, where
 * fs.WriteStream sends every 64 KiB chunk through the libuv thread pool and back (measured: 1 GiB in
 * 1.71 s -> 1.40 s). Backpressure still holds: a chunk is acknowledged only once written.
 */
export function fileSink(path: string): Writable {
  let fd = -1
  const close = (): void => {
    if (fd >= 0) closeSync(fd)
    fd = -1
  }
  return new Writable({
    highWaterMark: 1 << 16,
    construct(callback) {
      try {
        fd = openSync(path, 'w')
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
    write(chunk: Buffer, _encoding, callback) {
      try {
        for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at)
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
    final(callback) {
      try {
        close()
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
    destroy(error, callback) {
      try {
        close()
      } catch {
        // Already failing: the first error is the one to report.
      }
      callback(error)
    },
  })
}
