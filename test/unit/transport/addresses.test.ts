// Where a file link may lead: public addresses over https; loopback only when the API is the loopback http sandbox.
import type { LookupAddress } from 'node:dns'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkLink, guardedLookup, kindOf, LinkAddressError, linkPolicyFor } from '../../../src/transport/addresses.js'

const HEYGEN = linkPolicyFor('https://api.heygen.com')
const SANDBOX = linkPolicyFor('http://127.0.0.1:8787')

describe('kindOf: what an address is', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['fe80::1', 'link-local (cloud metadata)'],
    ['febf::1', 'link-local (cloud metadata)'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['224.0.0.1', 'multicast or reserved'],
    // Issue 26: addresses a deny-list let through. Each is outside IANA's globally reachable unicast.
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.254', 'benchmarking'],
    ['192.0.0.1', 'IETF protocol (not globally reachable)'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['240.0.0.1', 'multicast or reserved'],
    ['255.255.255.255', 'multicast or reserved'],
    ['192.88.99.1', '6to4 relay anycast (deprecated)'],
    ['fec0::1', 'site-local (deprecated)'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['100::1', 'discard-only'],
    ['2001:2::1', 'IETF protocol (not globally reachable)'],
    ['4000::1', 'unallocated (outside global unicast 2000::/3)'],
    ['5f00::1', 'segment-routing'],
    // IPv4 carried inside IPv6 is judged as that IPv4 address.
    ['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata) (169.254.169.254 in NAT64 form)'],
    ['64:ff9b::10.0.0.1', 'private (10.0.0.1 in NAT64 form)'],
    ['64:ff9b::127.0.0.1', 'loopback (127.0.0.1 in NAT64 form)'],
    ['64:ff9b:1::c0a8:101', 'private (192.168.1.1 in NAT64 (local-use) form)'],
    ['::169.254.169.254', 'link-local (cloud metadata) (169.254.169.254 in IPv4-compatible form)'],
    ['::ffff:0:10.1.2.3', 'private (10.1.2.3 in IPv4-translated form)'],
    ['2002:a9fe:a9fe::1', 'link-local (cloud metadata) (169.254.169.254 in 6to4 form)'],
    ['2002:7f00:1::', 'loopback (127.0.0.1 in 6to4 form)'],
    // Teredo: the server's IPv4 in clear, the client's inverted (10.0.0.1 is f5ff:fffe).
    ['2001:0:a00:1::f7f7:f7f7', 'private (10.0.0.1 in Teredo form)'],
    ['2001:0:808:808::f5ff:fffe', 'private (10.0.0.1 in Teredo form)'],
  ])('%s is %s', (address, kind) => {
    expect(kindOf(address)).toBe(kind)
  })

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '172.15.255.255',
    '192.169.0.1',
    '2606:4700::1111',
    '169.255.0.1',
    '198.20.0.1',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
    '2001:0:808:808::f7f7:f7f7',
    '2620:4f:8000::1',
  ])('%s is public', (address) => {
    expect(kindOf(address)).toBeUndefined()
  })

  it('a loopback address carried in NAT64 or 6to4 is not the sandbox loopback: it goes through a translator', () => {
    expect(checkLink(new URL('https://[64:ff9b::7f00:1]/v.mp4'), SANDBOX)).toMatch(/loopback \(127\.0\.0\.1 in NAT64 form\)/)
    expect(checkLink(new URL('https://[::ffff:127.0.0.1]/v.mp4'), SANDBOX)).toBeUndefined()
  })
})

describe('checkLink: the rules of one link or redirect, before any connection', () => {
  it('an https link to a name is left to the connection check', () => {
    expect(checkLink(new URL('https://files.heygen.ai/v.mp4'), HEYGEN)).toBeUndefined()
  })

  it('plain http is refused against HeyGen, and allowed for loopback against the sandbox only', () => {
    expect(checkLink(new URL('http://files.heygen.ai/v.mp4'), HEYGEN)).toMatch(/plain http/)
    expect(checkLink(new URL('http://files.heygen.ai/v.mp4'), SANDBOX)).toMatch(/plain http/)
    expect(checkLink(new URL('http://127.0.0.1:8788/v.mp4'), SANDBOX)).toBeUndefined()
    expect(checkLink(new URL('http://localhost:8788/v.mp4'), SANDBOX)).toBeUndefined()
    expect(checkLink(new URL('http://[::1]:8788/v.mp4'), SANDBOX)).toBeUndefined()
  })

  it('a literal private, link-local or loopback address is refused, loopback only outside the sandbox', () => {
    expect(checkLink(new URL('https://127.0.0.1/v.mp4'), HEYGEN)).toMatch(/127\.0\.0\.1, a loopback address/)
    expect(checkLink(new URL('https://127.0.0.1/v.mp4'), SANDBOX)).toBeUndefined()
    for (const link of ['https://169.254.169.254/', 'https://10.0.0.1/', 'https://[fe80::1]/', 'https://[fd00::1]/']) {
      expect(checkLink(new URL(link), SANDBOX), link).toMatch(/refused, so nothing was sent there/)
    }
  })

  it('a sandbox base_url on https is not the sandbox rule: loopback links are refused', () => {
    expect(linkPolicyFor('https://127.0.0.1:8787').loopbackAllowed).toBe(false)
    expect(linkPolicyFor('http://localhost:8787').loopbackAllowed).toBe(true)
  })
})

describe('guardedLookup: a name is checked on every address it resolves to', () => {
  function resolvingTo(addresses: string[]) {
    return guardedLookup(HEYGEN, (_name, options, callback) => {
      const all: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
      if ((options as { all?: boolean }).all) callback(null, all)
      else callback(null, all[0]!.address, all[0]!.family)
    })
  }
  const look = (lookup: ReturnType<typeof guardedLookup>, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      lookup('files.example', { all }, (error, address) => resolve({ error, address })),
    )

  it.each([true, false])('a name that resolves to a private address is refused (all: %s)', async (all) => {
    const { error } = await look(resolvingTo(['10.0.0.7']), all)
    expect(error).toBeInstanceOf(LinkAddressError)
    expect(error?.message).toContain('10.0.0.7, a private address (files.example resolves to it)')
  })

  it('a name with one public and one metadata address is refused: a mix is a trick', async () => {
    const { error } = await look(resolvingTo(['93.184.216.34', '169.254.169.254']), true)
    expect(error?.message).toContain('link-local')
  })

  it('a name that resolves to public addresses connects', async () => {
    const { error, address } = await look(resolvingTo(['93.184.216.34', '2606:2800:220:1::1']), true)
    expect(error).toBeNull()
    expect(address).toHaveLength(2)
  })
})

describe('IPv4 carried inside IPv6 is judged as the IPv4 it carries (property)', () => {
  const hex = (a: number, b: number) => ((a << 8) | b).toString(16)
  const forms: Array<[string, (o: readonly number[]) => string]> = [
    ['IPv4-mapped', (o) => `::ffff:${o.join('.')}`],
    ['NAT64', (o) => `64:ff9b::${o.join('.')}`],
    ['NAT64 (local-use)', (o) => `64:ff9b:1::${o.join('.')}`],
    ['6to4', (o) => `2002:${hex(o[0]!, o[1]!)}:${hex(o[2]!, o[3]!)}::1`],
    ['Teredo (client)', (o) => `2001:0:808:808::${hex(o[0]! ^ 0xff, o[1]! ^ 0xff)}:${hex(o[2]! ^ 0xff, o[3]! ^ 0xff)}`],
    ['Teredo (server)', (o) => `2001:0:${hex(o[0]!, o[1]!)}:${hex(o[2]!, o[3]!)}::f7f7:f7f7`],
  ]
  it.each(forms)('%s: public exactly when the IPv4 address is', (_form, embed) => {
    // Special blocks are small: half the samples are drawn from them, so both verdicts come up often.
    const special = fc.constantFrom(
      [10, 0, 0, 1],
      [127, 0, 0, 1],
      [169, 254, 169, 254],
      [172, 16, 5, 4],
      [192, 168, 1, 1],
      [100, 64, 0, 1],
      [198, 18, 0, 1],
      [192, 0, 2, 1],
      [0, 0, 0, 0],
      [224, 0, 0, 1],
    )
    const octets = fc.oneof(special, fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)))
    fc.assert(
      fc.property(octets, (o) => {
        expect(kindOf(embed(o)) === undefined).toBe(kindOf(o.join('.')) === undefined)
      }),
      { numRuns: 500 },
    )
  })
})
