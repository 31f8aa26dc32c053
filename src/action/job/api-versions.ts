// Which HeyGen API version each call goes to. `v2` and `v3` are fixed; `auto` (the default) keeps the product's
// contract, the v2 route first, and goes on with v3 once HeyGen answers that v2 is gone (404/410 start nothing). A
// re-run attempt under auto goes to v3 first: an earlier attempt's v3 job replays there, and v2 would pay again.
import { HeyGenError } from '../../heygen/api-error.js'
import { type Generated, HeyGenClient } from '../../heygen/client.js'
import type { ApiVersion, GenerateRequest } from '../../heygen/request.js'
import type { RateLimitPause } from '../../heygen/retry.js'
import type { Transport } from '../../transport/http.js'
import type { StepTiming } from '../../util/timing.js'
import type { Place } from '../../util/concurrency.js'
import type { Config } from '../config/inputs.js'

export interface VersionedGenerated extends Generated {
  /** The version that created the job: it is polled on that version. */
  version: ApiVersion
}

/** What a step has learnt about v2 under auto: shared by every proofread of the step. */
export class AutoChoice {
  v2Gone = false
  /** Settles with the first v2 answer, so the rest of a batch learns from it instead of each asking v2. */
  firstV2Answer: Promise<unknown> | undefined
  private toldRerun = false

  /** `rerun`: the workflow run's attempt (GITHUB_RUN_ATTEMPT) when it is past the first, which sends v3 first. */
  constructor(
    private readonly notice: (message: string) => void,
    readonly rerun?: number,
  ) {}

  /** A re-run goes where an earlier attempt's Idempotency-Key replays: said once per step. */
  markRerun(): void {
    if (this.toldRerun || this.rerun === undefined) return
    this.toldRerun = true
    this.notice(
      `This is attempt ${this.rerun} of the workflow run: under api_version auto a re-run sends v3 first, where an earlier attempt's job replays under the same Idempotency-Key instead of being paid twice (v2 has no such key).`,
    )
  }

  markV2Gone(status: number | undefined): void {
    if (this.v2Gone) return
    this.v2Gone = true
    this.notice(
      `HeyGen's v2 route answered HTTP ${status ?? '404/410'}: v2 was retired on 1 November 2026, so this step went on with v3 (nothing was started on v2). Set \`api_version: v3\` to skip the v2 attempt.`,
    )
  }
}

export class ApiVersions {
  private readonly clients: Record<ApiVersion, HeyGenClient>

  constructor(
    private readonly config: Config,
    transport: Transport,
    pause: RateLimitPause,
    private readonly auto: AutoChoice,
    onRetry?: (message: string) => void,
    onGenerate?: (event: 'sent' | 'replayed') => void,
    timing?: StepTiming,
  ) {
    const clientOf = (version: ApiVersion) =>
      new HeyGenClient({
        baseUrl: config.heygen.baseUrl,
        apiKey: config.heygen.apiKey,
        version,
        transport,
        pause,
        quietRetired: config.heygen.apiVersion === 'auto',
        ...(onRetry ? { onRetry } : {}),
        ...(onGenerate ? { onGenerate } : {}),
        ...(timing ? { timing } : {}),
      })
    this.clients = { v2: clientOf('v2'), v3: clientOf('v3') }
  }

  client(version: ApiVersion): HeyGenClient {
    return this.clients[version]
  }

  /** Where a generate call would go first: for a dry run, which sends nothing. */
  get firstVersion(): ApiVersion {
    return this.config.heygen.apiVersion === 'v3' || this.auto.v2Gone || this.auto.rerun !== undefined ? 'v3' : 'v2'
  }

  /**
   * Starts the paid job. Under auto a second paid call for the proofread is sent only when the v2 route answered
   * 404 or 410, which start nothing; every other v2 failure (5xx, reset, timeout, an answer naming a job) is
   * reported, never sent to v3. A re-run attempt under auto skips v2.
   */
  async generate(proofreadId: string, request: GenerateRequest, idempotencyKey: () => string, place?: Place): Promise<VersionedGenerated> {
    const choice = this.config.heygen.apiVersion
    if (choice === 'v2') return this.attempt('v2', this.clients.v2.generate(proofreadId, request, undefined, place))
    if (choice === 'auto' && this.auto.rerun !== undefined) this.auto.markRerun()
    else if (choice === 'auto') {
      if (this.auto.firstV2Answer) await this.auto.firstV2Answer
      if (!this.auto.v2Gone) {
        const attempt = this.attempt('v2', this.clients.v2.generate(proofreadId, request, undefined, place))
        this.auto.firstV2Answer ??= attempt.catch(() => {})
        try {
          return await attempt
        } catch (error) {
          if (!(error instanceof HeyGenError && error.details.routeGone && !error.details.mayHaveStarted)) throw error
          this.auto.markV2Gone(error.details.status)
        }
      }
    }
    return this.attempt('v3', this.clients.v3.generate(proofreadId, request, idempotencyKey(), place))
  }

  /** Labels the outcome with its version: the money facts of a failure depend on it. */
  private async attempt(version: ApiVersion, call: Promise<Generated>): Promise<VersionedGenerated> {
    try {
      return { ...(await call), version }
    } catch (error) {
      if (error instanceof HeyGenError) error.details.apiVersion = version
      throw error
    }
  }

  /** The version that knows an existing job: under auto, v3's status route first, v2's on a 404. */
  async versionOf(videoTranslateId: string): Promise<ApiVersion> {
    const choice = this.config.heygen.apiVersion
    if (choice !== 'auto') return choice
    try {
      await this.clients.v3.getStatus(videoTranslateId)
    } catch (error) {
      if (error instanceof HeyGenError && error.details.status === 404) return this.knownOnV2(videoTranslateId)
      // Anything else (a 5xx, a network failure) is for the wait loop to retry on v3.
    }
    return 'v3'
  }

  /** v3 does not know the job: v2 must, or the user learns that both versions were asked. */
  private async knownOnV2(videoTranslateId: string): Promise<ApiVersion> {
    try {
      await this.clients.v2.getStatus(videoTranslateId)
    } catch (error) {
      const status = error instanceof HeyGenError ? error.details.status : undefined
      if (status === 404 || status === 410) {
        throw new HeyGenError(
          `HeyGen knows no job with video_translate_id ${videoTranslateId}: it was looked up on both versions, and v3 answered 404 and v2 ${status}`,
          { status, mayHaveStarted: false },
        )
      }
      // Anything else (a 5xx, a network failure) is for the wait loop to retry on v2.
    }
    return 'v2'
  }
}
