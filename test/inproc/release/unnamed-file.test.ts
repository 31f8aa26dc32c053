// Publishing with download_path's {language_code}: a language no BCP 47 code stands for cannot name the file, nor
// therefore its asset. The step refuses before paying with the words of a step that does not publish, and the
// release is left as it was (found by c1's placeholder work: it used to end in "Unexpected failure").
import { expect, it } from 'vitest'
import { errorOf } from '../harness.ts'
import { useRelease } from '../release-harness.ts'

const { sandbox, github, publish } = useRelease('sk-e2e-Rl3a-Unnamed-7Qx', 5)

it('a language with no BCP 47 code is refused before paying, naming the {language} to use, and the release is untouched', async () => {
  const run = await publish({ proofread_id: 'launch-es\nlaunch-xx', download_path: 'videos/{language_code}.mp4', api_version: 'v3' })
  expect(run.code).toBe(1)
  const error = errorOf(run)
  expect(error).not.toContain('Unexpected failure')
  expect(error).toContain('HeyGen\'s language "Sindarin (Rivendell)" has no BCP 47 code')
  expect(error).toContain('use {language} (sindarin-rivendell) instead')
  expect(error).toContain('no credits were spent')
  expect(sandbox.generateCalls()).toEqual([])
  expect(github.assets()).toEqual([])
  expect(JSON.parse(run.outputs.results ?? '[]')).toMatchObject([
    { proofread_id: 'launch-es', status: 'not_started' },
    { proofread_id: 'launch-xx', status: 'not_started' },
  ])
})
