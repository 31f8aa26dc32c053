// A local stand-in for the part of GitHub's REST API the action uses to publish: releases by tag or id, their assets
// (list, get, rename, delete) and uploads (under /api/uploads on the same origin, as GitHub Enterprise Server does). Its
// objects are shaped from @octokit/fixtures' recorded `release-assets` scenario, so they look like GitHub's answers;
// test/github/contract.test.ts checks them against GitHub's OpenAPI description. Tests set its failures and read
// the requests it saw.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createRequire } from 'node:module'
import { readBody } from './heygen-sandbox.ts'

export interface GitHubStandInOptions {
  host?: string
  port?: number
  /** The repository the stand-in serves (default octo-org/release-videos, as sandbox/run-action.ts's runner). */
  repository?: string
  /** Tags that have a published release (default v1.0.0). */
  tags?: string[]
  /** The login GitHub names as each asset's `uploader` for an upload with this token (default github-actions[bot]). */
  uploaderOf?: (token: string) => string
  /** Paces every upload body to this many bytes per second (default: as fast as the client sends). */
  uploadRateBytesPerSecond?: number
  log?: (line: string) => void
}

export interface StandInAsset {
  id: number
  name: string
  label: string
  /** `open` while its upload runs, and after one that broke: GitHub leaves such an asset behind (its description's word). */
  state: 'uploaded' | 'open'
  content_type: string
  size: number
  sha256: string
  created_at: string
  updated_at: string
  /** Who uploaded it (the asset's `uploader.login`). */
  uploader: string
}

export interface StandInRelease {
  id: number
  tag_name: string
  /** A draft is not found by its tag (GitHub's get-by-tag route skips drafts), only by id or in the release list. */
  draft: boolean
  /** Once published, an immutable release refuses every change to its assets (upload, rename, delete): 422. */
  immutable: boolean
  assets: StandInAsset[]
}

export interface GitHubRequest {
  server: 'api' | 'uploads'
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  at: number
}

/** What tests can make the stand-in do; every count is used up one request at a time. */
export interface StandInFailures {
  /** `read`: the token may read but not write (403 on uploads, renames, deletes); `none`: the repository looks absent (404). */
  permission: 'write' | 'read' | 'none'
  /** The next N uploads take about half the body, leave an `open` asset, then answer 500. */
  uploads500: number
  /** The next N uploads take about half the body, leave an `open` asset, then drop the connection. */
  uploadResets: number
  /** The next N API requests answer GitHub's secondary rate limit: 403 with Retry-After. */
  secondaryRateLimits: number
  /** The Retry-After of those answers, in seconds. */
  retryAfterSeconds: number
  /** When set, the upload failures above hit only uploads of a name it matches (e.g. the videos, not small claim assets). */
  uploadNames: RegExp | undefined
}

export interface GitHubStandIn {
  /** The API origin, for GITHUB_API_URL. */
  apiUrl: string
  /** The upload URL base named in each release's upload_url (the API's origin, under /api/uploads). */
  uploadUrl: string
  repository: string
  /** The token the stand-in accepts for writing; any other non-empty token can read only. */
  requests: GitHubRequest[]
  failures: StandInFailures
  release(tag: string): StandInRelease | undefined
  /** The assets of a release (by tag), in upload order. */
  assets(tag?: string): StandInAsset[]
  /** Adds a release with that tag (a test's own, beyond options.tags): published unless `draft`. */
  addRelease(tag: string, kind?: { draft?: boolean; immutable?: boolean }): StandInRelease
  /** Publishes a draft, as the release page's button does: an immutable one is closed from then on. */
  publishRelease(tag: string): void
  /** Puts an asset on a release as if someone uploaded it (a test's own state; uploader default `octocat`). */
  addAsset(tag: string, asset: { name: string; label?: string; state?: 'uploaded' | 'open'; size?: number; uploader?: string }): StandInAsset
  /** Requests by server and method (e.g. uploads POST). */
  count(server: 'api' | 'uploads', method?: string): number
  reset(): void
  close(): Promise<void>
}

const require = createRequire(import.meta.url)
const FIXTURE = require.resolve('@octokit/fixtures/scenarios/api.github.com/release-assets/normalized-fixture.json')
const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Array<{ method: string; path: string; response: unknown }>
/** GitHub's recorded release and asset objects: the stand-in's answers copy every field and change only what differs. */
const RELEASE_TEMPLATE = recorded.find((r) => r.method === 'get' && r.path.includes('/releases/tags/'))?.response as Record<string, unknown>
const ASSET_TEMPLATE = recorded.find((r) => r.method === 'post')?.response as Record<string, unknown>

const NO_FAILURES: StandInFailures = {
  permission: 'write',
  uploads500: 0,
  uploadResets: 0,
  secondaryRateLimits: 0,
  retryAfterSeconds: 1,
  uploadNames: undefined,
}
const DOCS = 'https://docs.github.com/rest'
/** Where uploads are served: GitHub Enterprise Server's path, on the API's own origin. */
const UPLOADS_PATH = '/api/uploads'

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port))
  })
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'x-github-request-id': `0000:${Date.now().toString(16)}`,
    'x-github-api-version-selected': '2022-11-28',
    ...headers,
  })
  res.end(text)
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('data', () => {})
    req.on('end', resolve)
    req.on('close', resolve)
  })
}

export async function startGitHubStandIn(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const host = options.host ?? '127.0.0.1'
  const repository = options.repository ?? 'octo-org/release-videos'
  const [owner = '', repo = ''] = repository.split('/')
  const requests: GitHubRequest[] = []
  const releases = new Map<string, StandInRelease>()
  const failures: StandInFailures = { ...NO_FAILURES }
  // Releases count from 1 (sandbox/run-action.ts's release event names release 1, v1.0.0), assets from 1000.
  let nextRelease = 1
  let nextId = 1000
  let apiUrl = ''
  let uploadUrl = ''
  const log = options.log ?? (() => {})

  const addRelease = (tag: string, kind: { draft?: boolean; immutable?: boolean } = {}): StandInRelease => {
    const release: StandInRelease = { id: nextRelease++, tag_name: tag, draft: kind.draft ?? false, immutable: kind.immutable ?? false, assets: [] }
    releases.set(tag, release)
    return release
  }
  const seed = () => {
    releases.clear()
    nextRelease = 1
    for (const tag of options.tags ?? ['v1.0.0']) addRelease(tag)
  }
  seed()

  const repoApi = () => `${apiUrl}/repos/${owner}/${repo}`
  const assetJson = (release: StandInRelease, asset: StandInAsset) => ({
    ...ASSET_TEMPLATE,
    url: `${repoApi()}/releases/assets/${asset.id}`,
    id: asset.id,
    node_id: Buffer.from(`ReleaseAsset${asset.id}`).toString('base64'),
    name: asset.name,
    label: asset.label,
    state: asset.state,
    content_type: asset.content_type,
    size: asset.size,
    digest: asset.sha256 ? `sha256:${asset.sha256}` : null,
    download_count: 0,
    created_at: asset.created_at,
    updated_at: asset.updated_at,
    uploader: userJson(asset.uploader),
    browser_download_url: `https://github.com/${owner}/${repo}/releases/download/${encodeURIComponent(release.tag_name)}/${encodeURIComponent(asset.name)}`,
  })
  const userJson = (login: string) => ({
    ...(ASSET_TEMPLATE.uploader as Record<string, unknown>),
    login,
    html_url: `https://github.com/${encodeURIComponent(login)}`,
    url: `https://api.github.com/users/${encodeURIComponent(login)}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
  })
  const uploaderOf = options.uploaderOf ?? (() => 'github-actions[bot]')
  const releaseJson = (release: StandInRelease) => ({
    ...RELEASE_TEMPLATE,
    url: `${repoApi()}/releases/${release.id}`,
    assets_url: `${repoApi()}/releases/${release.id}/assets`,
    upload_url: `${uploadUrl}/repos/${owner}/${repo}/releases/${release.id}/assets{?name,label}`,
    html_url: `https://github.com/${owner}/${repo}/releases/tag/${encodeURIComponent(release.tag_name)}`,
    id: release.id,
    node_id: Buffer.from(`Release${release.id}`).toString('base64'),
    tag_name: release.tag_name,
    name: release.tag_name,
    draft: release.draft,
    prerelease: false,
    immutable: release.immutable,
    published_at: release.draft ? null : RELEASE_TEMPLATE.published_at,
    assets: release.assets.map((asset) => assetJson(release, asset)),
  })
  const byId = (id: number) => [...releases.values()].find((r) => r.id === id)
  const findAsset = (id: number) => {
    for (const release of releases.values()) {
      const asset = release.assets.find((a) => a.id === id)
      if (asset) return { release, asset }
    }
    return undefined
  }
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

  /** GitHub's answers to a request it refuses before its route: auth, permission, rate limit. */
  function refused(req: IncomingMessage, res: ServerResponse, write: boolean): boolean {
    const auth = req.headers.authorization ?? ''
    if (!/^(token|bearer) \S+$/i.test(auth)) {
      send(res, 401, { message: 'Requires authentication', documentation_url: DOCS })
      return true
    }
    if (failures.secondaryRateLimits > 0) {
      failures.secondaryRateLimits--
      send(
        res,
        403,
        {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        { 'retry-after': String(failures.retryAfterSeconds) },
      )
      return true
    }
    if (failures.permission === 'none') {
      send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
      return true
    }
    if (write && failures.permission === 'read') {
      send(res, 403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' })
      return true
    }
    return false
  }

  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', apiUrl)
    const method = req.method ?? 'GET'
    const prefix = `/repos/${owner}/${repo}/releases`
    const write = method !== 'GET'
    const body = write ? await readBody(req) : ''
    if (refused(req, res, write)) return
    const notFound = () => send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return notFound()
    const rest = url.pathname.slice(prefix.length + 1)
    let match: RegExpExecArray | null
    if (method === 'GET' && (match = /^tags\/(.+)$/.exec(rest))) {
      const release = releases.get(decodeURIComponent(match[1] ?? ''))
      // GitHub's get-by-tag route does not return drafts: they are found by listing releases.
      return release && !release.draft ? send(res, 200, releaseJson(release)) : notFound()
    }
    if ((match = /^assets\/(\d+)$/.exec(rest))) {
      const found = findAsset(Number(match[1]))
      if (!found) return notFound()
      if (method === 'GET') return send(res, 200, assetJson(found.release, found.asset))
      if (closed(found.release)) return immutableRefusal(res)
      if (method === 'DELETE') {
        found.release.assets = found.release.assets.filter((a) => a !== found.asset)
        return send(res, 204)
      }
      if (method === 'PATCH') {
        const change = JSON.parse(body || '{}') as { name?: string; label?: string }
        const name = change.name ?? found.asset.name
        if (found.release.assets.some((a) => a !== found.asset && a.name === name)) return alreadyExists(res)
        found.asset.name = name
        if (change.label !== undefined) found.asset.label = change.label
        found.asset.updated_at = now()
        return send(res, 200, assetJson(found.release, found.asset))
      }
    }
    if (method === 'GET' && rest === '') return listReleases(url, res)
    if (method === 'GET' && (match = /^(\d+)$/.exec(rest))) {
      const release = byId(Number(match[1]))
      return release ? send(res, 200, releaseJson(release)) : notFound()
    }
    if (method === 'GET' && (match = /^(\d+)\/assets$/.exec(rest))) {
      const release = byId(Number(match[1]))
      if (!release) return notFound()
      const { slice, link } = paged(url, release.assets, `${repoApi()}/releases/${release.id}/assets`)
      return send(
        res,
        200,
        slice.map((asset) => assetJson(release, asset)),
        link,
      )
    }
    return notFound()
  }

  /** One page of a list, GitHub's way: per_page (default 30, at most 100), page, and a Link header to the next. */
  function paged<T>(url: URL, items: readonly T[], route: string): { slice: T[]; link: Record<string, string> | undefined } {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30)
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
    const last = Math.ceil(items.length / perPage)
    const link = page < last ? { link: `<${route}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : undefined
    return { slice: items.slice((page - 1) * perPage, page * perPage), link }
  }

  /** Every release, newest first, drafts included (the token can write: GitHub shows drafts only to writers). */
  function listReleases(url: URL, res: ServerResponse): void {
    const all = [...releases.values()].filter((r) => !r.draft || failures.permission === 'write').sort((a, b) => b.id - a.id)
    const { slice, link } = paged(url, all, `${repoApi()}/releases`)
    send(res, 200, slice.map(releaseJson), link)
  }

  /** A published immutable release: its assets cannot be added, changed or deleted. */
  const closed = (release: StandInRelease) => release.immutable && !release.draft

  function immutableRefusal(res: ServerResponse): void {
    send(res, 422, { message: 'Cannot modify an immutable release', documentation_url: DOCS, status: '422' })
  }

  function alreadyExists(res: ServerResponse): void {
    send(res, 422, {
      message: 'Validation Failed',
      documentation_url: DOCS,
      errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
      status: '422',
    })
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', uploadUrl)
    const match = new RegExp(`^/repos/${owner}/${repo}/releases/(\\d+)/assets$`).exec(url.pathname)
    if (req.method !== 'POST' || !match) {
      await drain(req)
      return send(res, 404, { message: 'Not Found', documentation_url: DOCS })
    }
    if (refused(req, res, true)) return void req.resume()
    const release = byId(Number(match[1]))
    const name = url.searchParams.get('name') ?? ''
    const length = Number(req.headers['content-length'] ?? Number.NaN)
    if (!release || !name) {
      await drain(req)
      return release
        ? send(res, 422, { message: 'Validation Failed: name is missing', documentation_url: DOCS })
        : send(res, 404, { message: 'Not Found' })
    }
    if (!Number.isSafeInteger(length)) {
      await drain(req)
      return send(res, 411, { message: 'Content-Length required', documentation_url: DOCS })
    }
    if (closed(release)) {
      await drain(req)
      return immutableRefusal(res)
    }
    if (release.assets.some((a) => a.name === name)) {
      await drain(req)
      return alreadyExists(res)
    }
    const asset: StandInAsset = {
      id: nextId++,
      name,
      label: url.searchParams.get('label') ?? '',
      state: 'open',
      content_type: String(req.headers['content-type'] ?? 'application/octet-stream'),
      size: 0,
      sha256: '',
      created_at: now(),
      updated_at: now(),
      uploader: uploaderOf(String(req.headers.authorization ?? '').replace(/^\S+ /, '')),
    }
    release.assets.push(asset)
    const breakable = !failures.uploadNames || failures.uploadNames.test(name)
    const breakAt = !breakable ? undefined : failures.uploads500 > 0 ? 'status-500' : failures.uploadResets > 0 ? 'reset' : undefined
    if (breakAt === 'status-500') failures.uploads500--
    if (breakAt === 'reset') failures.uploadResets--
    const hash = createHash('sha256')
    let received = 0
    const started = Date.now()
    const rate = options.uploadRateBytesPerSecond
    await new Promise<void>((resolve) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length
        hash.update(chunk)
        if (breakAt && received >= length / 2) {
          req.pause()
          if (breakAt === 'reset') req.socket.destroy()
          else send(res, 500, { message: 'Server Error' }, { connection: 'close' })
          resolve()
          return
        }
        // Paced: when ahead of the rate, stop reading until the schedule catches up (TCP backpressure does the rest).
        if (rate) {
          const due = (received / rate) * 1000 - (Date.now() - started)
          if (due > 1) {
            req.pause()
            setTimeout(() => req.resume(), due)
          }
        }
      })
      req.on('end', resolve)
      req.on('close', resolve)
    })
    if (breakAt || received !== length) {
      if (!res.headersSent && !res.destroyed) req.socket.destroy()
      return
    }
    asset.state = 'uploaded'
    asset.size = received
    asset.sha256 = hash.digest('hex')
    asset.updated_at = now()
    send(res, 201, assetJson(release, asset))
  }

  const sockets = new Set<Socket>()
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // Uploads share the API's origin under /api/uploads, as on GitHub Enterprise Server: the token's two origins are exact.
    const server = req.url?.startsWith(UPLOADS_PATH) ? 'uploads' : 'api'
    if (server === 'uploads') req.url = req.url?.slice(UPLOADS_PATH.length)
    requests.push({ server, method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, at: Date.now() })
    res.on('close', () => log(`github ${server} ${req.method} ${req.url} -> ${res.writableFinished ? res.statusCode : 'closed'}`))
    ;(server === 'api' ? api(req, res) : upload(req, res)).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: String(error) })
      else res.destroy()
    })
  }
  const servers = [createServer(handler)]
  for (const server of servers) {
    server.on('connection', (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
  }
  const apiPort = await listen(servers[0] as Server, host, options.port ?? 0)
  apiUrl = `http://${host}:${apiPort}`
  uploadUrl = `${apiUrl}${UPLOADS_PATH}`

  return {
    apiUrl,
    uploadUrl,
    repository,
    requests,
    failures,
    release: (tag) => releases.get(tag),
    assets: (tag = 'v1.0.0') => releases.get(tag)?.assets ?? [],
    addRelease,
    publishRelease(tag) {
      const release = releases.get(tag)
      if (release) release.draft = false
    },
    addAsset(tag, given) {
      const release = releases.get(tag) ?? addRelease(tag)
      const asset: StandInAsset = {
        id: nextId++,
        name: given.name,
        label: given.label ?? '',
        state: given.state ?? 'uploaded',
        content_type: 'application/octet-stream',
        size: given.size ?? 1,
        sha256: '',
        created_at: now(),
        updated_at: now(),
        uploader: given.uploader ?? 'octocat',
      }
      release.assets.push(asset)
      return asset
    },
    count: (server, method) => requests.filter((r) => r.server === server && (!method || r.method === method)).length,
    reset() {
      requests.length = 0
      Object.assign(failures, NO_FAILURES)
      seed()
    },
    async close() {
      const closed = servers.map((server) => new Promise((resolve) => server.close(resolve)))
      for (const socket of sockets) socket.destroy()
      await Promise.all(closed)
    },
  }
}
