// Reads one HTTP/1.1 answer to a GET, fed in whatever pieces the socket delivers: the head, then a body
// framed by Content-Length, by chunked transfer coding, or by the connection closing (RFC 9112, section 6).
// It never keeps body bytes: each piece is handed on at once, so the caller can reuse its read buffer.

export interface ResponseHead {
  status: number
  /** Header values by lower-case name; a repeated header's values are joined with ", ". */
  headers: Record<string, string>
}

export interface ResponseEvents {
  /** The final head (1xx interim answers are skipped). */
  head(head: ResponseHead): void
  /** A piece of the body, valid only during the call. */
  body(bytes: Uint8Array): void
  /** The body is complete. */
  end(): void
}

/** The answer broke HTTP/1.1, or the connection closed before it was complete. */
export class ResponseError extends Error {
  override name = 'ResponseError'
}

/** An answer head is a few hundred bytes; this bounds what a broken or hostile host can make us hold. */
const MAX_HEAD_BYTES = 64 * 1024
/** A chunk-size line or a trailer line: hex digits plus extensions. */
const MAX_LINE_BYTES = 8 * 1024
const CR = 13
const LF = 10

type State =
  | { at: 'head' }
  | { at: 'length'; left: number }
  | { at: 'chunk-size' }
  | { at: 'chunk-data'; left: number }
  | { at: 'chunk-data-end' }
  | { at: 'trailers' }
  | { at: 'until-close' }
  | { at: 'done' }

export class ResponseParser {
  private state: State = { at: 'head' }
  /** Head bytes (or one chunk-size or trailer line) that arrived split across reads. */
  private pending: Buffer = Buffer.alloc(0)
  private received = 0
  private expected = -1

  constructor(private readonly events: ResponseEvents) {}

  get done(): boolean {
    return this.state.at === 'done'
  }

  /** Bytes that arrived from the socket; throws a ResponseError if they break HTTP/1.1. */
  feed(bytes: Uint8Array): void {
    let at = 0
    while (at < bytes.length && this.state.at !== 'done') at = this.step(bytes, at)
  }

  /** The connection ended: complete only for a body framed by the close itself. */
  close(): void {
    const state = this.state
    if (state.at === 'done') return
    if (state.at === 'until-close') {
      this.finish()
      return
    }
    if (state.at === 'head') throw new ResponseError('the file host closed the connection before a complete answer head')
    if (state.at === 'length') throw new ResponseError(`the file host closed the connection after ${this.received} of ${this.expected} bytes`)
    throw new ResponseError(`the file host closed the connection in the middle of a chunked body, after ${this.received} bytes`)
  }

  /** Consumes what it can from `bytes` at `at` in the current state; returns where it stopped. */
  private step(bytes: Uint8Array, at: number): number {
    const state = this.state
    switch (state.at) {
      case 'head':
        return this.readHead(bytes, at)
      case 'length':
      case 'chunk-data': {
        const take = Math.min(state.left, bytes.length - at)
        this.deliver(bytes.subarray(at, at + take))
        state.left -= take
        if (state.left === 0) {
          if (state.at === 'length') this.finish()
          else this.state = { at: 'chunk-data-end' }
        }
        return at + take
      }
      case 'chunk-data-end':
        return this.readLine(bytes, at, (line) => {
          if (line.length > 0) throw new ResponseError('a chunk of the body did not end where its size said')
          this.state = { at: 'chunk-size' }
        })
      case 'chunk-size':
        return this.readLine(bytes, at, (line) => {
          const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line)?.[1]
          if (size === undefined) throw new ResponseError(`a chunk size line is not hexadecimal: ${JSON.stringify(line.slice(0, 40))}`)
          const left = Number.parseInt(size, 16)
          this.state = left === 0 ? { at: 'trailers' } : { at: 'chunk-data', left }
        })
      case 'trailers':
        return this.readLine(bytes, at, (line) => {
          if (line.length === 0) this.finish()
        })
      case 'until-close':
        this.deliver(at === 0 ? bytes : bytes.subarray(at))
        return bytes.length
      case 'done':
        return bytes.length
    }
  }

  private deliver(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    this.received += bytes.length
    this.events.body(bytes)
  }

  private finish(): void {
    this.state = { at: 'done' }
    this.events.end()
  }

  /** One CRLF- (or bare LF-) ended line, which may arrive split across reads. */
  private readLine(bytes: Uint8Array, at: number, onLine: (line: string) => void): number {
    const lf = bytes.indexOf(LF, at)
    const end = lf < 0 ? bytes.length : lf
    if (this.pending.length + (end - at) > MAX_LINE_BYTES) throw new ResponseError('a line of the chunked body is longer than 8 KiB')
    const piece = Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at)
    if (lf < 0) {
      this.pending = Buffer.concat([this.pending, piece])
      return bytes.length
    }
    let line = this.pending.length > 0 ? Buffer.concat([this.pending, piece]) : piece
    this.pending = Buffer.alloc(0)
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1)
    onLine(line.toString('latin1'))
    return lf + 1
  }

  private readHead(bytes: Uint8Array, at: number): number {
    // Copied: the caller's buffer is reused by the next read, and a head is small.
    const joined = Buffer.concat([this.pending, bytes.subarray(at)])
    const [end, endLength] = headEnd(joined)
    if (end < 0) {
      if (joined.length > MAX_HEAD_BYTES) throw new ResponseError('the answer head from the file host is larger than 64 KiB')
      this.pending = joined
      return bytes.length
    }
    if (end > MAX_HEAD_BYTES) throw new ResponseError('the answer head from the file host is larger than 64 KiB')
    const consumed = end + endLength - this.pending.length
    this.pending = Buffer.alloc(0)
    const head = parseHead(joined.subarray(0, end).toString('latin1'))
    // 1xx answers are interim: the real one follows on the same connection.
    if (head.status >= 100 && head.status < 200) {
      if (head.status === 101) throw new ResponseError('the file host switched protocols, which was never asked for')
      return at + consumed
    }
    this.state = this.framing(head)
    this.events.head(head)
    if (this.state.at === 'length' && this.state.left === 0) this.finish()
    return at + consumed
  }

  /** How the body ends, by RFC 9112 section 6.3: chunked wins over Content-Length; neither means at close. */
  private framing(head: ResponseHead): State {
    if (head.status === 204 || head.status === 304) return { at: 'length', left: 0 }
    const coding = head.headers['transfer-encoding']
    if (coding !== undefined) {
      const last = coding.split(',').at(-1)?.trim().toLowerCase()
      return last === 'chunked' ? { at: 'chunk-size' } : { at: 'until-close' }
    }
    const length = head.headers['content-length']
    if (length === undefined) return { at: 'until-close' }
    const values = new Set(length.split(',').map((value) => value.trim()))
    const [only] = values
    if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
      throw new ResponseError(`the file host sent an invalid Content-Length: ${JSON.stringify(length.slice(0, 40))}`)
    }
    this.expected = Number(only)
    return { at: 'length', left: this.expected }
  }
}

/** Where the head ends (the first empty line) and how long that line break is; lone LFs count, as RFC 9112 allows. */
function headEnd(bytes: Buffer): [number, number] {
  for (let lf = bytes.indexOf(LF); lf >= 0; lf = bytes.indexOf(LF, lf + 1)) {
    if (bytes[lf + 1] === LF) return [lf, 2]
    if (bytes[lf + 1] === CR && bytes[lf + 2] === LF) return [lf, 3]
  }
  return [-1, 0]
}

function parseHead(text: string): ResponseHead {
  const lines = text.replace(/\r$/, '').split(/\r?\n/)
  const statusLine = lines.shift() ?? ''
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine)?.[1]
  if (status === undefined) throw new ResponseError(`the file host did not answer in HTTP/1.1: ${JSON.stringify(statusLine.slice(0, 40))}`)
  const headers: Record<string, string> = {}
  let last: string | undefined
  for (const line of lines) {
    // A folded line continues the previous header's value (obsolete, but still legal for a client to accept).
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      headers[last] = `${headers[last]} ${line.trim()}`
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) throw new ResponseError(`the file host sent a malformed header line: ${JSON.stringify(line.slice(0, 40))}`)
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
    last = name
  }
  return { status: Number(status), headers }
}
