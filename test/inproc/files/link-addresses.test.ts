// In-process: a video link HeyGen gives may lead only to the public internet over https. A stand-in HeyGen of this
// file's own answers with links to this machine (by name or by address), to the cloud's metadata address and to
// private networks, directly or by a redirect; the action refuses each before a byte is sent there, keeps the paid
// job's id and resume block, and saves nothing. When base_url is the loopback http sandbox, loopback links are allowed.
// A link to localhost by name runs in the bundled action, in a child process: test/e2e/files/link-addresses.test.ts.
import { readFileSync } from 'node:fs'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FILE_HOST_CERT } from '../../../sandbox/heygen-sandbox.ts'
import { runInProcess } from '../run-in-process.ts'
import { FAST } from '../timing.ts'
import { JOB, useLinkStandIn } from './link-stand-in.ts'

const KEY = 'sk-ip-L1nk-Addr-93'

const { generate, expectRefused, saved, fileRequests, plainFiles, secureFiles } = useLinkStandIn(KEY, (options) => runInProcess(options, FAST))

// What NODE_EXTRA_CA_CERTS does for a child process: the stand-in's test certificate trusted, for this file only.
const systemCAs = getCACertificates('default')
beforeAll(() => setDefaultCACertificates([...systemCAs, readFileSync(FILE_HOST_CERT, 'utf8')]))
afterAll(() => setDefaultCACertificates(systemCAs))

describe('with HeyGen on https (base_url is not the sandbox)', () => {
  it('a link to 127.0.0.1 is refused before connecting', async () => {
    const run = await generate('https', `https://127.0.0.1:${secureFiles()}/v.mp4?sig=1`)

    expectRefused(run, /127\.0\.0\.1, a loopback address/)
    expect(fileRequests).toEqual([])
  })

  it('a plain http link to this machine is refused', async () => {
    const run = await generate('https', `http://127.0.0.1:${plainFiles()}/v.mp4?sig=1`)

    expectRefused(run, /127\.0\.0\.1, a loopback address/)
    expect(fileRequests).toEqual([])
  })

  it('a plain http link to a public name is refused before any look-up', async () => {
    const run = await generate('https', 'http://files.example.invalid/v.mp4?sig=1')

    expectRefused(run, /plain http/)
  })
})

describe('with the loopback http sandbox as base_url', () => {
  it('a loopback http link is followed (the sandbox serves its files there)', async () => {
    const run = await generate('sandbox', `http://127.0.0.1:${plainFiles()}/v.mp4?sig=1`)

    expect(run.code, run.log).toBe(0)
    expect(saved(run.folder)).toEqual([`${JOB}.mp4`])
    expect(fileRequests).toEqual(['GET /v.mp4?sig=1'])
  })

  it('a loopback https link by name (localhost) is followed too', async () => {
    const run = await generate('sandbox', `https://localhost:${secureFiles()}/v.mp4?sig=2`)

    expect(run.code, run.log).toBe(0)
    expect(saved(run.folder)).toEqual([`${JOB}.mp4`])
  })

  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/iam', /169\.254\.169\.254, a link-local/],
    ['the metadata address over https', 'https://169.254.169.254/v.mp4', /link-local/],
    ['an IPv4-mapped metadata address', 'https://[::ffff:169.254.169.254]/v.mp4', /link-local/],
    ['a private 10/8 address', 'https://10.0.0.5/v.mp4', /10\.0\.0\.5, a private address/],
    ['a private 172.16/12 address', 'https://172.20.1.1/v.mp4', /private/],
    ['a private 192.168/16 address', 'https://192.168.1.10/v.mp4', /private/],
    ['an IPv6 link-local address', 'https://[fe80::1]/v.mp4', /fe80::1, a link-local/],
    ['an IPv6 unique-local address', 'https://[fd12:3456::1]/v.mp4', /unique-local/],
    ['a plain http link to a public name', 'http://files.example.invalid/v.mp4', /plain http/],
  ])('%s is refused before anything is sent (%s)', async (_, videoLink, said) => {
    const run = await generate('sandbox', videoLink)

    expectRefused(run, said)
    expect(run.durationMs).toBeLessThan(10_000)
  })

  it('a loopback link that redirects to the metadata address is refused at the redirect', async () => {
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/')
    const run = await generate('sandbox', `http://127.0.0.1:${plainFiles()}/redirect?to=${to}`)

    expectRefused(run, /169\.254\.169\.254, a link-local/)
    expect(fileRequests).toEqual([`GET /redirect?to=${to}`])
  })

  it('a loopback link that redirects to a private address by https is refused at the redirect', async () => {
    const to = encodeURIComponent('https://10.1.2.3/v.mp4')
    const run = await generate('sandbox', `http://127.0.0.1:${plainFiles()}/redirect?to=${to}`)

    expectRefused(run, /10\.1\.2\.3, a private address/)
    expect(fileRequests).toHaveLength(1)
  })
})
