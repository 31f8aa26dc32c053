// One place turns the step's settings into a HeyGen client, for the real run and the dry run alike.
import { HeyGenClient } from '../heygen/client.js'
import type { RateLimitPause } from '../heygen/retry.js'
import type { Transport } from '../transport/http.js'
import type { Settings } from './inputs.js'

export function clientFor(settings: Settings, transport: Transport, pause: RateLimitPause, onRetry?: (message: string) => void): HeyGenClient {
  return new HeyGenClient({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    version: settings.apiVersion,
    transport,
    pause,
    ...(onRetry ? { onRetry } : {}),
  })
}
