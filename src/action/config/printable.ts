// The config as the debug line prints it: the key and the GitHub token replaced, callback credentials masked.
import { printableRequest } from './callback-url.js'
import type { Config } from './inputs.js'

/** A copy of the config that is safe to log: no secret in any group. */
export function printableConfig(config: Config): Config {
  return {
    ...config,
    heygen: { ...config.heygen, apiKey: '(masked)', request: printableRequest(config.heygen.request) },
    publish: config.publish ? { ...config.publish, token: '(masked)' } : undefined,
  }
}
