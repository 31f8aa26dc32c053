// A real HTTP proxy (the maintained `proxy` package) that records what goes through it: plain proxy requests, and
// for CONNECT tunnels the request lines read off the tunnelled bytes, so a test can tell exactly which calls it carried.
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createProxy, type ProxyServer } from 'proxy'

/**
 * Every proxy variable undici reads, unset: a child started with these over the runner's own environment sees only the
 * proxy a test gives it (undefined deletes; an empty lower-case value would win over the upper-case one, as in undici).
 */
export const NO_PROXY_VARIABLES = {
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
}

export interface Tunnel {
  /** host:port asked for in CONNECT. */
  target: string
  /** Everything the client sent through the tunnel (latin1), to read request lines from. */
  sent: string
}

export interface RecordingProxy {
  url: string
  port: number
  server: ProxyServer
  tunnels: Tunnel[]
  /** Absolute-URI requests (proxying without a tunnel). */
  plain: string[]
  /** `METHOD host:port/path` for every HTTP request seen, tunnelled or plain. */
  calls(): string[]
  reset(): void
  close(): Promise<void>
}

export async function startProxy(): Promise<RecordingProxy> {
  const server = createProxy(createServer())
  const tunnels: Tunnel[] = []
  const plain: string[] = []
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('request', (req) => plain.push(`${req.method} ${req.url}`))
  server.on('connect', (req, socket: Socket, head: Buffer) => {
    const tunnel: Tunnel = { target: req.url ?? '', sent: head.toString('latin1') }
    tunnels.push(tunnel)
    socket.on('data', (chunk: Buffer) => {
      tunnel.sent += chunk.toString('latin1')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    tunnels,
    plain,
    calls() {
      const calls: string[] = []
      for (const tunnel of tunnels) {
        // A request line may follow the previous request's body directly (no CRLF after a JSON body).
        for (const match of tunnel.sent.matchAll(/(GET|POST|HEAD|PUT|DELETE) (\/\S*) HTTP\/1\.1\r\n/g)) {
          calls.push(`${match[1]} ${tunnel.target}${match[2]}`)
        }
      }
      for (const line of plain) {
        const [method = '', url = ''] = line.split(' ')
        const parsed = new URL(url)
        calls.push(`${method} ${parsed.host}${parsed.pathname}${parsed.search}`)
      }
      return calls
    },
    reset() {
      tunnels.length = 0
      plain.length = 0
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

export interface RefusingProxy {
  url: string
  /** `CONNECT host:port` asked for, and `METHOD url` of plain proxy requests: each was refused. */
  refused: string[]
  close(): Promise<void>
}

/** A proxy that refuses every tunnel (CONNECT) and every plain request with `status`, as a proxy needing credentials (407) or failing upstream (502) does. */
export async function startRefusingProxy(status: 407 | 502): Promise<RefusingProxy> {
  const reason = status === 407 ? 'Proxy Authentication Required' : 'Bad Gateway'
  const extra = status === 407 ? 'Proxy-Authenticate: Basic realm="proxy"\r\n' : ''
  const server = createServer((req, res) => {
    refused.push(`${req.method} ${req.url}`)
    res.writeHead(status, reason, status === 407 ? { 'proxy-authenticate': 'Basic realm="proxy"' } : {}).end()
  })
  const refused: string[] = []
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (req, socket: Socket) => {
    refused.push(`CONNECT ${req.url}`)
    socket.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\n\r\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}
