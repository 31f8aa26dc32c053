// callback_url's credentials (issue 26, Measured 5): whichever part of the user info carries the secret (the user
// name, the password, or both) is masked for the runner and printed as ***, in the dry-run body and the debug line.
import { describe, expect, it } from 'vitest'
import { callbackSecrets, checkCallbackUrl, printableRequest, withoutCredentials } from '../../../src/action/config/callback-url.ts'

const TOKEN = 'ghp_S3cretT0ken42'

describe('every user-info form', () => {
  it.each<[string, string, string[], string]>([
    [
      'a token as the user name, a dummy password',
      `https://${TOKEN}:x-oauth-basic@hooks.example.com/h`,
      [TOKEN, 'x-oauth-basic'],
      'https://***:***@hooks.example.com/h',
    ],
    ['a token as the user name alone', `https://${TOKEN}@hooks.example.com/h`, [TOKEN], 'https://***@hooks.example.com/h'],
    ['a user and a token as the password', `https://hook:${TOKEN}@hooks.example.com/h?x=1`, [TOKEN], 'https://***:***@hooks.example.com/h?x=1'],
    ['a token as the password, no user', `https://:${TOKEN}@hooks.example.com/h`, [TOKEN], 'https://:***@hooks.example.com/h'],
    ['a percent-encoded token', 'https://a%2Fb%3Dtok3n@hooks.example.com/h', ['a%2Fb%3Dtok3n', 'a/b=tok3n'], 'https://***@hooks.example.com/h'],
    [
      'a long user name and a password: both may be the token',
      `https://webhook-user:${TOKEN}@hooks.example.com/h`,
      ['webhook-user', TOKEN],
      'https://***:***@hooks.example.com/h',
    ],
    ['no credentials', 'https://hooks.example.com/h', [], 'https://hooks.example.com/h'],
  ])('%s: masked and printed as ***', (_what, url, secrets, printed) => {
    expect(callbackSecrets(url)).toEqual(secrets)
    expect(withoutCredentials(url)).toBe(printed)
    // The dry-run body and the debug Settings line print the request through printableRequest.
    const shown = JSON.stringify(printableRequest({ captions: false, callback_url: url }))
    expect(shown).toContain(JSON.stringify(printed))
    expect(shown).not.toContain(TOKEN)
  })
})

describe('the host HeyGen must call is judged by the same allow-list as file links', () => {
  it.each([
    ['https://[2001:db8::1]/hook', /2001:db8::1 is a documentation address, not a public one/],
    ['https://[64:ff9b::a9fe:a9fe]/hook', /169\.254\.169\.254 in NAT64 form/],
    ['https://198.18.0.1/hook', /benchmarking/],
    ['https://printer.local/hook', /printer\.local is a local-only host name/],
  ])('%s is refused', (url, said) => {
    expect(() => checkCallbackUrl(url)).toThrow(said)
  })
})
