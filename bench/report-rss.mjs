// Preloaded with `node --import` by the benchmarks: on exit, writes this process's peak resident set size
// (process.resourceUsage().maxRSS, in KiB) and the CPU time it used (user + system, ms) to the file named by
// BENCH_RSS_FILE. Nothing else, so it adds next to nothing to what it measures.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    writeFileSync(file, `${usage.maxRSS} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`)
  })
}
