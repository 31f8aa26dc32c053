// Issue 23: the config is what the inputs mean, parsed once, grouped and readonly all the way down. The type checker
// (`npm run typecheck`, part of `npm run lint`) proves nothing writes it: each write below must stay a type error,
// or its @ts-expect-error fails the check. The debug line prints it with no secret in any group.
import { describe, expect, it } from 'vitest'
import type { Config } from '../../../src/action/config/inputs.js'
import { printableConfig } from '../../../src/action/config/printable.js'
import { isolateEnv, setInputs, settingsWith } from '../_env.js'

/** Never called: the type checker reads it. */
export function writesTheConfig(config: Config): void {
  // @ts-expect-error a group cannot be replaced
  config.heygen = { ...config.heygen }
  // @ts-expect-error nor a value in it
  config.heygen.apiKey = 'sk_other'
  // @ts-expect-error nor the request body HeyGen is sent
  config.heygen.request.captions = true
  // @ts-expect-error nor a timeout
  config.timing.waitTimeoutMs = 0
  // @ts-expect-error nor where files go
  config.files.downloadPath = 'elsewhere/'
  // @ts-expect-error nor the work list: what is left to do is the plan's
  config.work.proofreadIds[0] = 'pr_other'
  // @ts-expect-error nor whether the step waits
  config.work.wait = false
  // @ts-expect-error nor the release to publish to
  if (config.publish) config.publish.token = 'ghs_other'
}

describe('the config', () => {
  isolateEnv()

  it('groups the inputs by what they govern: heygen, timing, files, publish, work', () => {
    process.env.GITHUB_REPOSITORY = 'acme/videos'
    const config = settingsWith({ proofread_id: 'pr_1, pr_2', release: 'v1.0.0', github_token: 'ghs_token', download_path: 'videos/' })
    expect(Object.keys(config).sort()).toEqual(['files', 'heygen', 'publish', 'timing', 'work'])
    expect(config.work.proofreadIds).toEqual(['pr_1', 'pr_2'])
    expect(config.files.downloadPath).toBe('videos/')
    expect(config.publish).toMatchObject({ release: 'v1.0.0', repository: 'acme/videos', republish: false })
  })

  it('prints with the key, the GitHub token and callback credentials masked, everything else as parsed', () => {
    process.env.GITHUB_REPOSITORY = 'acme/videos'
    setInputs({ callback_url: 'https://hookuser:hookpass@hooks.example.com/heygen' })
    const config = settingsWith({ release: 'v1.0.0', github_token: 'ghs_Secr3tToken' }, 'sk_test_Secr3tKey')
    const printed = JSON.stringify(printableConfig(config))
    for (const secret of ['sk_test_Secr3tKey', 'ghs_Secr3tToken', 'hookuser', 'hookpass']) expect(printed).not.toContain(secret)
    expect(JSON.parse(printed)).toEqual({
      ...config,
      heygen: {
        ...config.heygen,
        apiKey: '(masked)',
        request: { ...config.heygen.request, callback_url: 'https://***:***@hooks.example.com/heygen' },
      },
      publish: { ...config.publish, token: '(masked)' },
    })
  })
})
