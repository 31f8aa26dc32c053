// What is refused after the inputs are read and before any request: an input action.yml does not declare, a bad
// min_balance, a download_path whose folder cannot be made or written.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DECLARED_INPUTS, refuseUndeclaredInputs } from '../../../src/action/config/declared.js'
import { parseMinBalance } from '../../../src/action/config/min-balance.js'
import { checkDownloadFolder, fixedFolder } from '../../../src/action/config/download-folders.js'

describe('inputs action.yml does not declare', () => {
  it('the list the step checks is exactly action.yml’s inputs', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }
    expect([...DECLARED_INPUTS].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it.each([
    ['INPUT_DRY-RUN', 'dry-run', 'dry_run'],
    ['INPUT_DOWNLOAD-PATH', 'download-path', 'download_path'],
    ['INPUT_PROOFREAD_IDS', 'proofread_ids', 'proofread_id'],
    ['INPUT_WAIT-TIMEOUT', 'wait-timeout', 'wait_timeout'],
    ['INPUT_MINBALANCE', 'minbalance', 'min_balance'],
  ])('%s is refused, naming %s and the input it probably meant (%s)', (variable, written, meant) => {
    expect(() => refuseUndeclaredInputs({ INPUT_API_KEY: 'k', [variable]: 'true' })).toThrow(
      new RegExp(`^Input \`${written}\` is not an input of this action: .*Did you mean \`${meant}\`\\? .*Nothing was sent\\.$`),
    )
  })

  it('a name near nothing gets no guess; several unknown ones are all named', () => {
    expect(() => refuseUndeclaredInputs({ INPUT_BANANA: '1', INPUT_ZEBRA: '2' })).toThrow(
      'Input `banana` is not an input of this action (also: `zebra`): the runner passes it on with only a warning',
    )
    expect(() => refuseUndeclaredInputs({ INPUT_BANANA: '1' })).not.toThrow(/Did you mean/)
  })

  it('every declared input, as the runner passes them all (defaults included), is accepted', () => {
    const env = Object.fromEntries(DECLARED_INPUTS.map((name) => [`INPUT_${name.toUpperCase()}`, '']))
    expect(() => refuseUndeclaredInputs({ ...env, PATH: '/bin', GITHUB_WORKSPACE: '/w' })).not.toThrow()
  })
})

describe('min_balance', () => {
  it.each([
    ['', undefined],
    ['5', { amount: 5 }],
    ['7.50', { amount: 7.5 }],
    ['$5', { amount: 5, unit: 'usd' }],
    ['$ 12.25', { amount: 12.25, unit: 'usd' }],
    ['500 credits', { amount: 500, unit: 'credits' }],
    ['1 credit', { amount: 1, unit: 'credits' }],
  ])('%j is %j', (raw, expected) => {
    expect(parseMinBalance(raw)).toEqual(expected)
  })

  it.each(['-5', 'five', '$5 credits', '5 dollars', '1e3', '5,00'])('%j is refused naming min_balance', (raw) => {
    expect(() => parseMinBalance(raw)).toThrow(/^Input `min_balance` must be an amount such as 5, \$7\.50 or 500 credits/)
  })
})

describe('download_path’s folder, made and written before any request', () => {
  const root = mkdtempSync(nodePath.join(tmpdir(), 'heygen-folders-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each([
    ['videos/v.mp4', 'videos'],
    ['videos/', 'videos'],
    ['videos/{language_code}.mp4', 'videos'],
    ['videos/{language}/', 'videos'],
    ['videos/v-{language}.mp4', 'videos'],
    ['release/{proofread_id}/v.mp4', 'release'],
    ['v.mp4', '.'],
  ])('%j goes under %j', (downloadPath, folder) => {
    expect(fixedFolder(downloadPath, root)).toBe(nodePath.resolve(root, folder))
  })

  it('a missing folder is made and written once, then removed: a step refused later leaves nothing behind', () => {
    const workspace = mkdtempSync(nodePath.join(root, 'ws-'))
    checkDownloadFolder('a/b/c/v.mp4', workspace)
    expect(readdirSync(workspace)).toEqual([])
    // An existing folder is only written to: the probe file is gone, the folder stays.
    checkDownloadFolder('v.mp4', workspace)
    expect(readdirSync(workspace)).toEqual([])
  })

  it('a folder under a file is refused, naming download_path and the file in the way', () => {
    const workspace = mkdtempSync(nodePath.join(root, 'ws-'))
    writeFileSync(nodePath.join(workspace, 'notes.txt'), '')
    expect(() => checkDownloadFolder('notes.txt/videos/{language}.mp4', workspace)).toThrow(
      `Input \`download_path\` names the folder ${nodePath.join(workspace, 'notes.txt', 'videos')}, which cannot be created: ${nodePath.join(workspace, 'notes.txt')} is a file, not a folder. Nothing was sent.`,
    )
    expect(() => checkDownloadFolder('notes.txt/', workspace)).toThrow('is a file, not a folder')
  })

  it('a folder the system will not make (/proc) is refused at once, not spun on', () => {
    expect(() => checkDownloadFolder('/proc/nope/v.mp4', root)).toThrow(
      'Input `download_path` names the folder /proc/nope, which cannot be created there',
    )
  })
})
