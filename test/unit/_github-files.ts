// Reads the runner's files the way the runner does, so tests compare what a workflow would see.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { onTestFinished } from 'vitest'

/** A fresh empty file in a fresh temporary folder, removed when the test ends. */
export function tempFile(name: string): string {
  const folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-unit-'))
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
  const file = nodePath.join(folder, name)
  writeFileSync(file, '')
  return file
}

/** GITHUB_OUTPUT entries in write order: `name<<DELIMITER`, the value lines, `DELIMITER`. */
export function parseOutputEntries(text: string): Array<[string, string]> {
  const lines = text.split('\n')
  const entries: Array<[string, string]> = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    i++
    if (line === '') continue
    const match = /^([^<=]+)<<(.+)$/.exec(line)
    if (!match) throw new Error(`not an output entry: ${JSON.stringify(line)}`)
    const [, name, delimiter] = match as unknown as [string, string, string]
    const value: string[] = []
    while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]!)
    if (i >= lines.length) throw new Error(`output ${name} has no closing delimiter`)
    i++
    entries.push([name, value.join('\n')])
  }
  return entries
}

/** GITHUB_OUTPUT as the runner ends up with it: name -> value, a later write winning. */
export function readOutputs(file: string): Map<string, string> {
  return new Map(parseOutputEntries(readFileSync(file, 'utf8')))
}
