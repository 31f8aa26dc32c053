// The release API through @actions/github's Octokit (which honours GITHUB_API_URL, so GitHub Enterprise Server
// works): find a release, list, rename and delete its assets. Loaded only when a step publishes.
import { type ReleaseAsset, type Release, readAsset, readRelease } from './assets.js'
import { GitHubError } from './errors.js'
import { gitHubError, withRetries } from './retry.js'
import type { StepTiming } from '../util/timing.js'

export interface GitHubOptions {
  token: string
  /** The API origin (and path on GHES), e.g. https://api.github.com. */
  apiUrl: string
  /** owner/name */
  repository: string
  timeoutMs: number
  signal: AbortSignal
  /** Told about each retry and each Octokit warning. */
  onRetry: (message: string) => void
  /** The retry timing (attempts, backoff): production's unless a test shrinks it. */
  timing?: StepTiming
}

/** Which release: the one with this tag, or the one with this id (a release event's). */
export type ReleaseRef = { tag: string } | { id: number }

type Octokit = { request: (route: string, parameters: Record<string, unknown>) => Promise<{ data: unknown; headers: Record<string, unknown> }> }

export class ReleaseApi {
  private constructor(
    private readonly octokit: Octokit,
    private readonly options: GitHubOptions,
  ) {}

  static async open(options: GitHubOptions): Promise<ReleaseApi> {
    const { getOctokit } = await import('@actions/github')
    const quiet = () => {}
    const octokit = getOctokit(options.token, {
      baseUrl: options.apiUrl.replace(/\/$/, ''),
      log: { debug: quiet, info: quiet, warn: options.onRetry, error: quiet },
    })
    return new ReleaseApi(octokit, options)
  }

  private get owner(): { owner: string; repo: string } {
    const [owner = '', repo = ''] = this.options.repository.split('/')
    return { owner, repo }
  }

  /** One REST call, retried when GitHub says it may be (5xx, rate limits); its error sorted for the caller. */
  private async call(route: string, parameters: Record<string, unknown>): Promise<{ data: unknown; headers: Record<string, unknown> }> {
    return withRetries(
      async () => {
        try {
          const signal = AbortSignal.any([this.options.signal, AbortSignal.timeout(this.options.timeoutMs)])
          return await this.octokit.request(route, { ...this.owner, ...parameters, request: { signal } })
        } catch (error) {
          throw asGitHubError(error)
        }
      },
      { signal: this.options.signal, onRetry: this.options.onRetry, ...(this.options.timing ? { timing: this.options.timing } : {}) },
    )
  }

  async findRelease(ref: ReleaseRef): Promise<Release> {
    const answer =
      'tag' in ref
        ? await this.call('GET /repos/{owner}/{repo}/releases/tags/{tag}', { tag: ref.tag })
        : await this.call('GET /repos/{owner}/{repo}/releases/{release_id}', { release_id: ref.id })
    return readRelease(answer.data)
  }

  /** Every asset of the release, page by page (a release holds at most 1000). */
  async listAssets(releaseId: number): Promise<ReleaseAsset[]> {
    const assets: ReleaseAsset[] = []
    for (let page = 1; page <= 10; page++) {
      const answer = await this.call('GET /repos/{owner}/{repo}/releases/{release_id}/assets', { release_id: releaseId, per_page: 100, page })
      if (!Array.isArray(answer.data)) throw new GitHubError('GitHub answered the asset list with something else than a list', 200, false)
      assets.push(...answer.data.map(readAsset))
      if (answer.data.length < 100) break
    }
    return assets
  }

  async deleteAsset(assetId: number): Promise<void> {
    try {
      await this.call('DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}', { asset_id: assetId })
    } catch (error) {
      // Already gone (a retry after a lost answer, or another leg): what was wanted.
      if (!(error instanceof GitHubError && error.status === 404)) throw error
    }
  }

  async renameAsset(assetId: number, name: string, label: string): Promise<ReleaseAsset> {
    return readAsset((await this.call('PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}', { asset_id: assetId, name, label })).data)
  }
}

/** Octokit's RequestError (or a network failure) as a GitHubError: status, GitHub's message, Retry-After. */
export function asGitHubError(error: unknown): GitHubError {
  if (error instanceof GitHubError) return error
  const failure = error as { status?: number; message?: string; response?: { data?: unknown; headers?: Record<string, unknown> } }
  const status = typeof failure.status === 'number' ? failure.status : 0
  const data = failure.response?.data as { message?: unknown } | undefined
  const message = typeof data?.message === 'string' ? data.message : (failure.message ?? String(error))
  const retryAfter = failure.response?.headers?.['retry-after']
  // Octokit reports a failed fetch (reset, refused) as status 500 without a response: no answer came.
  return gitHubError(failure.response ? status : 0, message, typeof retryAfter === 'string' ? retryAfter : undefined)
}
