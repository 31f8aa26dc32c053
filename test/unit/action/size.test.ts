// max_download_size as a user writes it.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/action/config/errors.js'
import { parseSize } from '../../../src/action/config/size.js'

describe('parseSize', () => {
  it.each([
    ['8GiB', 8 * 1024 ** 3],
    ['8G', 8 * 1024 ** 3],
    ['500MiB', 500 * 1024 ** 2],
    ['64KiB', 64 * 1024],
    ['1.5 GiB', 1.5 * 1024 ** 3],
    ['1TiB', 1024 ** 4],
    ['1048576', 1048576],
    ['2048b', 2048],
  ])('%s is %d bytes', (raw, bytes) => {
    expect(parseSize('max_download_size', raw)).toBe(bytes)
  })

  it.each(['', '0', '1000', 'big', '8GB', '8 gigabytes', '-1GiB', '1e9', '9999999999TiB'])(
    '%j is refused naming the input and the forms it takes',
    (raw) => {
      let error: unknown
      try {
        parseSize('max_download_size', raw)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).input).toBe('max_download_size')
      expect((error as Error).message).toContain('64KiB, 500MiB, 8GiB or 1TiB')
    },
  )
})
