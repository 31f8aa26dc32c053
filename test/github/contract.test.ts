// The GitHub stand-in answers as GitHub does: each answer the action reads is checked against GitHub's own OpenAPI
// description (@octokit/openapi), and shaped like the answers @octokit/fixtures recorded from GitHub for releases
// and assets (the `release-assets` and `release-assets-conflict` scenarios).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv } from 'ajv'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type GitHubStandIn, startGitHubStandIn } from '../../sandbox/github-stand-in.ts'

const require = createRequire(import.meta.url)
type Schema = Record<string, unknown>
const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8')) as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }>; servers?: Array<{ url: string }> }>
  >
}
const recorded = (scenario: string) =>
  JSON.parse(readFileSync(require.resolve(`@octokit/fixtures/scenarios/api.github.com/${scenario}/normalized-fixture.json`), 'utf8')) as Array<{
    method: string
    path: string
    status: number
    response: unknown
  }>

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false })
function errors(path: string, method: string, status: string, body: unknown): string[] {
  const schema = spec.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema
  if (!schema) throw new Error(`GitHub's description has no ${method} ${path} ${status} JSON answer`)
  const check = ajv.compile(schema)
  return check(body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}

const TOKEN = { authorization: 'token ghs_contract' }
let github: GitHubStandIn
let repo: string
beforeAll(async () => {
  github = await startGitHubStandIn()
  repo = `${github.apiUrl}/repos/${github.repository}`
})
beforeEach(() => github.reset())
afterAll(async () => {
  await github.close()
})

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const answer = await fetch(url, { ...init, headers: { ...TOKEN, ...(init.headers as Record<string, string>) } })
  const text = await answer.text()
  return { status: answer.status, body: text ? JSON.parse(text) : undefined, headers: answer.headers }
}

async function uploadHello(name = 'test-upload.txt'): Promise<{ status: number; body: unknown }> {
  const release = (await call(`${repo}/releases/tags/v1.0.0`)).body as { upload_url: string }
  const url = `${release.upload_url.replace(/\{[^}]*\}$/, '')}?name=${name}&label=test`
  return call(url, { method: 'POST', body: 'Hello, world!\n', headers: { 'content-type': 'text/plain' } })
}

describe('the stand-in against GitHub’s OpenAPI description', () => {
  it('a release by tag, by id, and its upload origin as GitHub names it', async () => {
    const byTag = await call(`${repo}/releases/tags/v1.0.0`)
    expect(byTag.status).toBe(200)
    expect(errors('/repos/{owner}/{repo}/releases/tags/{tag}', 'get', '200', byTag.body)).toEqual([])
    const id = (byTag.body as { id: number }).id
    const byId = await call(`${repo}/releases/${id}`)
    expect(errors('/repos/{owner}/{repo}/releases/{release_id}', 'get', '200', byId.body)).toEqual([])
    // GitHub's description: the upload origin is the one upload_url names (uploads.github.com), not the API's.
    expect(spec.paths['/repos/{owner}/{repo}/releases/{release_id}/assets']?.post?.servers?.[0]?.url).toBe('https://uploads.github.com')
    expect((byTag.body as { upload_url: string }).upload_url).toBe(
      `${github.uploadUrl}/repos/${github.repository}/releases/${id}/assets{?name,label}`,
    )
  })

  it('upload (201), list, get, rename and delete an asset', async () => {
    const uploaded = await uploadHello()
    expect(uploaded.status).toBe(201)
    expect(errors('/repos/{owner}/{repo}/releases/{release_id}/assets', 'post', '201', uploaded.body)).toEqual([])
    const asset = uploaded.body as { id: number; url: string }
    const list = await call(`${repo}/releases/1/assets`)
    expect(errors('/repos/{owner}/{repo}/releases/{release_id}/assets', 'get', '200', list.body)).toEqual([])
    expect(errors('/repos/{owner}/{repo}/releases/assets/{asset_id}', 'get', '200', (await call(asset.url)).body)).toEqual([])
    const renamed = await call(asset.url, { method: 'PATCH', body: JSON.stringify({ name: 'new-filename.txt', label: 'new label' }) })
    expect(errors('/repos/{owner}/{repo}/releases/assets/{asset_id}', 'patch', '200', renamed.body)).toEqual([])
    expect(renamed.body).toMatchObject({ name: 'new-filename.txt', label: 'new label' })
    expect((await call(asset.url, { method: 'DELETE' })).status).toBe(204)
    expect((await call(asset.url)).status).toBe(404)
  })

  it('a second asset of one name: 422 already_exists, as GitHub’s description and its recorded answer say', async () => {
    await uploadHello()
    const again = await uploadHello()
    expect(again.status).toBe(422)
    // The description documents the 422 without a body; GitHub's recorded answer is the truth for it.
    expect(spec.paths['/repos/{owner}/{repo}/releases/{release_id}/assets']?.post?.responses['422']).toBeDefined()
    const conflict = recorded('release-assets-conflict').find((r) => r.method === 'post' && r.status === 422)
    expect((again.body as { errors: unknown }).errors).toEqual((conflict?.response as { errors: unknown }).errors)
    expect(github.assets().filter((a) => a.name === 'test-upload.txt')).toHaveLength(1)
  })
})

describe('the stand-in against the answers @octokit/fixtures recorded from GitHub', () => {
  const scenario = recorded('release-assets')
  const keys = (value: unknown) => Object.keys(value as object).sort()

  it('a release has exactly the fields GitHub sent', async () => {
    const release = scenario.find((r) => r.method === 'get' && r.path.includes('/releases/tags/'))?.response
    // `immutable` is newer than the recording: GitHub's description names it (immutable releases).
    expect(keys((await call(`${repo}/releases/tags/v1.0.0`)).body)).toEqual([...keys(release), 'immutable'].sort())
  })

  it('an uploaded asset has exactly the fields GitHub sent, in the same states', async () => {
    const asset = scenario.find((r) => r.method === 'post')?.response as Record<string, unknown>
    const uploaded = (await uploadHello()).body as Record<string, unknown>
    // `digest` is newer than the recording: GitHub's description now requires it (sha256 of the file).
    expect(keys(uploaded)).toEqual([...keys(asset), 'digest'].sort())
    expect(uploaded.digest).toBe('sha256:d9014c4624844aa5bac314773d6b689ad467fa4e1d1a50a1b8a99d5a95f72ff5')
    expect(uploaded).toMatchObject({ name: 'test-upload.txt', label: 'test', state: asset.state, size: asset.size, content_type: 'text/plain' })
  })
})

describe('the failures the stand-in plays, as GitHub answers them', () => {
  it('a missing release and a token without access: 404 with GitHub’s basic error', async () => {
    const missing = await call(`${repo}/releases/tags/v9.9.9`)
    expect(missing.status).toBe(404)
    expect(errors('/repos/{owner}/{repo}/releases/tags/{tag}', 'get', '404', missing.body)).toEqual([])
    github.failures.permission = 'none'
    expect((await call(`${repo}/releases/tags/v1.0.0`)).status).toBe(404)
  })

  it('a read-only token: reads work, an upload is 403 and leaves nothing', async () => {
    github.failures.permission = 'read'
    expect((await call(`${repo}/releases/tags/v1.0.0`)).status).toBe(200)
    const refused = await uploadHello()
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ message: 'Resource not accessible by integration' })
    expect(github.assets()).toEqual([])
  })

  it('a secondary rate limit: 403 with Retry-After, then the call works', async () => {
    github.failures.secondaryRateLimits = 1
    github.failures.retryAfterSeconds = 3
    const limited = await call(`${repo}/releases/tags/v1.0.0`)
    expect(limited.status).toBe(403)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect((limited.body as { message: string }).message).toMatch(/secondary rate limit/)
    expect((await call(`${repo}/releases/tags/v1.0.0`)).status).toBe(200)
  })

  it('a 500 mid-upload leaves an `open` asset of that name behind, as GitHub does', async () => {
    github.failures.uploads500 = 1
    const broken = await uploadHello()
    expect(broken.status).toBe(500)
    expect(github.assets()).toMatchObject([{ name: 'test-upload.txt', state: 'open' }])
    const listed = (await call(`${repo}/releases/1/assets`)).body
    expect(errors('/repos/{owner}/{repo}/releases/{release_id}/assets', 'get', '200', listed)).toEqual([])
  })

  it('no token: 401', async () => {
    const answer = await fetch(`${repo}/releases/tags/v1.0.0`)
    expect(answer.status).toBe(401)
  })
})

describe('what GitHub does that concurrent writers rely on', () => {
  it('a draft is not found by its tag, only in the release list (paginated, checked against the description) and by id', async () => {
    const draft = github.addRelease('v2.0.0-rc', { draft: true })
    expect((await call(`${repo}/releases/tags/v2.0.0-rc`)).status).toBe(404)
    for (let i = 0; i < 3; i++) github.addRelease(`v0.${i}.0`)
    const first = await call(`${repo}/releases?per_page=2&page=1`)
    expect(errors('/repos/{owner}/{repo}/releases', 'get', '200', first.body)).toEqual([])
    expect(first.headers.get('link')).toContain('page=2>; rel="next"')
    const pages = [first.body, (await call(`${repo}/releases?per_page=2&page=2`)).body, (await call(`${repo}/releases?per_page=2&page=3`)).body]
    const listed = (pages.flat() as Array<{ id: number; tag_name: string; draft: boolean; immutable: boolean }>).map((r) => r.tag_name)
    expect(listed.sort()).toEqual(['v0.0.0', 'v0.1.0', 'v0.2.0', 'v1.0.0', 'v2.0.0-rc'])
    const byId = await call(`${repo}/releases/${draft.id}`)
    expect(byId.body).toMatchObject({ draft: true, immutable: false, published_at: null })
    expect(errors('/repos/{owner}/{repo}/releases/{release_id}', 'get', '200', byId.body)).toEqual([])
  })

  it('an immutable release takes assets while a draft and refuses every change once published', async () => {
    const release = github.addRelease('v3.0.0', { draft: true, immutable: true })
    const upload = (name: string) =>
      call(`${github.uploadUrl}/repos/${github.repository}/releases/${release.id}/assets?name=${name}`, {
        method: 'POST',
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      })
    const asset = (await upload('a.txt')).body as { url: string }
    expect(github.assets('v3.0.0').map((a) => a.name)).toEqual(['a.txt'])
    github.publishRelease('v3.0.0')
    expect((await call(`${repo}/releases/tags/v3.0.0`)).body).toMatchObject({ draft: false, immutable: true })
    expect((await upload('b.txt')).status).toBe(422)
    expect((await call(asset.url, { method: 'PATCH', body: JSON.stringify({ name: 'c.txt' }) })).status).toBe(422)
    expect((await call(asset.url, { method: 'DELETE' })).status).toBe(422)
    expect(github.assets('v3.0.0').map((a) => a.name)).toEqual(['a.txt'])
  })

  it('a rename onto a taken name is 422 already_exists; a rename really renames; each asset names its uploader', async () => {
    const first = (await uploadHello('one.txt')).body as { url: string; uploader: { login: string } }
    await uploadHello('two.txt')
    github.addAsset('v1.0.0', { name: 'three.txt', uploader: 'octocat' })
    const clash = await call(first.url, { method: 'PATCH', body: JSON.stringify({ name: 'two.txt' }) })
    expect(clash.status).toBe(422)
    expect(clash.body).toMatchObject({ errors: [{ code: 'already_exists' }] })
    expect((await call(first.url, { method: 'PATCH', body: JSON.stringify({ name: 'four.txt' }) })).status).toBe(200)
    expect(github.assets().map((a) => a.name)).toEqual(['four.txt', 'two.txt', 'three.txt'])
    expect(first.uploader.login).toBe('github-actions[bot]')
    const listed = (await call(`${repo}/releases/1/assets`)).body as Array<{ name: string; uploader: { login: string } }>
    expect(listed.map((a) => `${a.name} ${a.uploader.login}`)).toEqual([
      'four.txt github-actions[bot]',
      'two.txt github-actions[bot]',
      'three.txt octocat',
    ])
    expect(errors('/repos/{owner}/{repo}/releases/{release_id}/assets', 'get', '200', listed)).toEqual([])
  })
})
