// Where GitHub's token may go (issue 26, Measured 4): the uploads origin of GITHUB_API_URL, exactly: scheme, host and
// port. Of 13 hostile upload_url values in a release answer, 4 on GitHub's own host were accepted before, 3 of them
// on another port; every one is refused now, and the genuine origins are still accepted.
import { describe, expect, it } from 'vitest'
import { gitHubOrigins, isGitHubUploadUrl } from '../../src/github/origins.ts'

const DOTCOM = 'https://api.github.com'
const ASSETS = '/repos/o/r/releases/1/assets'

describe('hostile upload_url values', () => {
  it.each([
    // On GitHub's own host, on another port or scheme: the ones that took the token before.
    `https://uploads.github.com:8443${ASSETS}`,
    `https://uploads.github.com:444${ASSETS}`,
    `https://uploads.github.com:80${ASSETS}`,
    `http://uploads.github.com${ASSETS}`,
    // The API's host is not the uploads origin of github.com.
    `https://api.github.com${ASSETS}`,
    `https://api.github.com:8443${ASSETS}`,
    // Elsewhere.
    `https://evil.example${ASSETS}`,
    `https://uploads.github.com.evil.example${ASSETS}`,
    `https://evil.example#@uploads.github.com${ASSETS}`,
    `https://uploads.github.com@evil.example${ASSETS}`,
    `https://user:pw@uploads.github.com${ASSETS}`,
    `https://140.82.112.3${ASSETS}`,
    `not a url`,
  ])('%s is refused against api.github.com', (uploadUrl) => {
    expect(isGitHubUploadUrl(uploadUrl, DOTCOM)).toBe(false)
  })

  it.each<[string, string]>([
    [`https://ghe.example.com:8443/api/uploads${ASSETS}`, 'https://ghe.example.com/api/v3'],
    [`http://ghe.example.com/api/uploads${ASSETS}`, 'https://ghe.example.com/api/v3'],
    [`https://uploads.ghe.example.com/api/uploads${ASSETS}`, 'https://ghe.example.com/api/v3'],
    [`https://uploads.octo.ghe.com:444${ASSETS}`, 'https://api.octo.ghe.com'],
    [`https://uploads.other.ghe.com${ASSETS}`, 'https://api.octo.ghe.com'],
    [`http://127.0.0.1:9/api/uploads${ASSETS}`, 'http://127.0.0.1:8'],
    [`http://localhost:8/api/uploads${ASSETS}`, 'http://127.0.0.1:8'],
    [`https://ghe.example.com/api/uploads${ASSETS}`, 'http://ghe.example.com/api/v3'],
  ])('%s is refused against %s', (uploadUrl, apiUrl) => {
    expect(isGitHubUploadUrl(uploadUrl, apiUrl)).toBe(false)
  })

  it.each<[string, string]>([
    [`https://uploads.github.com${ASSETS}`, DOTCOM],
    [`https://uploads.github.com:443${ASSETS}`, DOTCOM],
    [`https://ghe.example.com/api/uploads${ASSETS}`, 'https://ghe.example.com/api/v3'],
    [`https://ghe.example.com:8443/api/uploads${ASSETS}`, 'https://ghe.example.com:8443/api/v3'],
    [`https://uploads.octo.ghe.com${ASSETS}`, 'https://api.octo.ghe.com'],
    [`http://127.0.0.1:8/api/uploads${ASSETS}`, 'http://127.0.0.1:8'],
  ])('%s is accepted against %s', (uploadUrl, apiUrl) => {
    expect(isGitHubUploadUrl(uploadUrl, apiUrl)).toBe(true)
  })

  it('the two origins of each API URL', () => {
    expect(gitHubOrigins(DOTCOM)).toEqual({ api: DOTCOM, uploads: 'https://uploads.github.com' })
    expect(gitHubOrigins('https://api.octo.ghe.com')).toEqual({ api: 'https://api.octo.ghe.com', uploads: 'https://uploads.octo.ghe.com' })
    expect(gitHubOrigins('https://ghe.example.com:8443/api/v3')).toEqual({
      api: 'https://ghe.example.com:8443',
      uploads: 'https://ghe.example.com:8443',
    })
    expect(gitHubOrigins('http://127.0.0.1:8')).toEqual({ api: 'http://127.0.0.1:8', uploads: 'http://127.0.0.1:8' })
  })
})
