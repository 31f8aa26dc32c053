// The start-up baseline: what a workflow could do without the action, as a bare node script.
// Exactly one generate call with fetch (same headers and body as the action sends; v3's route when BENCH_API_VERSION
// is v3), read the JSON, print the id. Plain .mjs on purpose: no TypeScript stripping, nothing loaded that the call does not need.
const { BENCH_BASE_URL: base, BENCH_API_KEY: key, BENCH_PROOFREAD_ID: id, BENCH_API_VERSION: version } = process.env
const v3 = version === 'v3'
const route = v3
  ? `/v3/video-translations/proofreads/${encodeURIComponent(id)}/generate`
  : `/v2/video_translate/proofread/${encodeURIComponent(id)}/generate`

const response = await fetch(`${base}${route}`, {
  method: 'POST',
  headers: { 'x-api-key': key, 'content-type': 'application/json' },
  body: JSON.stringify({ captions: false, translate_audio_only: false }),
})
const body = await response.json()
const videoTranslateId = v3 ? body?.data?.video_translation_id : body?.data?.video_translate_id
if (!response.ok || typeof videoTranslateId !== 'string') {
  console.error(`generate answered HTTP ${response.status}: ${JSON.stringify(body)}`)
  process.exit(1)
}
console.log(videoTranslateId)
