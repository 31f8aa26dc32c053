// The job summary as a user sees it: its Markdown rendered with GitHub's rules (GFM tables, raw HTML, <details>,
// Mermaid drawn by Mermaid itself) into a page styled like GitHub's summary pane, in Debian's headless Chromium.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { Marked } from 'marked'

/** Debian's chromium; the test set-up (.ci/run) installs it and nothing else is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM)
}

/** Flags that let Chromium start as root in a container and keep it from calling home (Playwright adds --headless). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A fresh profile for each launch. */
export function freshProfile(): string {
  return mkdtempSync(nodePath.join(tmpdir(), 'summary-chromium-'))
}

/**
 * The width of the summary's content on a workflow run page in a 1280 px window: the window less the jobs sidebar
 * (320 px), the page's margins (2 x 24 px) and the summary box's padding (2 x 16 px).
 */
export const PANE_WIDTH = 880

/** GitHub's markdown-body rules that decide a table's width: a table wider than the pane scrolls inside itself. */
const GITHUB_CSS = `
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: ${PANE_WIDTH}px; padding: 16px; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.5; color: #1f2328; word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin: 24px 0 16px; }
.markdown-body p, .markdown-body table, .markdown-body details, .markdown-body pre { margin: 0 0 16px; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body td, .markdown-body th { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body th { font-weight: 600; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces; background: #818b981f; border-radius: 6px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body summary { cursor: pointer; }
`

/**
 * Summaries' Markdown as GitHub renders it (GFM, raw HTML kept, a `mermaid` code block drawn as a diagram), each in its
 * own pane-wide `<article id="summary-NAME">`, so one page (and one load of Mermaid) holds them all.
 */
export function summaryPage(markdowns: Record<string, string>): string {
  const marked = new Marked({ gfm: true })
  marked.use({
    renderer: {
      code({ text, lang }) {
        return lang === 'mermaid' ? `<pre class="mermaid">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>\n` : false
      },
    },
  })
  const articles = Object.entries(markdowns).map(
    ([name, markdown]) => `<article class="markdown-body" id="summary-${name}">${marked.parse(markdown, { async: false })}</article>`,
  )
  return `<!doctype html><html><head><meta charset="utf-8"><style>${GITHUB_CSS}</style></head><body>${articles.join('\n')}</body></html>`
}

/** Mermaid's own browser build, from node_modules: drawn in the page, nothing fetched. */
export function mermaidScript(): string {
  return readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8')
}
