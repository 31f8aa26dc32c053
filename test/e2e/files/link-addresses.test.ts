// End to end: a video link HeyGen gives may lead only to the public internet over https. The bundled action, in its
// own process with the runner's trust of a certificate (NODE_EXTRA_CA_CERTS) and the system's name look-up, refuses a
// link to this machine by name with HeyGen on https, and a loopback link that redirects to the cloud's metadata
// address with the loopback sandbox, before a byte is sent there; the paid job keeps its id and resume block, and
// nothing is saved. Every other address (literal loopback, private networks, IPv6, plain http, the controls that are
// followed) is refused or followed in-process: test/inproc/files/link-addresses.test.ts, with the same stand-in.
import { describe, expect, it } from 'vitest'
import { runAction } from '../../../sandbox/run-action.ts'
import { useLinkStandIn } from '../../inproc/files/link-stand-in.ts'

const KEY = 'sk-e2e-L1nk-Addr-93'

const { generate, expectRefused, fileRequests, plainFiles, secureFiles } = useLinkStandIn(KEY, runAction)

describe('with HeyGen on https (base_url is not the sandbox)', () => {
  it('a link to localhost, a name that resolves to loopback, is refused on the address it resolves to', async () => {
    const run = await generate('https', `https://localhost:${secureFiles()}/v.mp4?sig=1`)

    expectRefused(run, /localhost resolves to it/)
    expect(run.stdout).toMatch(/loopback address/)
    expect(fileRequests).toEqual([])
  })
})

describe('with the loopback http sandbox as base_url', () => {
  it('a loopback link that redirects to the metadata address is refused at the redirect', async () => {
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/')
    const run = await generate('sandbox', `http://127.0.0.1:${plainFiles()}/redirect?to=${to}`)

    expectRefused(run, /169\.254\.169\.254, a link-local/)
    expect(fileRequests).toEqual([`GET /redirect?to=${to}`])
  })
})
