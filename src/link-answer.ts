// What a download needs from a file host's answer, whichever way the request went (direct or through a proxy).

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

export interface LinkRequest {
  userAgent: string
  /** Bounds the wait for the answer's head and any stall mid-body, not the whole download. */
  timeoutMs: number
  signal: AbortSignal
}
