// Claim before paying: before a credit is spent, the step reserves on the release the proofreads it will generate
// and the asset names it will publish (src/github/claims.ts: one small asset per claim, atomic by GitHub's unique
// names). Two legs or runs that would pay for one proofread, or publish one name, learn it before paying: the
// second is refused with words naming the first. Claims go when the proofread is published or fails, and when the
// step ends. One left by a run that died expires at its `until` (the claiming step's wait_timeout plus a margin: no
// step runs longer), and a re-run of the same workflow run takes it over at once (GitHub starts a re-run only once
// every job of the earlier attempt has ended).
import { createHash, randomUUID } from 'node:crypto'
import type { ReleaseApi } from '../../github/api.js'
import type { Release, ReleaseAsset } from '../../github/assets.js'
import { placeClaim, type Takeover } from '../../github/claims.js'
import type { UploadOptions } from '../../github/upload.js'
import { inert } from '../../util/outside-text.js'

/** Who holds a claim: the workflow run, its attempt, and this step's own random id (matrix legs share the rest). */
export interface Claimant {
  runId: string
  attempt: number
  step: string
  /** The job a resuming step publishes: it takes over the claim its failed upload left (`paid job`). */
  resuming?: string
}

export function claimantOf(env: NodeJS.ProcessEnv = process.env, resuming?: string): Claimant {
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1')
  return {
    runId: /^\d+$/.test(env.GITHUB_RUN_ID ?? '') ? (env.GITHUB_RUN_ID as string) : 'local',
    attempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
    step: randomUUID().slice(0, 13),
    ...(resuming ? { resuming } : {}),
  }
}

/** What one claim reserves: a proofread (or a resumed job) to pay for, or an asset name (its base, any extension). */
export interface Wanted {
  /** The proofread (or `job <id>` for a resumed one) the claim is for: whose claims go together. */
  owner: { proofreadId: string } | { videoTranslateId: string }
  what: { kind: 'payment' } | { kind: 'name'; base: string }
}

export interface ClaimFacts {
  owner: Wanted['owner']
  runId: string
  attempt: number
  step: string
  until: Date
  /** Set when the claiming step paid for this job but could not publish it: the claim stays, naming it. */
  paidJob?: string
}

const LABEL = /^heygen claim · (proofread|job) (\S+) · run (\S+) · attempt (\d+) · step (\S+) · until (\S+)(?: · paid job (\S+))?$/

/** How long a claim whose job was paid but not published holds its proofread: time to use the resume block. */
export const PAID_CLAIM_MS = 7 * 24 * 3600_000

export function claimLabel(facts: ClaimFacts): string {
  const owner = 'proofreadId' in facts.owner ? `proofread ${facts.owner.proofreadId}` : `job ${facts.owner.videoTranslateId}`
  const paid = facts.paidJob ? ` · paid job ${facts.paidJob}` : ''
  return `heygen claim · ${owner} · run ${facts.runId} · attempt ${facts.attempt} · step ${facts.step} · until ${facts.until.toISOString()}${paid}`
}

export function readClaim(label: string): ClaimFacts | undefined {
  const match = LABEL.exec(label)
  if (!match) return undefined
  const until = new Date(match[6] ?? '')
  if (Number.isNaN(until.getTime())) return undefined
  const id = match[2] ?? ''
  return {
    owner: match[1] === 'proofread' ? { proofreadId: id } : { videoTranslateId: id },
    runId: match[3] ?? '',
    attempt: Number(match[4]),
    step: match[5] ?? '',
    until,
    ...(match[7] ? { paidJob: match[7] } : {}),
  }
}

/** The asset name a claim lives under: a hash, so any proofread id or file name gives a name GitHub keeps as it is. */
export function claimAssetName(wanted: Wanted): string {
  const owner = 'proofreadId' in wanted.owner ? `proofread ${wanted.owner.proofreadId}` : `job ${wanted.owner.videoTranslateId}`
  const what = wanted.what.kind === 'payment' ? owner : `name ${wanted.what.base.toLowerCase()}`
  return `heygen-claim-${createHash('sha256').update(what).digest('hex').slice(0, 24)}.json`
}

/** Whether an asset is a claim (by its name's shape): claims are the protocol's, never published files. */
export const isClaimAsset = (asset: ReleaseAsset) => /^heygen-claim-[0-9a-f]{24}\.json$/.test(asset.name)

/**
 * A claim that no longer holds: past its `until`; an earlier attempt of this workflow run (which replays the same
 * job by its Idempotency-Key); or, for a claim naming a paid job, the step that resumes that very job.
 */
export function isStale(holder: ClaimFacts, me: Claimant, now = new Date()): boolean {
  if (holder.paidJob !== undefined && holder.paidJob === me.resuming) return true
  return holder.until.getTime() <= now.getTime() || (holder.runId === me.runId && holder.runId !== 'local' && holder.attempt < me.attempt)
}

const ownerWords = (owner: Wanted['owner']) => ('proofreadId' in owner ? `proofread ${owner.proofreadId}` : `job ${owner.videoTranslateId}`)
const sameOwner = (a: Wanted['owner'], b: Wanted['owner']) => ownerWords(a) === ownerWords(b)

export class ReleaseClaims {
  /** The claims this step holds, by owner. */
  private readonly held = new Map<string, ReleaseAsset[]>()
  /** The payment claims among them (asset id -> its owner), which a paid job that could not be published keeps. */
  private readonly payments = new Map<number, Wanted['owner']>()

  constructor(
    private readonly api: ReleaseApi,
    private readonly release: Release,
    private readonly upload: UploadOptions,
    readonly claimant: Claimant,
    /** How long a claim lasts: the step's wait_timeout and a margin for the uploads. */
    private readonly lifetimeMs: number,
  ) {}

  /**
   * Takes every claim (sorted, so two steps wanting the same set meet at the same first name), or none: the words
   * that refuse the step when another live run holds one. Anything GitHub refuses is thrown.
   */
  async take(wanted: readonly Wanted[]): Promise<string | undefined> {
    const until = new Date(Date.now() + this.lifetimeMs)
    const sorted = [...new Map(wanted.map((w) => [claimAssetName(w), w])).entries()].sort(([a], [b]) => a.localeCompare(b))
    for (const [name, want] of sorted) {
      const label = claimLabel({ owner: want.owner, ...this.claimant, until })
      const body = Buffer.from(`${JSON.stringify({ claim: want, run: this.claimant, until: until.toISOString() })}\n`)
      // A stale claim naming a paid job is adopted in place, still naming the job: were it deleted, another run
      // could claim the free name in that moment and pay for the proofread again.
      const takeover = (holder: ReleaseAsset): Takeover => {
        const facts = readClaim(holder.label)
        if (!facts || !isStale(facts, this.claimant)) return 'keep'
        if (!facts.paidJob) return 'delete'
        const kept = facts.until.getTime() > until.getTime() ? facts.until : until
        return { adopt: claimLabel({ owner: want.owner, ...this.claimant, until: kept, paidJob: facts.paidJob }) }
      }
      let placement
      try {
        placement = await placeClaim(this.api, this.release, { name, label, bytes: body }, this.upload, takeover)
      } catch (error) {
        await this.releaseAll()
        throw error
      }
      if ('taken' in placement) {
        await this.releaseAll()
        return this.refusal(want, placement.taken)
      }
      const key = ownerWords(want.owner)
      this.held.set(key, [...(this.held.get(key) ?? []), placement.placed])
      if (want.what.kind === 'payment') this.payments.set(placement.placed.id, want.owner)
    }
    return undefined
  }

  /**
   * What taking these claims now would meet, without taking them (a dry run): the refusal another live run's claim
   * would give, or undefined when every claim is free or stale.
   */
  check(wanted: readonly Wanted[], assets: readonly ReleaseAsset[]): string | undefined {
    for (const want of wanted) {
      const holder = assets.find((asset) => asset.name === claimAssetName(want))
      const facts = holder && readClaim(holder.label)
      if (holder && (!facts || !isStale(facts, this.claimant))) return this.refusal(want, holder)
    }
    return undefined
  }

  /** Whether this step holds the asset (a claim of its own). */
  holds(asset: ReleaseAsset): boolean {
    return [...this.held.values()].some((assets) => assets.some((a) => a.id === asset.id))
  }

  /** The claims of one proofread (or job) go: it is published, or failed. A claim already gone is what was wanted. */
  async releaseFor(owner: Wanted['owner']): Promise<void> {
    const key = ownerWords(owner)
    const assets = this.held.get(key) ?? []
    this.held.delete(key)
    for (const asset of assets) await this.api.deleteAsset(asset.id).catch(() => {})
  }

  /**
   * The proofread's job was paid for but could not be published: its payment claim stays on the release, naming the
   * job, for PAID_CLAIM_MS, so no other run pays for the proofread again; the step that resumes the job takes it over.
   */
  async keepPaid(owner: Wanted['owner'], job: string): Promise<void> {
    const key = ownerWords(owner)
    const assets = this.held.get(key) ?? []
    const payment = assets.find((asset) => this.payments.has(asset.id))
    if (!payment) return
    const label = claimLabel({ owner, ...this.claimant, until: new Date(Date.now() + PAID_CLAIM_MS), paidJob: job })
    try {
      await this.api.renameAsset(payment.id, payment.name, label)
      this.held.set(
        key,
        assets.filter((asset) => asset !== payment),
      )
    } catch {
      // Not kept (GitHub refused the label): the claim goes with the others, and the resume block is the record.
    }
  }

  /** A paid job is published at last (resumed by its id alone): the claims its failed upload left, naming it, go. */
  async clearPaid(job: string): Promise<void> {
    const assets = await this.api.listAssets(this.release.id)
    for (const asset of assets) {
      if (isClaimAsset(asset) && readClaim(asset.label)?.paidJob === job) await this.api.deleteAsset(asset.id).catch(() => {})
    }
  }

  async releaseAll(): Promise<void> {
    const assets = [...this.held.values()].flat()
    this.held.clear()
    for (const asset of assets) await this.api.deleteAsset(asset.id).catch(() => {})
  }

  private refusal(want: Wanted, holder: ReleaseAsset): string {
    const facts = readClaim(holder.label)
    const tag = inert(this.release.tag, 200)
    if (!facts) {
      return `release ${tag} has an asset named ${inert(holder.name, 200)} that this action uses for its claims, with a label it did not write (${inert(holder.label, 200)}): remove that asset, then run this again`
    }
    const who = `run ${inert(facts.runId, 40)} (attempt ${facts.attempt}, step ${inert(facts.step, 40)})`
    const expiry = `its claim lasts until ${facts.until.toISOString()}, or until a re-run of that workflow run takes it over`
    if (sameOwner(facts.owner, want.owner) && facts.paidJob) {
      const proofread = 'proofreadId' in want.owner ? [`    proofread_id: ${want.owner.proofreadId}`] : []
      return [
        `${ownerWords(want.owner)} was paid for by ${who} (job ${inert(facts.paidJob, 80)}), which could not publish it to release ${tag}; this step pays nothing for it again. Publish that job by resuming it:`,
        '  with:',
        `    video_translate_id: ${inert(facts.paidJob, 80)}`,
        ...proofread,
        `    release: ${tag}`,
        `(the claim that says so lasts until ${facts.until.toISOString()})`,
      ].join('\n')
    }
    if (sameOwner(facts.owner, want.owner)) {
      return `${ownerWords(want.owner)} is being generated for release ${tag} by ${who} right now, so this step starts no second HeyGen job (${expiry}). Run this again once that run has ended: the release's ledger then holds its video and nothing is paid twice`
    }
    const base = want.what.kind === 'name' ? want.what.base : ''
    return `${ownerWords(facts.owner)}, generated by ${who}, will publish assets named ${inert(base, 200)}.* to release ${tag}, as ${ownerWords(want.owner)} would: add {proofread_id} or {output_language} to download_path's file name so each proofread has its own (${expiry})`
  }
}
