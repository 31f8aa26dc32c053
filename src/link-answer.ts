// What a download needs from a file host's answer, whichever way the request went (direct or through a proxy).
import type { Transport } from './http.js'

export interface LinkAnswer {
  status: number
  /** Header values by lower-case name. */
  headers: Record<string, string>
  /**
   * Hands each piece of the body to `take` and resolves once the body is complete. A piece is valid only
   * during the call (its memory is reused), so `take` must consume it synchronously; if it throws, the read fails.
   */
  readBody(take: (bytes: Uint8Array) => void): Promise<void>
  /** Drops the rest of the body and the connection. */
  discard(): void
}

/** What a download takes from the API transport: request_timeout bounds the wait for the head and any stall mid-body. */
export type LinkRequest = Pick<Transport, 'userAgent' | 'timeoutMs' | 'signal'>
