// Numbers as a person reads them in a log.

/** 75 s -> "1m 15s". */
export function formatElapsed(ms: number): string {
  // Sub-10-second values keep a decimal: a 0.2 s poll interval must not read "0s".
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(1))}s`
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h) return `${h}h ${m}m`
  if (m) return `${m}m ${s}s`
  return `${s}s`
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1073741824) return `${(bytes / 1073741824).toFixed(2)} GiB`
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} B`
}
