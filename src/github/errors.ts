// GitHub's refusals in the user's words: what went wrong, and which permission or release to fix.

export class GitHubError extends Error {
  constructor(
    message: string,
    /** GitHub's HTTP status; 0 when no answer came (a reset, a timeout). */
    readonly status: number,
    /** Worth another try: 5xx, 429, a secondary rate limit, or no answer at all. */
    readonly retryable: boolean,
    /** How long GitHub asked to wait (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'GitHubError'
  }
}

/** The sentence that says what a 401/403/404 from GitHub means for publishing. */
export function permissionHint(status: number, what: string): string {
  if (status === 401) return `GitHub refused the token (401) while it ${what}: check \`github_token\``
  if (status === 403) {
    return `GitHub refused (403) while it ${what}: the token needs \`permissions: contents: write\` on the job that publishes (GITHUB_TOKEN), or a token with write access to the repository's contents`
  }
  if (status === 404) {
    return `GitHub answered 404 while it ${what}: the release or the repository is not there for this token (a draft release has no tag yet; a token without \`contents: read\` sees nothing)`
  }
  return `GitHub answered ${status} while it ${what}`
}
