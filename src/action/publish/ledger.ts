// The ledger: what a release already holds, read from its assets' labels. Each asset the action uploads is
// labelled with its language, the proofread and the job, e.g. `Spanish (Spain) · proofread 8ce0-es · job 10c0-es`.
// The label is the record: it lives on the asset it describes, so it cannot disagree with what is published, it
// survives any number of days and re-runs, and concurrent legs (each writing only its own assets) never overwrite
// each other's records as they would in one shared ledger file. Ids are written whole: a shortened id could match
// another proofread.
import type { ReleaseAsset } from '../../github/assets.js'

/** `audio only`: the audio of a translate_audio_only job that has no video, uploaded last like a video, so it ends the entry. */
export type AssetKind = 'video' | 'captions' | 'audio' | 'audio only'

export interface LabelFacts {
  kind: AssetKind
  /** A language as HeyGen gave it (a code such as es-ES, or a name). */
  language?: string
  proofreadId?: string
  videoTranslateId: string
}

const SEPARATOR = ' · '
/**
 * The record is the label's tail, read from the end: `<kind> · proofread <id> · job <id>`. Ids hold no spaces, so
 * whatever the language name says (even `… · video · proofread … · job …`), only the last fields are the record.
 */
const RECORD = /(?:^|· )(video|captions|audio only|audio) · (?:proofread (\S+) · )?job (\S+)$/
/** Labels written before the kind had a field of its own (`Spanish (Spain) captions · proofread … · job …`). */
const LEGACY_RECORD = /(?:^|· )(?:proofread (\S+) · )?job (\S+)$/

/** `es-ES` -> `Spanish (Spain)`; a language HeyGen already gave by name stays as it is. */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard', fallback: 'none' }).of(language) ?? language
  } catch {
    return language
  }
}

/** `Spanish (Spain) · video · proofread 8ce0-es · job 10c0-es`: the language for people, then the record. */
export function labelFor(facts: LabelFacts): string {
  return [
    ...(facts.language ? [languageName(facts.language).replace(/\s+/g, ' ').trim()] : []),
    facts.kind,
    ...(facts.proofreadId ? [`proofread ${facts.proofreadId}`] : []),
    `job ${facts.videoTranslateId}`,
  ].join(SEPARATOR)
}

/** The record a label holds, or undefined for a label the action did not write. */
export function readLabel(label: string): LabelFacts | undefined {
  const record = RECORD.exec(label)
  if (record) {
    return { kind: record[1] as AssetKind, ...(record[2] ? { proofreadId: record[2] } : {}), videoTranslateId: record[3] ?? '' }
  }
  const legacy = LEGACY_RECORD.exec(label)
  if (!legacy) return undefined
  // Older labels put the kind after the language; read as they were written (HeyGen confirms any entry before it is used).
  const what = label.slice(0, legacy.index).trim()
  const kind: AssetKind = /(?:^|\s)captions$/i.test(what) ? 'captions' : /(?:^|\s)audio$/i.test(what) ? 'audio' : 'video'
  return { kind, ...(legacy[1] ? { proofreadId: legacy[1] } : {}), videoTranslateId: legacy[2] ?? '' }
}

/** Who a record is about: a proofread (generated from) or a job (resumed). */
export type LedgerKey = { proofreadId: string } | { videoTranslateId: string }

function matches(facts: LabelFacts | undefined, key: LedgerKey): boolean {
  if (!facts) return false
  return 'proofreadId' in key ? facts.proofreadId === key.proofreadId : facts.videoTranslateId === key.videoTranslateId
}

/**
 * One job's record on the release for a proofread (or a resumed job): its complete assets, the video among them.
 * Only a candidate: a label is text anyone with write access can set, so HeyGen confirms an entry before it is used.
 */
export interface LedgerEntry {
  videoTranslateId: string
  /** The complete assets labelled with this job, the video last. */
  assets: ReleaseAsset[]
}

/** The release's candidate entries for a proofread (or job), newest first: one per job whose video is uploaded. */
export function entriesFor(assets: readonly ReleaseAsset[], key: LedgerKey): LedgerEntry[] {
  const byJob = new Map<string, ReleaseAsset[]>()
  for (const asset of assets) {
    const facts = readLabel(asset.label)
    if (asset.state !== 'uploaded' || !facts || !matches(facts, key)) continue
    byJob.set(facts.videoTranslateId, [...(byJob.get(facts.videoTranslateId) ?? []), asset])
  }
  const entries: LedgerEntry[] = []
  for (const [videoTranslateId, own] of byJob) {
    // The video is uploaded last, so its presence means the captions and audio made it too.
    const kindOf = (asset: ReleaseAsset) => readLabel(asset.label)?.kind
    // An audio-only job's audio ends its entry as a video would.
    const ends = (asset: ReleaseAsset) => kindOf(asset) === 'video' || kindOf(asset) === 'audio only'
    if (!own.some(ends)) continue
    entries.push({ videoTranslateId, assets: [...own.filter((a) => !ends(a)), ...own.filter(ends)] })
  }
  // GitHub's asset ids grow: the newest upload first.
  return entries.sort((a, b) => Math.max(...b.assets.map((x) => x.id)) - Math.max(...a.assets.map((x) => x.id)))
}

/** Every asset the release holds for a proofread (or job), complete or not, by label only: never deleted on this alone. */
export function assetsOf(assets: readonly ReleaseAsset[], key: LedgerKey): ReleaseAsset[] {
  return assets.filter((asset) => matches(readLabel(asset.label), key))
}
