/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Issue 27: the job summary for 1, 10 and 50 languages, with a failure among them, as GitHub shows it in the summary
// pane: the main table never scrolls sideways, every failure reason is on screen in full, ids are folded away, and the
// timeline is drawn. One Chromium and one page for all three; the screenshots are kept in .artifacts/summary/ (CI
// uploads them).
import { mkdirSync, rmSync } from 'node:fs'
import nodePath from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { summaryMarkdown, TIMELINE_MAX_LANGUAGES } from '../../src/action/report/summary.js'
import { FAILURE, HELD_BACK, releaseSummary } from './batch.js'
import { CHROMIUM, CHROMIUM_ARGS, chromiumInstalled, freshProfile, mermaidScript, PANE_WIDTH, summaryPage } from './browser.js'

export const SCREENSHOTS = nodePath.join(import.meta.dirname, '..', '..', '.artifacts', 'summary')
const SIZES = [1, 10, 50] as const

// .ci/run installs Debian's chromium and sets REQUIRE_CHROMIUM, so there a missing browser fails instead of skipping.
const available = chromiumInstalled() || process.env.REQUIRE_CHROMIUM === '1'

/** What a reader sees of one summary: the main table, the folded block, the drawn timeline. */
function inspect(name: string) {
  const article = document.getElementById(name) as HTMLElement
  const table = article.querySelector(':scope > table') as HTMLElement
  const right = article.getBoundingClientRect().right
  const rows = [...table.querySelectorAll('tr')].slice(1)
  const flagged = rows
    .filter((row) => /Failed|Held back/.test(row.cells[1]?.textContent ?? ''))
    .map((row) => {
      const cell = row.cells[2] as HTMLElement
      const box = cell.getBoundingClientRect()
      return { text: cell.textContent, onScreen: box.right <= right && box.width > 0, clipped: cell.scrollWidth > cell.clientWidth }
    })
  const details = article.querySelector('details') as HTMLDetailsElement
  const id = [...details.querySelectorAll('code')].find((c) => c.textContent?.startsWith('5c1e0a9f')) as HTMLElement
  const folded = { open: details.open, idVisible: id.checkVisibility(), summary: details.querySelector('summary')?.textContent }
  const svg = article.querySelector('pre.mermaid svg')
  return {
    table: { rows: rows.length, scrollsSideways: table.scrollWidth > table.clientWidth, wider: article.scrollWidth > article.clientWidth, flagged },
    folded,
    drawn: { svg: Boolean(svg), text: svg?.textContent ?? '', bars: svg?.querySelectorAll('rect.task').length ?? 0 },
  }
}

describe.skipIf(!available)('the job summary in Chromium, at the summary pane’s width', () => {
  let browser: BrowserContext
  let page: Page
  const seen = new Map<number, ReturnType<typeof inspect> & { paths: string[] }>()

  beforeAll(async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true })
    mkdirSync(SCREENSHOTS, { recursive: true })
    browser = await chromium.launchPersistentContext(freshProfile(), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: PANE_WIDTH, height: 900 },
    })
    page = browser.pages()[0] ?? (await browser.newPage())
    await page.setContent(summaryPage(Object.fromEntries(SIZES.map((n) => [n, summaryMarkdown(releaseSummary(n))]))))
    await page.addScriptTag({ content: mermaidScript() })
    await page.evaluate(async () => {
      const mermaid = (globalThis as unknown as { mermaid: { initialize(o: object): void; run(o: object): Promise<void> } }).mermaid
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })
      await mermaid.run({ querySelector: 'pre.mermaid' })
    })
    for (const n of SIZES) {
      const article = page.locator(`#summary-${n}`)
      await article.screenshot({ path: nodePath.join(SCREENSHOTS, `summary-${n}-languages.png`) })
      const facts = await page.evaluate(inspect, `summary-${n}`)
      await article.locator('details > summary').click()
      const paths = await article.locator('details code').allTextContents()
      seen.set(n, { ...facts, paths: paths.filter((t) => t.includes('videos/')) })
    }
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
  })
  const at = (n: number) => seen.get(n) ?? expect.fail(`the summary for ${n} languages was not drawn`)

  it.each(SIZES)('%i languages: no sideways scroll, every failure reason on screen in full', (n) => {
    const { table } = at(n)
    expect(table.rows).toBe(n)
    expect(table.scrollsSideways).toBe(false)
    expect(table.wider).toBe(false)
    const expected = n >= 10 ? [FAILURE, HELD_BACK] : [FAILURE]
    expect(table.flagged.map((f) => f.text)).toEqual(expected)
    for (const reason of table.flagged) expect(reason).toMatchObject({ onScreen: true, clipped: false })
  })

  // The lone language of a one-language batch failed: it saved no file.
  it.each([10, 50])('%i languages: ids and saved paths are folded away until opened, then relative to the workspace', (n) => {
    const { folded, paths } = at(n)
    expect(folded).toEqual({ open: false, idVisible: false, summary: `Ids and saved files (${n})` })
    expect(paths).toHaveLength(3 * (n - 2))
    expect(paths.every((p) => p.startsWith('videos/launch-'))).toBe(true)
  })

  it('draws the timeline as a Gantt, a section per language, capped at the slowest for fifty', () => {
    for (const n of SIZES) {
      expect(at(n).drawn.svg).toBe(true)
      expect(at(n).drawn.text).not.toMatch(/syntax error/i)
    }
    // One language, failed while rendering: queued and rendering.
    expect(at(1).drawn.bars).toBe(2)
    // Eight rendered-and-downloaded languages (3 bars each), the failed one (2 bars), the held-back one none.
    expect(at(10).drawn.bars).toBe(8 * 3 + 2)
    expect(at(50).drawn.bars).toBeGreaterThan(TIMELINE_MAX_LANGUAGES * 2)
    expect(at(50).drawn.bars).toBeLessThanOrEqual(TIMELINE_MAX_LANGUAGES * 3)
  })
})
