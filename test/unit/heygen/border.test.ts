// The one border where HeyGen's values become the action's (src/heygen/outside.ts): what leaves the HeyGen client is
// typed by what it is safe for, so a raw answer string cannot be handed on where a safe value is expected.
import { readdirSync, readFileSync } from 'node:fs'
import nodePath from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { FailureDetails } from '../../../src/heygen/api-error.js'
import type { Generated, HeyGenClient, ProofreadDetail } from '../../../src/heygen/client.js'
import { described, type JobId, jobId, type Link, link, type OutsideText, outsideText, outsideWord } from '../../../src/heygen/outside.js'
import { fromOutside, type TranslationStatus } from '../../../src/heygen/status.js'
import { DOTNET_WHITE_SPACE, forgedCommands, LINE_BREAKS } from '../../helpers/runner-commands.js'

const HEYGEN = fileURLToPath(new URL('../../../src/heygen/', import.meta.url))

describe('the types that leave the HeyGen client', () => {
  it('every HeyGen value in them is a border type, never a plain string', () => {
    expectTypeOf<ProofreadDetail>().toEqualTypeOf<{ status: OutsideText; outputLanguage?: OutsideText; failureMessage?: OutsideText }>()
    expectTypeOf<Generated>().toEqualTypeOf<{ videoTranslateId: JobId; status: OutsideText }>()
    expectTypeOf<TranslationStatus['raw']>().toEqualTypeOf<OutsideText>()
    expectTypeOf<TranslationStatus['videoUrl']>().toEqualTypeOf<Link | undefined>()
    expectTypeOf<TranslationStatus['outputLanguage']>().toEqualTypeOf<OutsideText | undefined>()
    expectTypeOf<TranslationStatus['message']>().toEqualTypeOf<OutsideText | undefined>()
    expectTypeOf<FailureDetails['requestId']>().toEqualTypeOf<OutsideText | undefined>()
    expectTypeOf<FailureDetails['videoTranslateId']>().toEqualTypeOf<JobId | undefined>()
    expectTypeOf<Awaited<ReturnType<HeyGenClient['getCaptionUrl']>>>().toEqualTypeOf<Link | undefined>()
    // @ts-expect-error A raw string is not HeyGen's text made safe: only the border makes one.
    const raw: OutsideText = 'es\n::warning::x'
    expect(raw).toBeDefined()
  })

  it('only the border reads the rules of outside text: no other HeyGen module applies them by itself', () => {
    const modules = readdirSync(HEYGEN).filter((file) => file.endsWith('.ts') && file !== 'outside.ts')
    for (const file of modules) {
      expect(readFileSync(nodePath.join(HEYGEN, file), 'utf8'), file).not.toContain('util/outside-text')
    }
  })
})

describe('the border', () => {
  const hostile = DOTNET_WHITE_SPACE.map((space) => `es${LINE_BREAKS.map((br) => `${br}${space}::warning::x`).join('')}##[error]y`)

  it('text and words: one line, capped, and no runner command however the runner splits and trims it', () => {
    for (const value of hostile) {
      for (const safe of [outsideText(value), outsideWord(value), described(value)]) {
        expect(safe).not.toMatch(/[\r\n\u0085\u2028\u2029\u000b\u000c]/)
        expect(forgedCommands(`line ${safe}`)).toEqual([])
        expect(forgedCommands(safe)).toEqual([])
      }
    }
    expect(outsideWord('x'.repeat(1_000_000)).length).toBeLessThanOrEqual(100)
    expect(outsideText('x'.repeat(1_000_000)).length).toBeLessThanOrEqual(2048)
    expect(outsideText(42)).toBe('')
  })

  it('ids and links: kept when HeyGen could have sent them, refused otherwise', () => {
    expect(jobId('8ce0fba6c1bf41339f991dcc0a0fc3e6-es')).toBe('8ce0fba6c1bf41339f991dcc0a0fc3e6-es')
    for (const value of hostile) expect(jobId(value)).toBeUndefined()
    expect(jobId('../../etc/passwd')).toBeUndefined()
    expect(link('https://resource.heygen.ai/v.mp4?Signature=a%2Fb')).toBe('https://resource.heygen.ai/v.mp4?Signature=a%2Fb')
    for (const value of hostile) expect(link(`https://x.example/${value}`)).toBeUndefined()
    expect(link('javascript:alert(1)')).toBeUndefined()
  })

  it('a status answer crosses it whole: words safe, bad links dropped and described', () => {
    const status = fromOutside({ raw: hostile[6]!, videoUrl: `javascript:${hostile[6]}`, outputLanguage: hostile[7]!, message: hostile[8]! })
    expect(status.state).toBeUndefined()
    expect(status.videoUrl).toBeUndefined()
    expect(status.unusableLinks).toHaveLength(1)
    for (const text of [status.raw, status.outputLanguage, status.message, ...(status.unusableLinks ?? [])]) {
      expect(forgedCommands(`x ${text}`)).toEqual([])
      expect(text).not.toMatch(/[\r\n\u0085\u2028\u2029]/)
    }
  })
})
