// The step's lifecycle as one object: its record, its early id output, its deadline, its report claim, its signal and
// crash handlers, its partial files. Two StepRuns never share anything.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StepDeadlineError, StepRun } from '../../../src/action/step/step-run.js'
import { stepTiming } from '../../../src/util/timing.js'
import { isolateEnv, settingsWith } from '../_env.js'

isolateEnv()

let written: string[]
let step: StepRun

beforeEach(() => {
  written = []
  step = new StepRun(stepTiming({ deadlineGraceMs: 5, outputWriteGapMs: 1, cancelGraceMs: 60_000 }), (value) => written.push(value))
})

afterEach(() => {
  step.close()
  vi.useRealTimers()
})

describe('StepRun', () => {
  it('keeps one record per entry: begun, job id, live and final result, in input order', () => {
    const settings = settingsWith({ proofread_id: 'pr_1, pr_2' })
    const progress = step.track(settings, undefined, ['pr_1', 'pr_2'])
    step.begin(1)
    const live = { proofread_id: 'pr_2', video_translate_id: 'vt_2', status: 'pending' }
    step.jobStarted(1, 'vt_2', live)
    expect(progress.begun).toEqual([false, true])
    expect(progress.ids).toEqual(['', 'vt_2'])
    expect(step.jobId(1)).toBe('vt_2')
    expect(progress.live[1]).toBe(live)
    step.finish(1, { ...live, status: 'success' })
    expect(progress.finished[1]?.status).toBe('success')
  })

  it('writes the video_translate_id output as soon as the first job starts, a blank line for the others', () => {
    step.track(settingsWith({ proofread_id: 'pr_1, pr_2' }), undefined, ['pr_1', 'pr_2'])
    step.jobStarted(1, 'vt_2', { proofread_id: 'pr_2', video_translate_id: 'vt_2', status: 'pending' })
    expect(written).toEqual(['\nvt_2'])
  })

  it('gives the report to one caller only: the normal path or the crash report, never both', () => {
    expect(step.claimReport()).toBe(true)
    expect(step.claimReport()).toBe(false)
    // A new step (local-action calling run() again) starts unclaimed.
    expect(new StepRun().claimReport()).toBe(true)
  })

  it('at wait_timeout plus the injected grace, stops whatever still runs with a deadline error', () => {
    vi.useFakeTimers()
    step.armDeadline(100, 100)
    vi.advanceTimersByTime(104)
    expect(step.signal.aborted).toBe(false)
    vi.advanceTimersByTime(1)
    expect(step.signal.reason).toBeInstanceOf(StepDeadlineError)
  })

  it('ending the work clears the deadline: a step that finished is never aborted later', () => {
    vi.useFakeTimers()
    step.armDeadline(10, 10)
    step.endWork()
    vi.advanceTimersByTime(1000)
    expect(step.signal.aborted).toBe(false)
  })

  it('one signal handler: SIGTERM writes the ids first, then stops every job, saying what still runs', () => {
    const warn = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const before = process.listenerCount('SIGTERM')
    const settings = settingsWith({ proofread_id: 'pr_1, pr_2, pr_3' })
    step.track(settings, undefined, ['pr_1', 'pr_2', 'pr_3'])
    step.handleSignals(settings)
    expect(process.listenerCount('SIGTERM')).toBe(before + 1)
    for (const [index, id] of ['vt_1', 'vt_2', 'vt_3'].entries()) {
      step.begin(index)
      step.jobStarted(index, id, { proofread_id: `pr_${index + 1}`, video_translate_id: id, status: 'running' })
    }
    // The third id waits for the next timed write (the started set did not double)...
    expect(written.at(-1)).toBe('vt_1\nvt_2\n')
    process.emit('SIGTERM', 'SIGTERM')
    // ...and the signal writes it before anything else.
    expect(written.at(-1)).toBe('vt_1\nvt_2\nvt_3')
    expect(step.signal.aborted).toBe(true)
    expect(step.cancelReport?.resumable).toEqual(['vt_1', 'vt_2', 'vt_3'])
    step.endWork()
    // The cancel handler is gone; a quiet one keeps a late signal from killing the report until the step closes.
    expect(process.listenerCount('SIGTERM')).toBe(before + 1)
    step.close()
    expect(process.listenerCount('SIGTERM')).toBe(before)
    warn.mockRestore()
  })

  it('a SIGINT that arrives once the work is over (the report is being written) neither kills the process nor stops anything', () => {
    const before = process.listenerCount('SIGINT')
    const settings = settingsWith({ proofread_id: 'pr_1' })
    step.track(settings, undefined, ['pr_1'])
    step.handleSignals(settings)
    step.endWork()
    // With no listener of the step's left, Node's default for SIGINT would end the process, the outputs half written.
    expect(process.listenerCount('SIGINT')).toBe(before + 1)
    process.emit('SIGINT', 'SIGINT')
    expect(step.signal.aborted).toBe(false)
    expect(step.cancelReport).toBeUndefined()
  })

  it('owns the partial files: removed synchronously on demand, another step’s untouched', () => {
    const folder = mkdtempSync(nodePath.join(tmpdir(), 'step-run-'))
    const mine = nodePath.join(folder, '.a.part')
    const theirs = nodePath.join(folder, '.b.part')
    writeFileSync(mine, 'x')
    writeFileSync(theirs, 'x')
    const other = new StepRun()
    step.temporaryFiles.add(mine)
    other.temporaryFiles.add(theirs)
    step.removeTemporaryFilesSync()
    expect([existsSync(mine), existsSync(theirs)]).toEqual([false, true])
  })

  it('a partial file created after the sweep (a download still opening) is removed by its own clean-up or the next sweep, and no new download starts', () => {
    const folder = mkdtempSync(nodePath.join(tmpdir(), 'step-run-'))
    const late = nodePath.join(folder, '.late.part')
    step.temporaryFiles.add(late)
    step.removeTemporaryFilesSync()
    // The download had listed its file but not opened it yet: it appears now, after the first sweep.
    writeFileSync(late, 'x')
    step.removeTemporaryFilesSync()
    expect(existsSync(late), 'the second sweep (the crash report’s last) removes it').toBe(false)
    expect(step.temporaryFiles.delete(late), 'the download’s own clean-up still finds it listed').toBe(true)
    expect(() => step.temporaryFiles.add(nodePath.join(folder, '.next.part'))).toThrow(/step is ending/)
  })

  it('collects the summary notes once each, per step', () => {
    step.addNote('HeyGen accepted 2 renders at once')
    step.addNote('HeyGen accepted 2 renders at once')
    expect(step.notes).toEqual(['HeyGen accepted 2 renders at once'])
    expect(new StepRun().notes).toEqual([])
  })

  it('installs its crash handler while it lives and removes it on close', () => {
    const before = process.listenerCount('uncaughtException')
    step.watchForCrashes()
    expect(process.listenerCount('uncaughtException')).toBe(before + 1)
    step.endWork()
    // Still there while the report is written.
    expect(process.listenerCount('uncaughtException')).toBe(before + 1)
    step.close()
    expect(process.listenerCount('uncaughtException')).toBe(before)
  })
})
