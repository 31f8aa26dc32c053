// Preloaded with `node --import` by the benchmarks: on exit, writes this process's peak resident set size
// (process.resourceUsage().maxRSS, in KiB) to the file named by BENCH_RSS_FILE. Nothing else, so it adds
// next to nothing to what it measures; timed runs are separate and never load it.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS))
  })
}
