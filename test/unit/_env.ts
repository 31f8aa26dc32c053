// Gives each test a clean slate of action inputs and runner variables, and puts the real environment back afterwards.
import { afterEach, beforeEach, expect } from 'vitest'
import { InputError } from '../../src/action/config/errors.js'
import { getConfig } from '../../src/action/config/inputs.js'

const OWNED = /^(INPUT_|GITHUB_|RUNNER_)|^HEYGEN_API_KEY$|^(HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy)$/

export function isolateEnv(): void {
  let saved: NodeJS.ProcessEnv = {}
  beforeEach(() => {
    saved = { ...process.env }
    for (const name of Object.keys(process.env)) if (OWNED.test(name)) delete process.env[name]
  })
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  })
}

/** Sets action inputs the way the runner does: `INPUT_<NAME>`. */
export function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
}

/** The error a synchronous call throws, or a failure when it does not throw. */
export function thrownBy(call: () => unknown): Error {
  try {
    call()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to throw, but it returned')
}

/** The config of a minimal valid `with:` block (this key, proofread pr_1) plus the given inputs. */
export function settingsWith(inputs: Record<string, string> = {}, key = 'sk_test_Secr3tKey') {
  setInputs({ api_key: key, proofread_id: 'pr_1', ...inputs })
  return getConfig()
}

/** The InputError a `with:` block produces. */
export function inputError(inputs: Record<string, string>, key?: string): InputError {
  const error = thrownBy(() => settingsWith(inputs, key))
  expect(error).toBeInstanceOf(InputError)
  return error as InputError
}
