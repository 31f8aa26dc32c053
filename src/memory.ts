// Keeps a download through a proxy (undici) flat in memory whatever the file size. Direct downloads need
// neither: they reuse one read buffer (direct-get.ts).
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * undici parses HTTP with llhttp compiled to WebAssembly; on a long download V8 recompiles it with its
 * optimising tier, a one-off ~20 MiB of compiler memory. The baseline tier is plenty for a parser that
 * only reads headers. Flags only affect modules compiled afterwards, so this runs when the download
 * modules load, which main.ts does before any request whenever download_path is set.
 */
export function keepWasmOnBaselineTier(): void {
  try {
    setFlagsFromString('--no-wasm-tier-up')
    setFlagsFromString('--no-wasm-dynamic-tiering')
  } catch {
    // A runtime without these V8 flags: only memory is at stake.
  }
}

type Collect = (options: { type: 'minor'; execution: 'sync' }) => void

let collect: Collect | undefined | null = null

/**
 * A young-generation collection (well under a millisecond). In undici every socket read lands in a fresh 64 KiB
 * Buffer that V8 frees only at its next collection, which a download (few JS objects) triggers only
 * after ~64 MiB of them pile up: memory grows by that much and every copy touches cold pages, halving
 * throughput. Collecting every MiB frees them while young.
 */
export function collectYoungGarbage(): void {
  if (collect === null) {
    try {
      // Exposed for new contexts only: the flag set after start-up takes effect in the context created here.
      setFlagsFromString('--expose-gc')
      collect = runInNewContext('gc') as Collect
    } catch {
      collect = undefined
    }
  }
  collect?.({ type: 'minor', execution: 'sync' })
}
