// The workflows users copy (the README's examples and examples/) must not teach shell injection: an expression
// inside `run:` is pasted into the script before it runs, so an output carrying HeyGen's text (a failure message
// such as `x'; touch pwned; echo '`) would run as shell. Outputs and event fields reach a script through `env:`.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** An expression that puts a step's output or the triggering event's text into the script. */
const UNTRUSTED = /\$\{\{\s*(steps|github\.event)\./

/** Every `run:` script in a YAML text, with the line it starts on: the value after `run:` and its indented lines below. */
function runBlocks(text: string): { line: number; script: string }[] {
  const lines = text.split('\n')
  const blocks: { line: number; script: string }[] = []
  lines.forEach((line, index) => {
    const match = /^(\s*)(?:-\s+)?run:(.*)$/.exec(line)
    if (!match) return
    // The key's column: `- run:` keys sit two columns after the dash.
    const column = (match[1] ?? '').length + (line.trimStart().startsWith('-') ? 2 : 0)
    const script = [match[2] ?? '']
    for (const next of lines.slice(index + 1)) {
      if (next.trim() !== '' && next.length - next.trimStart().length <= column) break
      script.push(next)
    }
    blocks.push({ line: index + 1, script: script.join('\n') })
  })
  return blocks
}

/** The README's YAML examples, each with the README line its block starts on. */
function readmeYaml(): { line: number; text: string }[] {
  const readme = readFileSync('README.md', 'utf8')
  const blocks: { line: number; text: string }[] = []
  for (const match of readme.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
    blocks.push({ line: readme.slice(0, match.index).split('\n').length + 1, text: match[1] ?? '' })
  }
  return blocks
}

describe('examples pass outputs to scripts through env:, never ${{ }} inside run:', () => {
  it('finds the run: blocks it must check (a scanner that sees none would pass anything)', () => {
    const sample =
      '- run: echo "${{ steps.a.outputs.b }}"\n- name: x\n  run: |\n    echo one\n    echo ${{ github.event.issue.title }}\n  env:\n    A: ${{ steps.a.outputs.b }}\n'
    const blocks = runBlocks(sample)
    expect(blocks.map((b) => b.line)).toEqual([1, 3])
    expect(blocks.every((b) => UNTRUSTED.test(b.script))).toBe(true)
    // env: values are data: not part of any script.
    expect(blocks[1]?.script).not.toContain('A:')
    expect(readmeYaml().flatMap((block) => runBlocks(block.text)).length).toBeGreaterThan(0)
  })

  it('README: no run: block holds ${{ steps. or ${{ github.event.', () => {
    const offending = readmeYaml().flatMap((block) =>
      runBlocks(block.text)
        .filter((run) => UNTRUSTED.test(run.script))
        .map((run) => `README.md:${block.line + run.line - 1}: ${run.script.trim()}`),
    )
    expect(offending).toEqual([])
  })

  const examples = readdirSync('examples').filter((name) => /\.ya?ml$/.test(name))
  it.each(examples)('examples/%s: no run: block holds ${{ steps. or ${{ github.event.', (name) => {
    const offending = runBlocks(readFileSync(`examples/${name}`, 'utf8'))
      .filter((run) => UNTRUSTED.test(run.script))
      .map((run) => `examples/${name}:${run.line}: ${run.script.trim()}`)
    expect(offending).toEqual([])
  })
})
