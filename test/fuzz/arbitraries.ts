// Hostile and odd input values for the property tests: arbitrary text in every Unicode shape, control
// characters, very long values, URL-shaped strings and id lists. Shared by the in-process and end-to-end layers.
import fc from 'fast-check'

/** Characters that break naive parsers: C0/C1 controls, DEL, Unicode line and paragraph separators, bidi and zero-width marks. */
export const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  ' ',
  '%',
  '%0A',
  '%2F',
  '%2e',
  '\\',
  '/',
  '?',
  '#',
  '&',
  ',',
  ';',
  ':',
  '::',
  '`',
  '"',
  "'",
  '<',
  '>',
  '$',
  '{',
  '}',
  '..',
  '.',
  '~',
  '*',
  '😀',
  'é',
  'e\u0301',
  'ß',
  'İ',
  'ＡＰＩ',
  'a',
  'Z',
  '0',
  '9',
  '-',
  '_',
] as const

/** Text made of the characters above mixed with plain ones. */
export const nastyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({ unit: fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), maxLength })

/** A long value (1k–10k UTF-16 units) built from a short repeated piece, so generating it stays cheap. */
export const longText = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 1000, max: 10_000 }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length))

/** Scheme, credentials, host, port, path, query and fragment, in well- and badly-formed combinations. */
export const urlShaped = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https'] }),
    fc.webUrl({ authoritySettings: { withUserInfo: true, withPort: true, withIPv4: true, withIPv6: true } }),
    fc
      .record({
        scheme: fc.constantFrom(
          'https://',
          'http://',
          'HTTPS://',
          'javascript:',
          'file://',
          'file:///',
          'data:text/html,',
          'ftp://',
          'ws://',
          '//',
          'https:',
          'https:/',
          'https:\\\\',
          '',
          ' https://',
          'h\ttps://',
        ),
        userinfo: fc.constantFrom('', 'user@', 'user:pass@', ':@', '@', 'sk_fuzz@'),
        host: fc.constantFrom(
          'api.heygen.com',
          'localhost',
          'LOCALHOST',
          '127.0.0.1',
          '127.1',
          '0x7f.0.0.1',
          '[::1]',
          '[::ffff:127.0.0.1]',
          'localhost.',
          'evil.com',
          'api.heygen.com.evil.com',
          'exämple.com',
          'xn--exmple-cua.com',
          '',
          '%6c%6f%63%61%6c%68%6f%73%74',
          'a b',
        ),
        port: fc.constantFrom('', ':', ':0', ':443', ':8080', ':65535', ':65536', ':99999', ':-1', ':abc'),
        path: fc.constantFrom('', '/', '/..', '/../', '/./', '/v2', '/%2e%2e/', '/..%2f..%2fetc', '//x', '/a b', '/\u0000', '\\..\\'),
        query: fc.constantFrom('', '?', '?a=1', '?x=%00'),
        hash: fc.constantFrom('', '#', '#frag'),
      })
      .map(({ scheme, userinfo, host, port, path, query, hash }) => `${scheme}${userinfo}${host}${port}${path}${query}${hash}`),
    fc.constantFrom(
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:,hello',
      'mailto:a@b.c',
      'about:blank',
      'http://',
      'https://',
      'https://?',
      'https://#',
    ),
  )

/** One id-like token: plain ids, path tricks, Unicode, separators' neighbours. */
export const idLike = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/) },
    { weight: 2, arbitrary: nastyText(12) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '.',
        '..',
        '...',
        '%2e%2e',
        '..%2f..%2fadmin',
        'a/b',
        '../generate',
        '?x=1#y',
        'a;b',
        '%',
        '%zz',
        'x'.repeat(201),
        'é'.repeat(200),
      ),
    },
  )

/** A list of ids joined with the separators the input accepts (and some it should tolerate). */
export const idList = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(idLike(), { minLength: 0, maxLength: 5 }), fc.constantFrom(',', '\n', ', ', '\r\n', ',,', ' \n ', '\n\n', ' , '))
    .map(([ids, separator]) => ids.join(separator))

/** Number-ish text for durations and counts. */
export const numberish = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: -10, max: 100 }).map(String),
    fc.double({ noNaN: false }).map(String),
    fc
      .tuple(
        fc.constantFrom('', '0', '00', '1', '5', '60', '604800', '604801', '999999999999'),
        fc.constantFrom('', '.', '.0', '.5', '.0001', '.0004', '.00049', '.0005', '.000000001', '.999'),
        fc.constantFrom('', ' ', '  '),
        fc.constantFrom('', 's', 'ms', 'm', 'h', 'H', 'MS', 'd', 'sec', 'µs'),
      )
      .map(([whole, fraction, space, unit]) => `${whole}${fraction}${space}${unit}`),
    fc.constantFrom('1e3', '0x10', 'Infinity', '-0', '+5', '٣', '５', '1_000', '1,5', '30 s', ' 30 ', '0.0001', '0.4ms', '64', '65', '0064'),
  )

/** Spellings of booleans, valid and not. */
export const booleanish = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('true', 'True', 'TRUE', 'false', 'False', 'FALSE', '', 'yes', 'no', 'on', 'off', '1', '0', 'tRUE', 'true ', ' false', 'ｔｒｕｅ'),
    nastyText(8),
  )

/** Anything at all: the union of every shape above, plus raw arbitrary strings in each fast-check unit. */
export const anyText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'grapheme-composite' }),
    fc.string({ unit: 'binary' }),
    nastyText(),
    longText(),
    urlShaped(),
    idList(),
    numberish(),
    booleanish(),
  )

/** What a value looks like after the runner passed it through the environment (UTF-8: lone surrogates become U+FFFD; no NUL). */
export function throughEnv(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}

/** The runner cannot pass a NUL in an environment variable (the OS strings end there). */
export function passableByRunner(value: string): boolean {
  return !value.includes('\u0000')
}
