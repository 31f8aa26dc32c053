// The runner's entry point: runs the action, then ends at once (nothing is left to do once run() returns).
import { endPromptly } from './action/runner/end-promptly.js'
import { run } from './main.js'

await run()
await endPromptly()
