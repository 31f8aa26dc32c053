// What is checked after the inputs are read and before any request (free or paid): undeclared inputs, min_balance,
// and whether download_path's folder can be made and written. One call from main.ts.
import { checkDownloadFolder } from './download-folders.js'
import { refuseUndeclaredInputs } from './declared.js'
import type { Config } from './inputs.js'
import { type MinBalance, parseMinBalance } from './min-balance.js'
import { getInput } from '../runner/runner.js'

export interface EarlyChecks {
  /** min_balance, when set. */
  minBalance?: MinBalance
}

/** Throws an InputError naming the input for the first problem; nothing has been sent yet. */
export function checkBeforeRequests(config: Config): EarlyChecks {
  refuseUndeclaredInputs()
  const minBalance = parseMinBalance(getInput('min_balance'))
  if (config.files.downloadPath) {
    checkDownloadFolder(config.files.downloadPath, process.env.GITHUB_WORKSPACE || process.cwd())
  }
  return minBalance ? { minBalance } : {}
}
