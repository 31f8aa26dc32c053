// Outside text (src/util/outside-text.ts): what HeyGen or a file host sends is shown as data, one line, bounded,
// and never as a workflow command; ids and links are used only when they are what they claim to be.
import { describe, expect, it } from 'vitest'
import { inert, isSafeId, isSafeUrl, MAX_OUTSIDE_CHARS } from '../../../src/util/outside-text.js'

/** A line the runner would act on: `::` first (after spaces), or `##[` anywhere. */
function runnerCommand(line: string): boolean {
  return line.trimStart().startsWith('::') || line.includes('##[')
}

describe('inert', () => {
  it('leaves plain text as it is', () => {
    expect(inert('Lip sync failed: no face detected in segment 3')).toBe('Lip sync failed: no face detected in segment 3')
    expect(inert('https://files.example.com/v.mp4?X-Amz-Signature=abc')).toBe('https://files.example.com/v.mp4?X-Amz-Signature=abc')
  })

  it('given an id that ends the line and issues commands, shows it on one line with the breaks written out', () => {
    const shown = inert('vid1\n::error file=.github/workflows/release.yml,line=1::INJECTED\n::stop-commands::tok')
    expect(shown).toBe('vid1\\n::error file=.github/workflows/release.yml,line=1::INJECTED\\n::stop-commands::tok')
    expect(shown.split(/\r\n|\r|\n/)).toHaveLength(1)
  })

  it.each([
    ['##[add-mask]x', '## [add-mask]x'],
    ['ok ##[set-output name=video_path;]/etc/shadow', 'ok ## [set-output name=video_path;]/etc/shadow'],
    ['::warning::x', ': :warning::x'],
    ['  ::error::x', '  : :error::x'],
    ['a\r::error::x', 'a\\r::error::x'],
    ['a\u2028::error::x\u0085b', 'a\\u2028::error::x\\u0085b'],
    ['\u001b[31mred', '\\u001b[31mred'],
    ['a\u202eb', 'a\\u202eb'],
  ])('%j becomes %j', (text, shown) => {
    expect(inert(text)).toBe(shown)
    expect(runnerCommand(inert(text))).toBe(false)
  })

  it('cuts a 5 MB message to 2 KiB and says how much was left out', () => {
    const message = `Render failed:${' segment failed to render;'.repeat(200_000)}`
    const shown = inert(message)
    expect(shown.length).toBeLessThanOrEqual(MAX_OUTSIDE_CHARS)
    const left = Number(/\.\.\. \((\d+) more characters\)$/.exec(shown)?.[1])
    expect(shown.length - `... (${left} more characters)`.length + left).toBe(message.length)
  })

  it('counts an escape in the limit, and cuts between characters, never inside an escape', () => {
    const shown = inert('\n'.repeat(5000), 100)
    expect(shown.length).toBeLessThanOrEqual(100)
    expect(shown).toMatch(/^(\\n)+\.\.\. \(\d+ more characters\)$/)
  })

  it('changes nothing more when applied twice', () => {
    for (const text of ['##[x', '::a', 'a\nb', 'x'.repeat(5000), '\u0085'.repeat(3000)]) expect(inert(inert(text))).toBe(inert(text))
  })
})

describe('isSafeId', () => {
  it.each(['vt-1', 'a3f9c2e1b7d44f0e9a1c5b2d8e6f4a10', 'video_translate.2:x', 'A'.repeat(200)])('%j is an id', (id) => {
    expect(isSafeId(id)).toBe(true)
  })

  it.each(['', 'vid1\n::error::x', '-vt', '.vt', ':vt', 'vt 1', 'vt/1', '..', 'A'.repeat(201), 'vt%0A', 'vt#1', 'vt?x', 'vidé'])(
    '%j is not',
    (id) => {
      expect(isSafeId(id)).toBe(false)
    },
  )
})

describe('isSafeUrl', () => {
  it.each(['https://files.example.com/v.mp4?sig=a%2Fb&x=1', 'http://127.0.0.1:8788/videos/vt-1.mp4'])('%j is a link', (url) => {
    expect(isSafeUrl(url)).toBe(true)
  })

  it.each([
    'javascript:alert("x")//\n::error file=x,line=1::INJECTED',
    'data:text/html,x',
    'file:///etc/passwd',
    'https://a.example/x y',
    "https://a.example/x'y",
    'https://a.example/x"y',
    'https://a.example/x\ny',
    'https://a.example/<b>',
    'https://',
    ` https://a.example/`,
    `https://a.example/${'x'.repeat(9000)}`,
  ])('%j is not', (url) => {
    expect(isSafeUrl(url)).toBe(false)
  })
})
