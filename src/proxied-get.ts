// GET through the proxy the environment names, with undici's EnvHttpProxyAgent (it speaks CONNECT for
// https links). Slower than the direct path: undici gives every read a fresh Buffer.
import type { Dispatcher } from 'undici'
import type { LinkAnswer, LinkRequest } from './link-answer.js'
import { collectYoungGarbage, keepWasmOnBaselineTier } from './memory.js'

/** How much may arrive between two young-generation collections (1 MiB measured best: 256 KiB keeps in-flight chunks longer). */
const COLLECT_EVERY_BYTES = 1 << 20

// Loaded with download.ts, which main.ts imports before any request whenever download_path is set.
keepWasmOnBaselineTier()

export async function proxiedGet(url: URL, request: LinkRequest, dispatcher: Dispatcher): Promise<LinkAnswer> {
  const response = await dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: { 'user-agent': request.userAgent, 'accept-encoding': 'identity' },
    signal: request.signal,
    headersTimeout: request.timeoutMs,
    bodyTimeout: request.timeoutMs,
  })
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  return {
    status: response.statusCode,
    headers,
    readBody(take) {
      let sinceCollect = 0
      return new Promise<void>((resolve, reject) => {
        response.body.on('data', (chunk: Buffer) => {
          try {
            take(chunk)
          } catch (error) {
            response.body.destroy(error as Error)
            return
          }
          sinceCollect += chunk.length
          if (sinceCollect >= COLLECT_EVERY_BYTES) {
            sinceCollect = 0
            collectYoungGarbage()
          }
        })
        response.body.once('end', resolve)
        response.body.once('error', reject)
      })
    },
    discard() {
      response.body.destroy()
    },
  }
}
