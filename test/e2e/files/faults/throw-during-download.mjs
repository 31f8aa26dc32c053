// Test-only fault, loaded into the action's process with NODE_OPTIONS=--import by the end-to-end tests alone; it is no
// part of src/ or dist/, so no input or variable of a workflow can switch it on in the published action. It stands for
// a dependency that throws where the action cannot catch it (as undici 7 did, issue 5360): once a video's answer head
// has arrived and its body is streaming to disk, an exception is thrown from a timer (FAULT_DURING_DOWNLOAD=throw) or a
// promise is rejected with no handler (FAULT_DURING_DOWNLOAD=reject).
import diagnostics from 'node:diagnostics_channel'

const mode = process.env.FAULT_DURING_DOWNLOAD
const afterMs = Number(process.env.FAULT_AFTER_MS ?? '300')
let fired = false

diagnostics.subscribe('undici:request:headers', ({ request, response }) => {
  if (fired || !String(request.path).startsWith('/videos/') || response.statusCode !== 200) return
  fired = true
  setTimeout(() => {
    const fault = new Error(`injected ${mode} during the download of ${request.path}`)
    if (mode === 'reject') void Promise.reject(fault)
    else throw fault
  }, afterMs)
})
