// undici's own files for the two pieces a download needs, so the download module does not load
// (and parse) the whole library: ~70 ms less start-up on every download (see BENCHMARKS.md).
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici'
  export default Agent
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici'

  /** Dispatcher#request, unbound: call it with the dispatcher as `this`. */
  const request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>
  export default request
}
