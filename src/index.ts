// The runner's entry point: runs the action, nothing else.
import { run } from './main.js'

await run()
