// The folder layout is the architecture: the action's steps use the HeyGen API, which uses the transport; nothing
// imports from a layer above it. And the action stands on the libraries it was specified with, not copies of them.
import { readdirSync, readFileSync } from 'node:fs'
import nodePath from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SRC = nodePath.join(ROOT, 'src')
/** Lower layers first: a file may import from its own layer and those before it. */
const LAYERS = ['util', 'transport', 'heygen', 'github', 'action'] as const

function sources(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => nodePath.join(SRC, file))
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1] ?? '')
}

const ACTION = nodePath.join(SRC, 'action')
/**
 * The step's use cases, lower first: the runner protocol, download_path's files, the inputs, the report, one job,
 * publishing, the plan, the step that runs the plan. A file may import from its own folder and those before it.
 */
const USE_CASES = ['runner', 'files', 'config', 'report', 'job', 'publish', 'plan', 'step'] as const

function actionSources(): string[] {
  return sources().filter((file) => file.startsWith(ACTION + nodePath.sep))
}

function useCaseOf(file: string): number {
  return (USE_CASES as readonly string[]).indexOf(nodePath.relative(ACTION, file).split(nodePath.sep)[0] ?? '')
}

/** The src/ files a file imports (type-only imports too: a circle of types is still a circle a reader must follow). */
function relativeImports(file: string): string[] {
  return importsOf(file)
    .filter((s) => s.startsWith('.'))
    .map((s) => nodePath.resolve(nodePath.dirname(file), s.replace(/\.js$/, '.ts')))
}

function layerOf(file: string): number {
  const top = nodePath.relative(SRC, file).split(nodePath.sep)[0] ?? ''
  const index = (LAYERS as readonly string[]).indexOf(top)
  // src/main.ts, index.ts and version.ts sit at the top (version.ts is a constant every layer may read).
  return index >= 0 ? index : nodePath.basename(file) === 'version.ts' ? -1 : LAYERS.length
}

describe('the layers of src/', () => {
  it('no module imports from a layer above its own', () => {
    const upward: string[] = []
    for (const file of sources()) {
      for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = nodePath.resolve(nodePath.dirname(file), specifier.replace(/\.js$/, '.ts'))
        if (layerOf(target) > layerOf(file)) upward.push(`${nodePath.relative(SRC, file)} -> ${nodePath.relative(SRC, target)}`)
      }
    }
    expect(upward).toEqual([])
  })

  it('GitHub is a layer of its own: nothing in heygen/ or transport/ knows about releases', () => {
    const below = sources().filter((file) => /^(heygen|transport|util)$/.test(nodePath.relative(SRC, file).split(nodePath.sep)[0] ?? ''))
    for (const file of below) {
      expect(
        importsOf(file).filter((s) => s.includes('github')),
        file,
      ).toEqual([])
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\brelease asset|upload_url|github_token/i)
    }
    // The GitHub layer knows nothing of HeyGen: the retry timing both use (Retry-After, backoff) is util/retry.ts.
    const github = sources().filter((file) => nodePath.relative(SRC, file).startsWith(`github${nodePath.sep}`))
    const fromHeyGen = github.flatMap((file) => importsOf(file).filter((s) => s.includes('/heygen/')))
    expect([...new Set(fromHeyGen)]).toEqual([])
  })

  it('inside action/, the use cases stand on each other in one order: no import runs back up', () => {
    const upward: string[] = []
    for (const file of actionSources()) {
      for (const target of relativeImports(file).filter((t) => t.startsWith(ACTION + nodePath.sep))) {
        if (useCaseOf(target) > useCaseOf(file)) upward.push(`${nodePath.relative(SRC, file)} -> ${nodePath.relative(SRC, target)}`)
      }
    }
    expect(upward).toEqual([])
  })

  it('every file of action/ sits in one of the use-case folders', () => {
    const stray = actionSources().filter((file) => useCaseOf(file) < 0)
    expect(stray.map((file) => nodePath.relative(SRC, file))).toEqual([])
  })

  it('no import circle anywhere in src/', () => {
    const graph = new Map(sources().map((file) => [file, relativeImports(file)]))
    const state = new Map<string, 'open' | 'done'>()
    const circles: string[] = []
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => nodePath.relative(SRC, f)).join(' -> '))
        return
      }
      state.set(file, 'open')
      for (const target of graph.get(file) ?? []) visit(target, [...path, file])
      state.set(file, 'done')
    }
    for (const file of graph.keys()) visit(file, [])
    expect(circles).toEqual([])
  })

  it('index.ts only runs run()', () => {
    const code = readFileSync(nodePath.join(SRC, 'index.ts'), 'utf8')
      .replace(/^\/\/.*$/gm, '')
      .trim()
    expect(code).toBe("import { run } from './main.js'\n\nawait run()")
  })
})

describe('the libraries the product was specified with', () => {
  const pkg = JSON.parse(readFileSync(nodePath.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  const all = sources().flatMap(importsOf)

  it('dependencies hold @actions/core, @actions/github and undici, and src/ imports each', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@actions/core', '@actions/github', 'undici'])
    for (const name of ['@actions/core', '@actions/github', 'undici']) expect(all, name).toContain(name)
  })

  it('nothing in src/ opens raw sockets or changes V8 flags', () => {
    expect(all.filter((s) => ['node:tls', 'net', 'tls', 'node:v8', 'v8'].includes(s))).toEqual([])
    // node:net only for its address helpers (the link address check), never a socket.
    for (const file of sources()) {
      for (const line of readFileSync(file, 'utf8').match(/^import .* from 'node:net'$/gm) ?? []) {
        expect(line, file).toMatch(/^import \{ (BlockList, )?isIP \} from 'node:net'$/)
      }
    }
    for (const file of sources()) expect(readFileSync(file, 'utf8'), file).not.toContain('setFlagsFromString')
  })

  it('no HTTP goes through Node’s global fetch: every byte uses undici’s dispatcher', () => {
    for (const file of sources()) expect(readFileSync(file, 'utf8'), file).not.toMatch(/(?<![.\w])fetch\(/)
  })
})
