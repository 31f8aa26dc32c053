// Which IP addresses are globally reachable unicast: an allow-list built from IANA's registries, so an address block
// nobody listed here (a new special range, an unassigned one) is refused rather than connected to.
//   IPv4: https://www.iana.org/assignments/iana-ipv4-special-registry (every entry whose "Globally Reachable" is not
//         True is refused) and https://www.iana.org/assignments/ipv4-address-space (224/4 multicast, 240/4 reserved).
//   IPv6: https://www.iana.org/assignments/iana-ipv6-special-registry and
//         https://www.iana.org/assignments/ipv6-address-space (only 2000::/3 is allocated as global unicast).
// Registries as of 2025-09. Conservative where a /24 or /23 block holds a few global anycast addresses (192.0.0.9,
// AS112, AMT): the whole block is refused, since no file host lives there.
// IPv4 carried inside IPv6 (mapped, compatible, NAT64, 6to4, Teredo) is judged as the IPv4 address it carries.
import { isIP } from 'node:net'

/** Why an address is not public: the word a user reads ("a loopback address"), and the IPv4 it carries, if any. */
export interface NotPublic {
  kind: string
  /** For IPv4 carried inside IPv6: the carried address and the form (`NAT64`, `6to4`...). */
  carried?: { ipv4: string; form: string }
}

type Block = [prefix: string, length: number, kind: string]

const IPV4_NOT_GLOBAL: Block[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol (not globally reachable)'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.31.196.0', 24, 'AS112 anycast'],
  ['192.52.193.0', 24, 'AMT anycast'],
  ['192.88.99.0', 24, '6to4 relay anycast (deprecated)'],
  ['192.168.0.0', 16, 'private'],
  ['192.175.48.0', 24, 'AS112 anycast'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast or reserved'],
  ['240.0.0.0', 4, 'multicast or reserved'],
]

/** Checked before the 2000::/3 rule: these say more than "outside global unicast". */
const IPV6_NOT_GLOBAL: Block[] = [
  ['::1', 128, 'loopback'],
  ['::', 128, 'unspecified'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol (not globally reachable)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment-routing'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local (cloud metadata)'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast or reserved'],
]

/** IPv6 blocks that carry an IPv4 address, and where its 4 bytes are. */
const CARRIERS: Array<{ prefix: string; length: number; form: string; at: number[][]; xor?: number }> = [
  { prefix: '::ffff:0:0', length: 96, form: 'IPv4-mapped', at: [[12, 13, 14, 15]] },
  { prefix: '::ffff:0:0:0', length: 96, form: 'IPv4-translated', at: [[12, 13, 14, 15]] },
  { prefix: '::', length: 96, form: 'IPv4-compatible', at: [[12, 13, 14, 15]] },
  { prefix: '64:ff9b::', length: 96, form: 'NAT64', at: [[12, 13, 14, 15]] },
  // Local-use NAT64 (RFC 8215): read as its common /96 layout; the rarer /48-/64 layouts (RFC 6052 §2.2) are not read.
  { prefix: '64:ff9b:1::', length: 48, form: 'NAT64 (local-use)', at: [[12, 13, 14, 15]] },
  { prefix: '2002::', length: 16, form: '6to4', at: [[2, 3, 4, 5]] },
  // Teredo: the server's IPv4, and the client's, stored inverted.
  { prefix: '2001::', length: 32, form: 'Teredo', at: [[4, 5, 6, 7]] },
  { prefix: '2001::', length: 32, form: 'Teredo', at: [[12, 13, 14, 15]], xor: 0xff },
]

const GLOBAL_UNICAST_V6: [Uint8Array, number] = [bytesOf('2000::'), 3]

const v4Blocks = IPV4_NOT_GLOBAL.map(([prefix, length, kind]) => ({ bytes: bytesOf(prefix), length, kind }))
const v6Blocks = IPV6_NOT_GLOBAL.map(([prefix, length, kind]) => ({ bytes: bytesOf(prefix), length, kind }))
const carriers = CARRIERS.map((carrier) => ({ ...carrier, bytes: bytesOf(carrier.prefix) }))

/** Why `address` (an IP literal, brackets and a zone allowed) is not globally reachable unicast; undefined when it is. */
export function notPublic(address: string): NotPublic | undefined {
  const bytes = bytesOf(address)
  if (bytes.length === 4) {
    const block = v4Blocks.find((b) => within(bytes, b.bytes, b.length))
    return block ? { kind: block.kind } : undefined
  }
  // ::1 and :: are themselves, not the IPv4-compatible 0.0.0.1 and 0.0.0.0.
  const own = v6Blocks.find((b) => b.length === 128 && within(bytes, b.bytes, b.length))
  if (own) return { kind: own.kind }
  let carries = false
  for (const carrier of carriers) {
    if (!within(bytes, carrier.bytes, carrier.length)) continue
    carries = true
    for (const places of carrier.at) {
      const ipv4 = places.map((i) => (bytes[i] ?? 0) ^ (carrier.xor ?? 0)).join('.')
      const inner = notPublic(ipv4)
      if (inner) return { kind: inner.kind, carried: { ipv4, form: carrier.form } }
    }
  }
  // Every IPv4 it carries is public: the mapped form is that address, the others reach it through a translator.
  if (carries) return undefined
  const block = v6Blocks.find((b) => within(bytes, b.bytes, b.length))
  if (block) return { kind: block.kind }
  return within(bytes, ...GLOBAL_UNICAST_V6) ? undefined : { kind: 'unallocated (outside global unicast 2000::/3)' }
}

/** True when the first `length` bits of `address` are those of `prefix` (both of one family). */
function within(address: Uint8Array, prefix: Uint8Array, length: number): boolean {
  if (address.length !== prefix.length) return false
  for (let bit = 0; bit < length; bit += 8) {
    const mask = length - bit >= 8 ? 0xff : (0xff << (8 - (length - bit))) & 0xff
    if (((address[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false
  }
  return true
}

/** The 4 or 16 bytes of an IP literal; empty for anything else. */
export function bytesOf(literal: string): Uint8Array {
  const address = literal.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  const family = isIP(address)
  if (family === 4) return Uint8Array.from(address.split('.').map(Number))
  if (family !== 6) return new Uint8Array()
  let text = address.toLowerCase()
  // A dotted tail (::ffff:1.2.3.4) is two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)))
  const front = groupsOf(head)
  const back = tail === undefined ? [] : groupsOf(tail)
  const groups = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back]
  return Uint8Array.from(groups.flatMap((group) => [group >> 8, group & 0xff]))
}
