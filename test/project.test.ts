// The documentation and metadata users read must match what the action declares and does.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ACTION_NAME, ACTION_VERSION } from '../src/version.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  name: string
  description: string
  author: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}
const readme = readFileSync('README.md', 'utf8')

/** Rows of the markdown table between two marker comments, as [first cell, second cell]. */
function tableRows(section: string): string[][] {
  const match = new RegExp(`<!-- ${section}:start -->([\\s\\S]*?)<!-- ${section}:end -->`).exec(readme)
  if (!match?.[1]) throw new Error(`README has no ${section} table`)
  return match[1]
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells) => cells.slice(1, -1))
}

describe('README and action.yml', () => {
  it('documents exactly the inputs action.yml declares, with the same defaults', () => {
    const rows = tableRows('inputs')
    expect(rows.map((r) => r[0]?.replace(/`/g, ''))).toEqual(Object.keys(action.inputs))
    for (const row of rows) {
      const name = row[0]?.replace(/`/g, '') ?? ''
      const defaultCell = row[1] ?? ''
      const declared = action.inputs[name]?.default ?? ''
      const documented = defaultCell === '(required)' ? '' : defaultCell.replace(/`/g, '')
      expect(documented, `default of ${name}`).toBe(declared)
    }
  })

  it('documents exactly the outputs action.yml declares', () => {
    expect(tableRows('outputs').map((r) => r[0]?.replace(/`/g, ''))).toEqual(Object.keys(action.outputs))
  })

  it('describes every input and output, and runs the committed bundle on node24', () => {
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\w{3,}/)
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toMatch(/\w{3,}/)
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(action.branding.icon).toBeTruthy()
    expect(action.author).toBeTruthy()
  })

  it('gives the two set-up commands, and .ci/run calls the test one', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm ci && npm test')
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm ci && npm test \|\| exit \$\?$/m)
  })

  it('sends the package version in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string }
    expect(ACTION_NAME).toBe(pkg.name)
    expect(ACTION_VERSION).toBe(pkg.version)
  })
})
