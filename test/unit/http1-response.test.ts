// The HTTP/1.1 answer reader behind direct downloads: whatever pieces the socket cuts an answer into, the
// body handed on is the body sent, and a broken or cut-short answer is an error, never a short file.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ResponseHead, ResponseParser } from '../../src/http1-response.js'

interface Reading {
  heads: ResponseHead[]
  body: Buffer
  ends: number
}

/** Feeds `answer` cut at `cuts` (offsets), then optionally the connection's end, and records what came out. */
function read(answer: string | Buffer, cuts: number[] = [], options: { close?: boolean } = {}): Reading {
  const bytes = typeof answer === 'string' ? Buffer.from(answer, 'latin1') : answer
  const reading: Reading = { heads: [], body: Buffer.alloc(0), ends: 0 }
  const pieces: Buffer[] = []
  const parser = new ResponseParser({
    head: (head) => reading.heads.push(head),
    // Copied, as the caller's buffer is reused after the call; and the copy is overwritten to prove nobody kept it.
    body: (piece) => pieces.push(Buffer.from(piece)),
    end: () => reading.ends++,
  })
  let from = 0
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(bytes.length)) {
    // A fresh buffer per read, scribbled over afterwards as a reused read buffer would be.
    const piece = Buffer.from(bytes.subarray(from, cut))
    parser.feed(piece)
    piece.fill(0x58)
    from = cut
  }
  if (options.close) parser.close()
  reading.body = Buffer.concat(pieces)
  return reading
}

const cutsOf = (length: number) => fc.array(fc.integer({ min: 0, max: length }), { maxLength: 12 })

describe('ResponseParser', () => {
  const video = Buffer.from('0123456789abcdef'.repeat(64))
  const lengthAnswer = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: ${video.length}\r\n\r\n`), video])
  const chunked = Buffer.concat([
    Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
    Buffer.from(`100;name=value\r\n`),
    video.subarray(0, 256),
    Buffer.from(`\r\n${(video.length - 256).toString(16)}\r\n`),
    video.subarray(256),
    Buffer.from('\r\n0\r\nX-Checksum: abc\r\n\r\n'),
  ])

  it('given a Content-Length answer cut anywhere, the body is exactly the bytes sent, and it ends once', () => {
    fc.assert(
      fc.property(cutsOf(lengthAnswer.length), (cuts) => {
        const reading = read(lengthAnswer, cuts)
        expect(reading.heads).toEqual([{ status: 200, headers: { 'content-type': 'video/mp4', 'content-length': String(video.length) } }])
        expect(reading.body.equals(video)).toBe(true)
        expect(reading.ends).toBe(1)
      }),
    )
  })

  it('given a chunked answer with extensions and trailers cut anywhere, the body is the chunks joined', () => {
    fc.assert(
      fc.property(cutsOf(chunked.length), (cuts) => {
        const reading = read(chunked, cuts)
        expect(reading.heads[0]?.headers['transfer-encoding']).toBe('chunked')
        expect(reading.body.equals(video)).toBe(true)
        expect(reading.ends).toBe(1)
      }),
    )
  })

  it('given chunked answers fed one byte at a time, it still reads them (the worst split there is)', () => {
    const reading = read(
      chunked,
      Array.from({ length: chunked.length }, (_, i) => i),
    )
    expect(reading.body.equals(video)).toBe(true)
    expect(reading.ends).toBe(1)
  })

  it('given neither length nor chunking, the body runs until the connection closes', () => {
    const reading = read('HTTP/1.0 200 OK\r\nServer: old\r\n\r\nwhole body', [20], { close: true })
    expect(reading.body.toString()).toBe('whole body')
    expect(reading.ends).toBe(1)
  })

  it('skips a 100 Continue and reads the real answer after it', () => {
    const reading = read('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc')
    expect(reading.heads.map((head) => head.status)).toEqual([200])
    expect(reading.body.toString()).toBe('abc')
  })

  it('when both are sent, chunked framing wins over Content-Length (RFC 9112 6.3)', () => {
    const reading = read('HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n')
    expect(reading.body.toString()).toBe('abc')
    expect(reading.ends).toBe(1)
  })

  it('a 204, or a Content-Length of 0, ends with the head', () => {
    expect(read('HTTP/1.1 204 No Content\r\n\r\n').ends).toBe(1)
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n').ends).toBe(1)
  })

  it('joins a repeated header, accepts a folded one, and accepts a bare LF line ending', () => {
    const reading = read('HTTP/1.1 302 Found\nSet-Cookie: a=1\nSet-Cookie: b=2\nX-Long: one\n two\nLocation: /next\nContent-Length: 0\n\n')
    expect(reading.heads[0]).toEqual({
      status: 302,
      headers: { 'set-cookie': 'a=1, b=2', 'x-long': 'one two', location: '/next', 'content-length': '0' },
    })
  })

  it('a repeated Content-Length with one value is that value', () => {
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc').body.toString()).toBe('abc')
  })

  it('ignores bytes after a complete body (nothing more is saved)', () => {
    const reading = read('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA')
    expect(reading.body.toString()).toBe('abc')
    expect(reading.ends).toBe(1)
  })

  it.each([
    ['a Content-Length answer cut short', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd', 'closed the connection after 4 of 10 bytes'],
    ['a chunked answer cut short', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab', 'in the middle of a chunked body, after 2 bytes'],
    [
      'a chunked answer without its last chunk',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n',
      'in the middle of a chunked body',
    ],
    ['a head cut short', 'HTTP/1.1 200 OK\r\nContent-Le', 'before a complete answer head'],
  ])('given %s, the end of the connection is an error, not the end of the body', (_, answer, message) => {
    expect(() => read(answer, [], { close: true })).toThrow(message)
  })

  it.each([
    ['an HTTP/2 status line', 'HTTP/2 200\r\n\r\n', 'did not answer in HTTP/1.1'],
    ['a non-HTTP answer', 'SSH-2.0-OpenSSH_9.6\r\n\r\n', 'did not answer in HTTP/1.1'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nnonsense\r\n\r\n', 'malformed header line'],
    ['a negative Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', 'invalid Content-Length'],
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd', 'invalid Content-Length'],
    ['a chunk size that is not hexadecimal', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'not hexadecimal'],
    ['a chunk longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n', 'did not end where its size said'],
    ['a protocol switch nobody asked for', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', 'switched protocols'],
  ])('given %s, it is an error naming what was wrong', (_, answer, message) => {
    expect(() => read(answer)).toThrow(message)
  })

  it('refuses an answer head over 64 KiB, whether or not its end ever comes', () => {
    const huge = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}`
    expect(() => read(huge)).toThrow('larger than 64 KiB')
    expect(() => read(`${huge}\r\n\r\n`)).toThrow('larger than 64 KiB')
    expect(() => read(huge, [1000, 30_000, 60_000])).toThrow('larger than 64 KiB')
  })

  it('refuses a chunk-size line over 8 KiB', () => {
    expect(() => read(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'x'.repeat(9000)}`)).toThrow('longer than 8 KiB')
  })
})
