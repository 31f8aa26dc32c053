// The ledger: what a release already holds, read from its assets' labels. Each asset the action uploads is
// labelled with its language, the proofread and the job, e.g. `Spanish (Spain) · proofread 8ce0-es · job 10c0-es`.
// The label is the record: it lives on the asset it describes, so it cannot disagree with what is published, it
// survives any number of days and re-runs, and concurrent legs (each writing only its own assets) never overwrite
// each other's records as they would in one shared ledger file. Ids are written whole: a shortened id could match
// another proofread.
import type { ReleaseAsset } from '../../github/assets.js'

export type AssetKind = 'video' | 'captions' | 'audio'

export interface LabelFacts {
  kind: AssetKind
  /** A language as HeyGen gave it (a code such as es-ES, or a name). */
  language?: string
  proofreadId?: string
  videoTranslateId: string
}

const SEPARATOR = ' · '
const RECORD = /(?:^|· )(?:proofread (\S+) · )?job (\S+)$/

/** `es-ES` -> `Spanish (Spain)`; a language HeyGen already gave by name stays as it is. */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard', fallback: 'none' }).of(language) ?? language
  } catch {
    return language
  }
}

export function labelFor(facts: LabelFacts): string {
  const kindWord = facts.kind === 'video' ? (facts.language ? '' : 'Video') : facts.kind
  const what = [facts.language ? languageName(facts.language) : '', kindWord].filter(Boolean).join(' ')
  return [what, ...(facts.proofreadId ? [`proofread ${facts.proofreadId}`] : []), `job ${facts.videoTranslateId}`].join(SEPARATOR)
}

/** The record a label holds, or undefined for a label the action did not write. */
export function readLabel(label: string): LabelFacts | undefined {
  const record = RECORD.exec(label)
  if (!record) return undefined
  const what = label.slice(0, record.index).trim()
  const kind: AssetKind = /\bcaptions$/i.test(what) ? 'captions' : /\baudio$/i.test(what) ? 'audio' : 'video'
  return { kind, ...(record[1] ? { proofreadId: record[1] } : {}), videoTranslateId: record[2] ?? '' }
}

/** Who a record is about: a proofread (generated from) or a job (resumed). */
export type LedgerKey = { proofreadId: string } | { videoTranslateId: string }

function matches(facts: LabelFacts | undefined, key: LedgerKey): boolean {
  if (!facts) return false
  return 'proofreadId' in key ? facts.proofreadId === key.proofreadId : facts.videoTranslateId === key.videoTranslateId
}

/** The complete assets the release holds for a proofread (or job); empty unless its video is among them. */
export function publishedAssets(assets: readonly ReleaseAsset[], key: LedgerKey): ReleaseAsset[] {
  const own = assets.filter((asset) => asset.state === 'uploaded' && matches(readLabel(asset.label), key))
  // The video is uploaded last, so its presence means the captions and audio made it too.
  return own.some((asset) => readLabel(asset.label)?.kind === 'video') ? own : []
}

/** Every asset the release holds for a proofread (or job), complete or not: what a republish replaces. */
export function assetsOf(assets: readonly ReleaseAsset[], key: LedgerKey): ReleaseAsset[] {
  return assets.filter((asset) => matches(readLabel(asset.label), key))
}

/** The job a proofread's published video came from. */
export function publishedJob(assets: readonly ReleaseAsset[]): string {
  for (const asset of assets) {
    const facts = readLabel(asset.label)
    if (facts?.kind === 'video') return facts.videoTranslateId
  }
  return ''
}
