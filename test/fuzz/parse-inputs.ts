// The in-process reading of the inputs that every input fuzz file shares: INPUT_* set as the runner sets them, then
// src/'s parser. It is the oracle of "valid" for the step properties (inputs-step.property.test.ts) and for the
// bundle's agreement with src/ (inputs.property.test.ts).
import { actionDefaults, inputVariable } from '../../sandbox/run-action.ts'
import { getConfig, type Config } from '../../src/action/config/inputs.js'
import { parseMinBalance } from '../../src/action/config/min-balance.js'
import { forgetSecrets } from '../../src/action/runner/runner.js'
import { KEY } from './contract.ts'

export const DEFAULTS = actionDefaults()
export const INPUTS = Object.keys(DEFAULTS)
/** FUZZ_SCALE=10 multiplies the run counts of the step properties, for a longer hunt than the default test run affords. */
export const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1)

export type Outcome = { settings: Config } | { error: unknown }

/** The INPUT_* variables parse() has set. */
const written = new Set<string>()

/** Sets INPUT_* as the runner does (every declared input, defaults filled in), then parses. */
export function parse(inputs: Record<string, string>): Outcome {
  // The same environment as clearing every INPUT_* and setting them all, but only what changed is written: a write to
  // process.env is a setenv, and a fuzz file parses thousands of times.
  const wanted = new Map(Object.entries({ ...DEFAULTS, ...inputs }).map(([name, value]) => [inputVariable(name), value]))
  // Only a variable an earlier parse set can be left over (listing process.env took a third of a parse); every declared
  // input is in `wanted`, so what anyone else set beside them is never read.
  for (const name of written) if (!wanted.has(name)) delete process.env[name]
  for (const [name, value] of wanted) {
    if (process.env[name] !== value) process.env[name] = value
    written.add(name)
  }
  // The parser masks the key and URL passwords (::add-mask:: on stdout): thousands of such lines are only noise here,
  // and writing them costs a third of a parse.
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  try {
    const settings = getConfig()
    // Read before any request beside the settings (inputs/before-requests.ts).
    parseMinBalance((process.env.INPUT_MIN_BALANCE ?? '').trim())
    return { settings }
  } catch (error) {
    return { error }
  } finally {
    process.stdout.write = write
    // Each parse is a step of its own: the fuzzed keys it masked must not redact the next one's text, or another file's.
    forgetSecrets()
  }
}

/** The value as the action reads it back from its environment: NUL ends it, lone surrogates become U+FFFD, then trimmed. */
export function seenByAction(name: string): string {
  return (process.env[inputVariable(name)] ?? '').trim()
}

export const BASE: Record<string, string> = { api_key: KEY, proofread_id: 'pr_fuzz_1' }
