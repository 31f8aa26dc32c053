// Issue 27: an input a user got nearly right is refused with the fix in the error, before anything is sent.
import { describe, expect, it } from 'vitest'
import { compoundHint } from '../../../src/action/config/duration.js'
import { inputError, isolateEnv, settingsWith } from '../_env.js'

isolateEnv()

describe('a duration written in two units', () => {
  it('wait_timeout: 1h30 says "did you mean 90m?"', () => {
    const error = inputError({ wait_timeout: '1h30' })
    expect(error.input).toBe('wait_timeout')
    expect(error.message).toContain('got "1h30": did you mean 90m?')
  })

  it.each([
    ['1h30m', '90m'],
    ['2h0m', '2h'],
    ['2m30s', '150s'],
    ['2m30', '150s'],
    ['1h 15', '75m'],
  ])('%s suggests %s', (raw, hint) => {
    expect(compoundHint(raw)).toBe(hint)
  })

  it('a value that is no pair of units gets no guess', () => {
    expect(inputError({ wait_timeout: '5 minutes' }).message).not.toContain('did you mean')
    expect(compoundHint('1h1h')).toBeUndefined()
  })
})

describe('a size in SI units', () => {
  it('max_download_size: 1GB says to write 1GiB', () => {
    const error = inputError({ max_download_size: '1GB' })
    expect(error.input).toBe('max_download_size')
    expect(error.message).toContain('did you mean 1GiB?')
  })

  it('500mb says 500MiB', () => {
    expect(inputError({ max_download_size: '500mb' }).message).toContain('did you mean 500MiB?')
  })
})

describe('a proofread page link pasted as the id', () => {
  it('says it is a link and gives the id at its end', () => {
    const error = inputError({ proofread_id: 'https://app.heygen.com/video-translate/proofread/8f3c2a9e71?tab=es' })
    expect(error.input).toBe('proofread_id')
    expect(error.message).toContain('that is a link, not an id: use the id at its end (8f3c2a9e71)')
  })

  it('in a list, names the link among the ids', () => {
    const error = inputError({ proofread_id: 'pr_es\napp.heygen.com/proofread/pr_fr' })
    expect(error.message).toContain('use the id at its end (pr_fr)')
  })

  it('a resumed job given as a link is refused the same way', () => {
    const error = inputError({ proofread_id: '', video_translate_id: 'https://app.heygen.com/videos/vt_9' })
    expect(error.input).toBe('video_translate_id')
    expect(error.message).toContain('(vt_9)')
  })

  it('a link to a host alone says where the id is', () => {
    expect(inputError({ proofread_id: 'https://app.heygen.com/' }).message).toContain('use the id from the end of the proofread page link')
  })

  it('an ordinary id (with a slash or dots) is still taken as it is', () => {
    expect(settingsWith({ proofread_id: 'a/b' }).work.proofreadIds).toEqual(['a/b'])
    expect(settingsWith({ proofread_id: 'pr.1' }).work.proofreadIds).toEqual(['pr.1'])
  })
})

describe('poll_interval has a floor of 1 s against HeyGen', () => {
  it('0.5 against api.heygen.com is refused, saying the floor', () => {
    const error = inputError({ poll_interval: '0.5' })
    expect(error.input).toBe('poll_interval')
    expect(error.message).toContain('at least 1 s')
  })

  it('1 s against HeyGen is fine', () => {
    expect(settingsWith({ poll_interval: '1s' }).timing.pollIntervalMs).toBe(1000)
  })

  it('a local sandbox may be polled faster', () => {
    expect(settingsWith({ poll_interval: '0.2', base_url: 'http://127.0.0.1:8787' }).timing.pollIntervalMs).toBe(200)
  })
})
