// The runner cancels a step with SIGINT (then SIGTERM): stop within two seconds, say what is still
// running at HeyGen and how to resume it, and leave no partial file behind.
import * as runner from './runner.js'

export class CancelledError extends Error {
  constructor(signal: string) {
    super(`the step was cancelled (${signal})`)
    this.name = 'CancelledError'
  }
}

export interface CancelOptions {
  controller: AbortController
  /** What to tell the user about jobs that keep running at HeyGen. */
  describeRunning: () => string
  /** Synchronous clean-up for when unwinding takes too long. */
  cleanupSync: () => void
  /** Hard stop after this long, whatever is still unwinding. */
  graceMs?: number
}

/** Installs the handlers; the returned function removes them. */
export function onCancel(options: CancelOptions): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (options.controller.signal.aborted) return
    runner.warning(`Cancelled by ${signal}. ${options.describeRunning()}`)
    options.controller.abort(new CancelledError(signal))
    const timer = setTimeout(() => {
      options.cleanupSync()
      process.exit(1)
    }, options.graceMs ?? 1500)
    timer.unref()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
