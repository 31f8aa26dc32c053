// Where the token may go: GitHub's API origin and its upload origin, nowhere else. The upload URL comes in a
// release answer; it is checked before the token is attached to it.
import { isLoopbackHost } from '../transport/addresses.js'

/** The upload origins GitHub uses for an API URL: uploads.github.com beside api.github.com, the same host on GHES. */
export function isGitHubUploadUrl(uploadUrl: string, apiUrl: string): boolean {
  let upload: URL
  let api: URL
  try {
    upload = new URL(uploadUrl)
    api = new URL(apiUrl)
  } catch {
    return false
  }
  if (upload.username || upload.password) return false
  if (upload.protocol !== 'https:' && !(upload.protocol === 'http:' && isLoopbackHost(upload.hostname) && api.protocol === 'http:')) return false
  // api.github.com -> uploads.github.com; api.<tenant>.ghe.com -> uploads.<tenant>.ghe.com; GHES: one host for both.
  const uploadsHost = api.hostname.startsWith('api.') ? `uploads.${api.hostname.slice(4)}` : api.hostname
  return upload.hostname === api.hostname || upload.hostname === uploadsHost
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
