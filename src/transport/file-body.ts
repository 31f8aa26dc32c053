// A file as a request body, read chunk after chunk into one buffer that is reused: a fresh buffer a chunk cost the
// sender a page fault every 4 KiB (issue 28: 1 GiB to a release took 1.8 s of CPU that way, 0.4 s this way, as curl).
// Reuse is safe because undici pulls an iterable body one chunk at a time and, whenever the socket's write() returns
// false, waits for its 'drain' before the next pull (client-h1's writeIterable); a chunk is larger than any socket's
// high-water mark, so write() returns false for every full chunk, and 'drain' comes only once the socket is done with it.

import { open } from 'node:fs/promises'

/** Well above a socket's high-water mark (64 KiB in Node 24); 1 MiB read the fastest of 64 KiB to 8 MiB (BENCHMARKS.md). */
export const FILE_CHUNK_BYTES = 1024 * 1024

/** The file's bytes, each chunk a view of the same buffer: the consumer must be done with one before it asks for the next. */
export async function* fileChunks(file: string, chunkBytes: number = FILE_CHUNK_BYTES): AsyncGenerator<Buffer, void, undefined> {
  const handle = await open(file)
  try {
    const buffer = Buffer.allocUnsafeSlow(chunkBytes)
    for (;;) {
      let filled = 0
      // A short read is not the end: every chunk but the last fills the buffer, so each stays above the high-water mark.
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      if (filled > 0) yield buffer.subarray(0, filled)
      if (filled < buffer.length) return
    }
  } finally {
    await handle.close()
  }
}
