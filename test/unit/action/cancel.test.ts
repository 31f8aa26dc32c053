// What a cancel tells the user about each job: only what HeyGen may still render is "still rendering".
import { describe, expect, it } from 'vitest'
import { describeCancel, withoutRepeatedHint } from '../../../src/action/report/cancel.js'
import { resumeHint } from '../../../src/action/report/result.js'

const SETTINGS = {
  heygen: { apiVersion: 'auto' as const, request: { captions: false, translate_audio_only: false } },
  files: { downloadPath: 'videos/' },
}

describe('describeCancel', () => {
  const report = describeCancel(
    [
      {
        begun: true,
        id: 'vt-saved',
        status: 'success',
        result: { proofread_id: 'a', video_translate_id: 'vt-saved', status: 'success', video_path: '/w/videos/vt-saved.mp4' },
      },
      { begun: true, id: 'vt-bad', status: 'failed', result: { proofread_id: 'b', video_translate_id: 'vt-bad', status: 'failed' } },
      { begun: true, id: 'vt-render', status: 'running' },
      { begun: true, id: 'vt-fetch', status: 'success' },
      { begun: true, id: '', status: '' },
      { begun: false, id: '', status: '' },
      { begun: false, id: '', status: '' },
    ],
    SETTINGS,
  )

  it('sorts the jobs by what HeyGen may still do with them, and says where finished files are', () => {
    expect(report.text.split('\n').slice(0, 5)).toEqual([
      'HeyGen may still be rendering these jobs (each billed once, not cancelled there): vt-render.',
      'Rendered at HeyGen, but the download was cut short: vt-fetch.',
      'Finished before the cancel: vt-saved (saved to /w/videos/vt-saved.mp4), vt-bad (failed at HeyGen).',
      'No video_translate_id was received yet for 1 proofread; if a generate call was in flight, check HeyGen before running again.',
      '2 proofreads had not begun: nothing was sent for them.',
    ])
  })

  it('gives one resume block to each job that can be resumed, none to the finished ones', () => {
    expect(report.resumable).toEqual(['vt-render', 'vt-fetch'])
    expect(report.text.split('video_translate_id: vt-render')).toHaveLength(2)
    expect(report.text.split('video_translate_id: vt-fetch')).toHaveLength(2)
    expect(report.text).not.toContain('video_translate_id: vt-saved')
  })

  it('the error of a job whose block the warning printed points there instead of repeating it', () => {
    const error = `the step was cancelled (SIGINT)\n${resumeHint('vt-render', SETTINGS)}`
    const result = withoutRepeatedHint({ proofread_id: 'c', video_translate_id: 'vt-render', status: 'running', error }, report, SETTINGS)
    expect(result.error).toBe('the step was cancelled (SIGINT)\nvideo_translate_id vt-render: its resume block is in the cancel warning above.')
  })
})
