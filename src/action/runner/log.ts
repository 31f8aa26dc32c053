import * as runner from './runner.js'

/** Where one proofread's lines go: with several proofreads each line carries its id, so interleaved work stays readable. */
export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

export function prefixedLog(prefix: string): Log {
  const p = prefix ? `[${prefix}] ` : ''
  return {
    info: (message) => runner.info(`${p}${message}`),
    warning: (message) => runner.warning(`${p}${message}`),
    debug: (message) => runner.debug(`${p}${message}`),
  }
}
