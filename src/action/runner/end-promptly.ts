// Ends the process once the step has said everything: outputs, the summary and the log are written by then, and
// waiting for Node to tear down what is left (keep-alive sockets, timers of finished waits) only adds to the step.

/** Resolves when a stream has handed every earlier write to the system (at once for a file or a terminal). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve()
    stream.write('', () => resolve())
  })
}

/** After `run()`: flushes stdout and stderr (a pipe may be asynchronous off Linux), then exits with the step's code. */
export async function endPromptly(): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)])
  process.exit()
}
