// End to end: a video link HeyGen gives may lead only to the public internet over https. The bundled action, in its
// own process with the runner's trust of a certificate (NODE_EXTRA_CA_CERTS) and the system's name look-up, refuses a
// link to this machine by name with HeyGen on https before a byte is sent there; the paid job keeps its id and resume
// block, and nothing is saved. Every other address (literal loopback, private networks, IPv6, plain http, redirects
// into the runner's network, the controls that are followed) is refused or followed in-process, with the same
// stand-in: test/inproc/files/link-addresses.test.ts.
import { describe, expect, it } from 'vitest'
import { runAction } from '../../../sandbox/run-action.ts'
import { useLinkStandIn } from '../../inproc/files/link-stand-in.ts'

const KEY = 'sk-e2e-L1nk-Addr-93'

const { generate, expectRefused, fileRequests, secureFiles } = useLinkStandIn(KEY, runAction)

describe('with HeyGen on https (base_url is not the sandbox)', () => {
  it('a link to localhost, a name that resolves to loopback, is refused on the address it resolves to', async () => {
    const run = await generate('https', `https://localhost:${secureFiles()}/v.mp4?sig=1`)

    expectRefused(run, /localhost resolves to it/)
    expect(run.stdout).toMatch(/loopback address/)
    expect(fileRequests).toEqual([])
  })
})
