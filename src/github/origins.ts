// Where the token may go: GitHub's API origin and its uploads origin, exactly (scheme, host and port), nowhere else.
// The upload URL comes in a release answer; it is checked before the token is attached to it.
import { isLoopbackHost } from '../transport/addresses.js'

/**
 * The two origins of a GitHub API URL: the API's, and the uploads origin beside it: uploads.github.com beside
 * api.github.com, uploads.<tenant>.ghe.com beside api.<tenant>.ghe.com, and the same origin on GitHub Enterprise Server
 * (`https://ghe.example.com/api/v3` uploads to `https://ghe.example.com/api/uploads`) and on a loopback stand-in.
 */
export function gitHubOrigins(apiUrl: string): { api: string; uploads: string } {
  const api = new URL(apiUrl)
  const uploads = new URL(api.origin)
  // Only the two hosted forms have a second host; every other host (GHES, a stand-in) serves uploads itself.
  if (api.protocol === 'https:' && /^api\.(github\.com|[a-z0-9-]+\.ghe\.com)$/i.test(api.hostname))
    uploads.hostname = `uploads.${api.hostname.slice(4)}`
  return { api: api.origin, uploads: uploads.origin }
}

/** True when `uploadUrl` is on the uploads origin of `apiUrl`, scheme, host and port alike, without credentials. */
export function isGitHubUploadUrl(uploadUrl: string, apiUrl: string): boolean {
  let upload: URL
  try {
    upload = new URL(uploadUrl)
    if (!isGitHubApiUrl(apiUrl)) return false
  } catch {
    return false
  }
  if (upload.username || upload.password) return false
  return upload.origin === gitHubOrigins(apiUrl).uploads
}

/** The API URL the runner gives (GITHUB_API_URL): https, or http on a loopback host for a local stand-in. */
export function isGitHubApiUrl(apiUrl: string): boolean {
  try {
    const url = new URL(apiUrl)
    return !url.username && !url.password && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
  } catch {
    return false
  }
}
