export const id = 367;
export const ids = [367];
export const modules = {

/***/ 6367:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gS: () => (/* binding */ openRelease)
});

// UNUSED EXPORTS: describeRefusal, openReleaseWith, recoveryBlock, wantedFor

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/github/assets.ts
var github_assets = __webpack_require__(8534);
;// CONCATENATED MODULE: ./src/github/errors.ts
// GitHub's refusals in the user's words: what went wrong, and which permission or release to fix.
class GitHubError extends Error {
    status;
    retryable;
    retryAfterMs;
    constructor(message, 
    /** GitHub's HTTP status; 0 when no answer came (a reset, a timeout). */
    status, 
    /** Worth another try: 5xx, 429, a secondary rate limit, or no answer at all. */
    retryable, 
    /** How long GitHub asked to wait (Retry-After), in ms. */
    retryAfterMs) {
        super(message);
        this.status = status;
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
        this.name = 'GitHubError';
    }
}
/** The sentence that says what a 401/403/404 from GitHub means for publishing. */
function permissionHint(status, what) {
    if (status === 401)
        return `GitHub refused the token (401) while it ${what}: check \`github_token\``;
    if (status === 403) {
        return `GitHub refused (403) while it ${what}: the token needs \`permissions: contents: write\` on the job that publishes (GITHUB_TOKEN), or a token with write access to the repository's contents`;
    }
    if (status === 404) {
        return `GitHub answered 404 while it ${what}: the release or the repository is not there for this token (a draft release has no tag yet; a token without \`contents: read\` sees nothing)`;
    }
    return `GitHub answered ${status} while it ${what}`;
}

// EXTERNAL MODULE: ./src/util/outside-text.ts
var outside_text = __webpack_require__(2827);
// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
// EXTERNAL MODULE: ./src/util/timing.ts
var util_timing = __webpack_require__(620);
;// CONCATENATED MODULE: ./src/github/retry.ts
// GitHub calls that may be tried again (reads, deletes, renames and uploads that broke): 5xx, 429, a secondary
// rate limit (403 with Retry-After or its message) and a lost connection; never a 4xx that names a mistake.




/** True for the 403 GitHub sends when a secondary rate limit is hit: it carries Retry-After or says so. */
function isRateLimited(status, retryAfter, message) {
    return status === 429 || (status === 403 && (retryAfter !== undefined || /rate limit/i.test(message)));
}
/** The error for one GitHub answer or failure, sorted into retryable or not. */
function gitHubError(status, message, retryAfter, timing = util_timing/* PRODUCTION_TIMING */.Z) {
    const limited = isRateLimited(status, retryAfter, message);
    const retryable = status === 0 || status >= 500 || limited;
    // A secondary rate limit without Retry-After asks for at least a minute; tests set Retry-After.
    const wait = (0,retry/* parseRetryAfter */.mu)(retryAfter, Date.now(), timing) ?? (limited ? timing.githubRateLimitMs : undefined);
    // GitHub's message is outside text: one bounded, inert line.
    return new GitHubError((0,outside_text/* inert */.tJ)(message, 300), status, retryable, wait);
}
async function withRetries(call, options) {
    const timing = options.timing ?? util_timing/* PRODUCTION_TIMING */.Z;
    return (0,retry/* retrying */.R$)(call, {
        maxAttempts: timing.githubAttempts,
        timing: { ...timing, backoffBaseMs: timing.githubBackoffBaseMs },
        classify: (error) => gitHubVerdict(error, options.signal),
        signal: options.signal,
        onRetry: (error, delay, attempt) => options.onRetry(`${error.message}; trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt} of ${timing.githubAttempts})`),
    });
}
/** GitHub's rule: a failure GitHub marks retryable (5xx, rate limits, a lost connection), unless the step stopped. */
function gitHubVerdict(error, signal) {
    if (!(error instanceof GitHubError) || !error.retryable || signal.aborted)
        return undefined;
    return { counted: true, retryAfterMs: error.retryAfterMs };
}

;// CONCATENATED MODULE: ./src/github/api.ts
// The release API through @actions/github's Octokit (which honours GITHUB_API_URL, so GitHub Enterprise Server
// works): find a release, list, rename and delete its assets. Loaded only when a step publishes.



class ReleaseApi {
    octokit;
    options;
    constructor(octokit, options) {
        this.octokit = octokit;
        this.options = options;
    }
    static async open(options) {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const quiet = () => { };
        const octokit = getOctokit(options.token, {
            baseUrl: options.apiUrl.replace(/\/$/, ''),
            log: { debug: quiet, info: quiet, warn: options.onRetry, error: quiet },
        });
        return new ReleaseApi(octokit, options);
    }
    get owner() {
        const [owner = '', repo = ''] = this.options.repository.split('/');
        return { owner, repo };
    }
    /** One REST call, retried when GitHub says it may be (5xx, rate limits); its error sorted for the caller. */
    async call(route, parameters) {
        return withRetries(async () => {
            try {
                const signal = AbortSignal.any([this.options.signal, AbortSignal.timeout(this.options.timeoutMs)]);
                return await this.octokit.request(route, { ...this.owner, ...parameters, request: { signal } });
            }
            catch (error) {
                throw asGitHubError(error);
            }
        }, { signal: this.options.signal, onRetry: this.options.onRetry, ...(this.options.timing ? { timing: this.options.timing } : {}) });
    }
    /**
     * The release with this tag or id. GitHub's get-by-tag route does not return drafts, so when it answers 404 the
     * releases are listed (drafts included for a token that can write) and a draft with the tag is taken.
     */
    async findRelease(ref) {
        if ('id' in ref)
            return (0,github_assets/* readRelease */.iJ)((await this.call('GET /repos/{owner}/{repo}/releases/{release_id}', { release_id: ref.id })).data);
        try {
            return (0,github_assets/* readRelease */.iJ)((await this.call('GET /repos/{owner}/{repo}/releases/tags/{tag}', { tag: ref.tag })).data);
        }
        catch (error) {
            if (!(error instanceof GitHubError && error.status === 404))
                throw error;
            const draft = await this.findDraft(ref.tag);
            if (!draft)
                throw error;
            return draft;
        }
    }
    /** A draft release whose tag (the tag it will create when published) is this one, from the release list. */
    async findDraft(tag) {
        // 100 per page, 10 pages: a repository's newest 1000 releases, which is where a draft being prepared is.
        for (let page = 1; page <= 10; page++) {
            const answer = await this.call('GET /repos/{owner}/{repo}/releases', { per_page: 100, page });
            if (!Array.isArray(answer.data))
                throw new GitHubError('GitHub answered the release list with something else than a list', 200, false);
            const draft = answer.data.map(github_assets/* readRelease */.iJ).find((release) => release.draft && release.tag === tag);
            if (draft)
                return draft;
            if (answer.data.length < 100)
                return undefined;
        }
        return undefined;
    }
    /** Every asset of the release, page by page (a release holds at most 1000). */
    async listAssets(releaseId) {
        const assets = [];
        for (let page = 1; page <= 10; page++) {
            const answer = await this.call('GET /repos/{owner}/{repo}/releases/{release_id}/assets', { release_id: releaseId, per_page: 100, page });
            if (!Array.isArray(answer.data))
                throw new GitHubError('GitHub answered the asset list with something else than a list', 200, false);
            assets.push(...answer.data.map(github_assets/* readAsset */.fs));
            if (answer.data.length < 100)
                break;
        }
        return assets;
    }
    async deleteAsset(assetId) {
        try {
            await this.call('DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}', { asset_id: assetId });
        }
        catch (error) {
            // Already gone (a retry after a lost answer, or another leg): what was wanted.
            if (!(error instanceof GitHubError && error.status === 404))
                throw error;
        }
    }
    async renameAsset(assetId, name, label) {
        return (0,github_assets/* readAsset */.fs)((await this.call('PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}', { asset_id: assetId, name, label })).data);
    }
}
/** Octokit's RequestError (or a network failure) as a GitHubError: status, GitHub's message, Retry-After. */
function asGitHubError(error) {
    if (error instanceof GitHubError)
        return error;
    const failure = error;
    const status = typeof failure.status === 'number' ? failure.status : 0;
    const data = failure.response?.data;
    const message = typeof data?.message === 'string' ? data.message : (failure.message ?? String(error));
    const retryAfter = failure.response?.headers?.['retry-after'];
    // Octokit reports a failed fetch (reset, refused) as status 500 without a response: no answer came.
    return gitHubError(failure.response ? status : 0, message, typeof retryAfter === 'string' ? retryAfter : undefined);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/transport/dispatcher.ts
var dispatcher = __webpack_require__(4724);
;// CONCATENATED MODULE: ./src/transport/file-body.ts
// A file as a request body, read chunk after chunk into one buffer that is reused: a fresh buffer a chunk cost the
// sender a page fault every 4 KiB (issue 28: 1 GiB to a release took 1.8 s of CPU that way, 0.4 s this way, as curl).
// Reuse is safe because undici pulls an iterable body one chunk at a time and, whenever the socket's write() returns
// false, waits for its 'drain' before the next pull (client-h1's writeIterable); a chunk is larger than any socket's
// high-water mark, so write() returns false for every full chunk, and 'drain' comes only once the socket is done with it.

/** Well above a socket's high-water mark (64 KiB in Node 24); 1 MiB read the fastest of 64 KiB to 8 MiB (BENCHMARKS.md). */
const FILE_CHUNK_BYTES = 1024 * 1024;
/** The file's bytes, each chunk a view of the same buffer: the consumer must be done with one before it asks for the next. */
async function* fileChunks(file, chunkBytes = FILE_CHUNK_BYTES) {
    const handle = await (0,promises_.open)(file);
    try {
        const buffer = Buffer.allocUnsafeSlow(chunkBytes);
        for (;;) {
            let filled = 0;
            // A short read is not the end: every chunk but the last fills the buffer, so each stays above the high-water mark.
            while (filled < buffer.length) {
                const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
                if (bytesRead === 0)
                    break;
                filled += bytesRead;
            }
            if (filled > 0)
                yield buffer.subarray(0, filled);
            if (filled < buffer.length)
                return;
        }
    }
    finally {
        await handle.close();
    }
}

// EXTERNAL MODULE: ./src/github/origins.ts
var origins = __webpack_require__(4332);
;// CONCATENATED MODULE: ./src/github/upload.ts
// One asset upload: the file streamed from disk (never held in memory) with undici to the upload URL GitHub gave
// for the release, with the same token. Octokit would buffer the body, so this one request does not use it.








/** GitHub refuses release assets of 2 GiB or more. */
const MAX_ASSET_BYTES = 2 * 1024 ** 3;
class TooLargeForGitHubError extends Error {
    file;
    size;
    constructor(file, size) {
        super(`${file} is ${size} bytes: GitHub takes release assets under 2 GiB (${MAX_ASSET_BYTES} bytes), so it was kept on disk and not uploaded`);
        this.file = file;
        this.size = size;
        this.name = 'TooLargeForGitHubError';
    }
}
async function uploadAsset(upload, options) {
    if (!(0,origins/* isGitHubUploadUrl */.o7)(upload.uploadUrl, options.apiUrl)) {
        throw new GitHubError(`the upload URL is not GitHub's uploads origin ${(0,origins/* gitHubOrigins */.jz)(options.apiUrl).uploads}: the token is not sent there`, 0, false);
    }
    const { size } = await (0,promises_.stat)(upload.file);
    if (size >= MAX_ASSET_BYTES)
        throw new TooLargeForGitHubError(upload.file, size);
    return post(upload, fileChunks(upload.file), size, options);
}
/** A few bytes uploaded as an asset (a claim): the same request, the body from memory. */
async function uploadBytes(upload, options) {
    return post(upload, upload.bytes, upload.bytes.length, options);
}
async function post(upload, body, size, options) {
    const url = new URL(upload.uploadUrl);
    url.searchParams.set('name', upload.name);
    url.searchParams.set('label', upload.label);
    let answer;
    try {
        answer = await (0,undici.request)(url, {
            method: 'POST',
            // GitHub's own origin (GitHub Enterprise may sit on a private address): never judged as a file link.
            dispatcher: (0,dispatcher/* trusting */.h3)(options.dispatcher, [(0,origins/* gitHubOrigins */.jz)(options.apiUrl).uploads]),
            signal: options.signal,
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
            headers: {
                authorization: `token ${options.token}`,
                accept: 'application/vnd.github+json',
                'content-type': upload.contentType,
                'content-length': String(size),
                'user-agent': options.userAgent,
                'x-github-api-version': '2022-11-28',
            },
            // undici sends an async iterable body a chunk at a time (its request.js takes one), though its types omit it.
            body: body,
        });
    }
    catch (error) {
        // Closes the file if undici never read to the end.
        if (!Buffer.isBuffer(body))
            await body.return();
        if (options.signal.aborted)
            throw error;
        // No answer: the asset may be half there; the caller removes it before trying again.
        throw new GitHubError(`the upload of ${upload.name} broke off: ${error.message}`, 0, true);
    }
    const text = await answer.body.text().catch(() => '');
    if (answer.statusCode === 201)
        return (0,github_assets/* readAsset */.fs)(JSON.parse(text));
    const retryAfter = answer.headers['retry-after'];
    throw gitHubError(answer.statusCode, messageOf(text, answer.statusCode), typeof retryAfter === 'string' ? retryAfter : undefined);
}
function messageOf(text, status) {
    try {
        const parsed = JSON.parse(text);
        const code = parsed.errors?.find((e) => typeof e.code === 'string')?.code;
        if (typeof parsed.message === 'string')
            return `${parsed.message}${typeof code === 'string' ? ` (${code})` : ''}`;
    }
    catch {
        // Not JSON: the status says enough.
    }
    return `HTTP ${status}`;
}

;// CONCATENATED MODULE: ./src/github/claims.ts
// An atomic claim on a release, built on the one thing GitHub guarantees to concurrent writers: asset names are
// unique per release, so of several uploads of one name exactly one is answered 201 and the others 422
// `already_exists`. A claim is a few bytes uploaded under an agreed name; whoever's upload lands holds it.



/** GitHub's answer to an upload or a rename onto a name the release already has. */
function isAlreadyExists(error) {
    return error instanceof GitHubError && error.status === 422 && /already_exists/.test(error.message);
}
/**
 * Uploads the claim asset. On 422 the holder is read and `takeover` decides: a live one is answered as `taken`; a
 * stale one is deleted by its id and the upload tried again, or adopted (relabelled as ours where it stands). When no answer came (a timeout,
 * a reset, a 5xx), the listing says whether the claim landed: ours (same label) is kept, a broken one removed.
 */
async function placeClaim(api, release, claim, options, takeover) {
    let failure;
    for (let attempt = 1; attempt <= util_timing/* PRODUCTION_TIMING */.Z.githubAttempts + 1; attempt++) {
        try {
            return {
                placed: await uploadBytes({ uploadUrl: release.uploadUrl, name: claim.name, label: claim.label, contentType: 'application/json', bytes: claim.bytes }, options),
            };
        }
        catch (error) {
            failure = error;
            const unanswered = error instanceof GitHubError && error.retryable;
            if (!unanswered && !isAlreadyExists(error))
                throw error;
            const holder = (await api.listAssets(release.id)).find((asset) => asset.name === claim.name);
            if (!holder)
                continue;
            // Our own upload whose answer was lost: it is the claim, once complete; half of one is removed and sent again.
            if (holder.label === claim.label) {
                if (holder.state === 'uploaded')
                    return { placed: holder };
                await api.deleteAsset(holder.id);
                continue;
            }
            const decision = takeover(holder);
            if (decision === 'keep')
                return { taken: holder };
            // A stale claim is taken over: deleted by its id (404 if another writer got there first), then raced for again.
            if (decision === 'delete')
                await api.deleteAsset(holder.id);
            else {
                try {
                    return { placed: await api.renameAsset(holder.id, holder.name, decision.adopt) };
                }
                catch (error) {
                    // Gone meanwhile: raced for again.
                    if (!(error instanceof GitHubError && error.status === 404))
                        throw error;
                }
            }
        }
    }
    throw failure instanceof Error ? failure : new Error(String(failure));
}

;// CONCATENATED MODULE: ./src/github/which-release.ts
/** The release to look up, or a sentence saying why `auto` finds none in this run. */
function releaseRefFor(input, event) {
    if (input !== 'auto')
        return { tag: input };
    const release = event.payload.release;
    if (event.eventName === 'release' && typeof release?.id === 'number')
        return { id: release.id };
    const tag = /^refs\/tags\/(.+)$/.exec(event.ref)?.[1];
    if (tag)
        return { tag };
    return `\`release: auto\` needs a run started by a release event (on: release: types: [published]) or by a pushed tag; this run is a ${event.eventName || 'run'} on ${event.ref || 'no ref'}: give the tag instead, e.g. \`release: v1.4.0\``;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/action/publish/claims.ts
// Claim before paying: before a credit is spent, the step reserves on the release the proofreads it will generate
// and the asset names it will publish (src/github/claims.ts: one small asset per claim, atomic by GitHub's unique
// names). Two legs or runs that would pay for one proofread, or publish one name, learn it before paying: the
// second is refused with words naming the first. Claims go when the proofread is published or fails, and when the
// step ends. One left by a run that died expires at its `until` (the claiming step's wait_timeout plus a margin: no
// step runs longer), and a re-run of the same workflow run takes it over at once (GitHub starts a re-run only once
// every job of the earlier attempt has ended).



function claimantOf(env = process.env, resuming) {
    const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
    return {
        runId: /^\d+$/.test(env.GITHUB_RUN_ID ?? '') ? env.GITHUB_RUN_ID : 'local',
        attempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
        step: (0,external_node_crypto_.randomUUID)().slice(0, 13),
        ...(resuming ? { resuming } : {}),
    };
}
const LABEL = /^heygen claim · (proofread|job) (\S+) · run (\S+) · attempt (\d+) · step (\S+) · until (\S+)(?: · paid job (\S+))?$/;
/** How long a claim whose job was paid but not published holds its proofread: time to use the resume block. */
const PAID_CLAIM_MS = 7 * 24 * 3600_000;
function claimLabel(facts) {
    const owner = 'proofreadId' in facts.owner ? `proofread ${facts.owner.proofreadId}` : `job ${facts.owner.videoTranslateId}`;
    const paid = facts.paidJob ? ` · paid job ${facts.paidJob}` : '';
    return `heygen claim · ${owner} · run ${facts.runId} · attempt ${facts.attempt} · step ${facts.step} · until ${facts.until.toISOString()}${paid}`;
}
function readClaim(label) {
    const match = LABEL.exec(label);
    if (!match)
        return undefined;
    const until = new Date(match[6] ?? '');
    if (Number.isNaN(until.getTime()))
        return undefined;
    const id = match[2] ?? '';
    return {
        owner: match[1] === 'proofread' ? { proofreadId: id } : { videoTranslateId: id },
        runId: match[3] ?? '',
        attempt: Number(match[4]),
        step: match[5] ?? '',
        until,
        ...(match[7] ? { paidJob: match[7] } : {}),
    };
}
/** The asset name a claim lives under: a hash, so any proofread id or file name gives a name GitHub keeps as it is. */
function claimAssetName(wanted) {
    const owner = 'proofreadId' in wanted.owner ? `proofread ${wanted.owner.proofreadId}` : `job ${wanted.owner.videoTranslateId}`;
    const what = wanted.what.kind === 'payment' ? owner : `name ${wanted.what.base.toLowerCase()}`;
    return `heygen-claim-${(0,external_node_crypto_.createHash)('sha256').update(what).digest('hex').slice(0, 24)}.json`;
}
/** Whether an asset is a claim (by its name's shape): claims are the protocol's, never published files. */
const isClaimAsset = (asset) => /^heygen-claim-[0-9a-f]{24}\.json$/.test(asset.name);
/**
 * A claim that no longer holds: past its `until`; an earlier attempt of this workflow run (which replays the same
 * job by its Idempotency-Key); or, for a claim naming a paid job, the step that resumes that very job.
 */
function isStale(holder, me, now = new Date()) {
    if (holder.paidJob !== undefined && holder.paidJob === me.resuming)
        return true;
    return holder.until.getTime() <= now.getTime() || (holder.runId === me.runId && holder.runId !== 'local' && holder.attempt < me.attempt);
}
const ownerWords = (owner) => ('proofreadId' in owner ? `proofread ${owner.proofreadId}` : `job ${owner.videoTranslateId}`);
const sameOwner = (a, b) => ownerWords(a) === ownerWords(b);
class ReleaseClaims {
    api;
    release;
    upload;
    claimant;
    lifetimeMs;
    /** The claims this step holds, by owner. */
    held = new Map();
    /** The payment claims among them (asset id -> its owner), which a paid job that could not be published keeps. */
    payments = new Map();
    constructor(api, release, upload, claimant, 
    /** How long a claim lasts: the step's wait_timeout and a margin for the uploads. */
    lifetimeMs) {
        this.api = api;
        this.release = release;
        this.upload = upload;
        this.claimant = claimant;
        this.lifetimeMs = lifetimeMs;
    }
    /**
     * Takes every claim (sorted, so two steps wanting the same set meet at the same first name), or none: the words
     * that refuse the step when another live run holds one. Anything GitHub refuses is thrown.
     */
    async take(wanted) {
        const until = new Date(Date.now() + this.lifetimeMs);
        const sorted = [...new Map(wanted.map((w) => [claimAssetName(w), w])).entries()].sort(([a], [b]) => a.localeCompare(b));
        for (const [name, want] of sorted) {
            const label = claimLabel({ owner: want.owner, ...this.claimant, until });
            const body = Buffer.from(`${JSON.stringify({ claim: want, run: this.claimant, until: until.toISOString() })}\n`);
            // A stale claim naming a paid job is adopted in place, still naming the job: were it deleted, another run
            // could claim the free name in that moment and pay for the proofread again.
            const takeover = (holder) => {
                const facts = readClaim(holder.label);
                if (!facts || !isStale(facts, this.claimant))
                    return 'keep';
                if (!facts.paidJob)
                    return 'delete';
                const kept = facts.until.getTime() > until.getTime() ? facts.until : until;
                return { adopt: claimLabel({ owner: want.owner, ...this.claimant, until: kept, paidJob: facts.paidJob }) };
            };
            let placement;
            try {
                placement = await placeClaim(this.api, this.release, { name, label, bytes: body }, this.upload, takeover);
            }
            catch (error) {
                await this.releaseAll();
                throw error;
            }
            if ('taken' in placement) {
                await this.releaseAll();
                return this.refusal(want, placement.taken);
            }
            const key = ownerWords(want.owner);
            this.held.set(key, [...(this.held.get(key) ?? []), placement.placed]);
            if (want.what.kind === 'payment')
                this.payments.set(placement.placed.id, want.owner);
        }
        return undefined;
    }
    /**
     * What taking these claims now would meet, without taking them (a dry run): the refusal another live run's claim
     * would give, or undefined when every claim is free or stale.
     */
    check(wanted, assets) {
        for (const want of wanted) {
            const holder = assets.find((asset) => asset.name === claimAssetName(want));
            const facts = holder && readClaim(holder.label);
            if (holder && (!facts || !isStale(facts, this.claimant)))
                return this.refusal(want, holder);
        }
        return undefined;
    }
    /** Whether this step holds the asset (a claim of its own). */
    holds(asset) {
        return [...this.held.values()].some((assets) => assets.some((a) => a.id === asset.id));
    }
    /** The claims of one proofread (or job) go: it is published, or failed. A claim already gone is what was wanted. */
    async releaseFor(owner) {
        const key = ownerWords(owner);
        const assets = this.held.get(key) ?? [];
        this.held.delete(key);
        for (const asset of assets)
            await this.api.deleteAsset(asset.id).catch(() => { });
    }
    /**
     * The proofread's job was paid for but could not be published: its payment claim stays on the release, naming the
     * job, for PAID_CLAIM_MS, so no other run pays for the proofread again; the step that resumes the job takes it over.
     */
    async keepPaid(owner, job) {
        const key = ownerWords(owner);
        const assets = this.held.get(key) ?? [];
        const payment = assets.find((asset) => this.payments.has(asset.id));
        if (!payment)
            return;
        const label = claimLabel({ owner, ...this.claimant, until: new Date(Date.now() + PAID_CLAIM_MS), paidJob: job });
        try {
            await this.api.renameAsset(payment.id, payment.name, label);
            this.held.set(key, assets.filter((asset) => asset !== payment));
        }
        catch {
            // Not kept (GitHub refused the label): the claim goes with the others, and the resume block is the record.
        }
    }
    /** A paid job is published at last (resumed by its id alone): the claims its failed upload left, naming it, go. */
    async clearPaid(job) {
        const assets = await this.api.listAssets(this.release.id);
        for (const asset of assets) {
            if (isClaimAsset(asset) && readClaim(asset.label)?.paidJob === job)
                await this.api.deleteAsset(asset.id).catch(() => { });
        }
    }
    async releaseAll() {
        const assets = [...this.held.values()].flat();
        this.held.clear();
        for (const asset of assets)
            await this.api.deleteAsset(asset.id).catch(() => { });
    }
    refusal(want, holder) {
        const facts = readClaim(holder.label);
        const tag = (0,outside_text/* inert */.tJ)(this.release.tag, 200);
        if (!facts) {
            return `release ${tag} has an asset named ${(0,outside_text/* inert */.tJ)(holder.name, 200)} that this action uses for its claims, with a label it did not write (${(0,outside_text/* inert */.tJ)(holder.label, 200)}): remove that asset, then run this again`;
        }
        const who = `run ${(0,outside_text/* inert */.tJ)(facts.runId, 40)} (attempt ${facts.attempt}, step ${(0,outside_text/* inert */.tJ)(facts.step, 40)})`;
        const expiry = `its claim lasts until ${facts.until.toISOString()}, or until a re-run of that workflow run takes it over`;
        if (sameOwner(facts.owner, want.owner) && facts.paidJob) {
            const proofread = 'proofreadId' in want.owner ? [`    proofread_id: ${want.owner.proofreadId}`] : [];
            return [
                `${ownerWords(want.owner)} was paid for by ${who} (job ${(0,outside_text/* inert */.tJ)(facts.paidJob, 80)}), which could not publish it to release ${tag}; this step pays nothing for it again. Publish that job by resuming it:`,
                '  with:',
                `    video_translate_id: ${(0,outside_text/* inert */.tJ)(facts.paidJob, 80)}`,
                ...proofread,
                `    release: ${tag}`,
                `(the claim that says so lasts until ${facts.until.toISOString()})`,
            ].join('\n');
        }
        if (sameOwner(facts.owner, want.owner)) {
            return `${ownerWords(want.owner)} is being generated for release ${tag} by ${who} right now, so this step starts no second HeyGen job (${expiry}). Run this again once that run has ended: the release's ledger then holds its video and nothing is paid twice`;
        }
        const base = want.what.kind === 'name' ? want.what.base : '';
        return `${ownerWords(facts.owner)}, generated by ${who}, will publish assets named ${(0,outside_text/* inert */.tJ)(base, 200)}.* to release ${tag}, as ${ownerWords(want.owner)} would: add {proofread_id} or {output_language} to download_path's file name so each proofread has its own (${expiry})`;
    }
}

// EXTERNAL MODULE: ./src/heygen/api-error.ts
var api_error = __webpack_require__(7055);
// EXTERNAL MODULE: ./src/heygen/client.ts + 1 modules
var client = __webpack_require__(3694);
;// CONCATENATED MODULE: ./src/action/publish/heygen-lookups.ts
// The step's HeyGen clients as the ledger's free look-ups: a status call per job, a proofread detail per proofread.


/** A free call tried again on a retryable failure (a 429 or 5xx after the client's own retries), three times at most. */
async function patiently(call) {
    for (let attempt = 1;; attempt++) {
        try {
            return await call();
        }
        catch (error) {
            if (!(error instanceof client/* RetryableError */.dw) || attempt >= 3)
                throw error;
        }
    }
}
const notFound = (error) => error instanceof api_error/* HeyGenError */.r3 && (error.details.status === 404 || error.details.status === 400);
function heygenLookupsFor(versions, apiVersion) {
    return {
        async job(videoTranslateId) {
            try {
                const version = await versions.versionOf(videoTranslateId);
                const status = await patiently(() => versions.client(version).getStatus(videoTranslateId));
                return {
                    found: true,
                    finished: status.state === 'success',
                    ...(status.outputLanguage ? { outputLanguage: status.outputLanguage } : {}),
                };
            }
            catch (error) {
                if (notFound(error))
                    return { found: false, finished: false };
                throw error;
            }
        },
        async proofreadLanguage(proofreadId) {
            // The proofread detail is v3's route: under api_version v2 the step sends nothing to v3, so no language is compared.
            if (apiVersion === 'v2')
                return undefined;
            try {
                return (await patiently(() => versions.client('v3').getProofread(proofreadId))).outputLanguage;
            }
            catch (error) {
                if (notFound(error))
                    return undefined;
                throw error;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/action/publish/ledger.ts
const SEPARATOR = ' · ';
/**
 * The record is the label's tail, read from the end: `<kind> · proofread <id> · job <id>`. Ids hold no spaces, so
 * whatever the language name says (even `… · video · proofread … · job …`), only the last fields are the record.
 */
const RECORD = /(?:^|· )(video|captions|audio only|audio) · (?:proofread (\S+) · )?job (\S+)$/;
/** Labels written before the kind had a field of its own (`Spanish (Spain) captions · proofread … · job …`). */
const LEGACY_RECORD = /(?:^|· )(?:proofread (\S+) · )?job (\S+)$/;
/** `es-ES` -> `Spanish (Spain)`; a language HeyGen already gave by name stays as it is. */
function languageName(language) {
    try {
        return new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard', fallback: 'none' }).of(language) ?? language;
    }
    catch {
        return language;
    }
}
/** `Spanish (Spain) · video · proofread 8ce0-es · job 10c0-es`: the language for people, then the record. */
function labelFor(facts) {
    return [
        ...(facts.language ? [languageName(facts.language).replace(/\s+/g, ' ').trim()] : []),
        facts.kind,
        ...(facts.proofreadId ? [`proofread ${facts.proofreadId}`] : []),
        `job ${facts.videoTranslateId}`,
    ].join(SEPARATOR);
}
/** The record a label holds, or undefined for a label the action did not write. */
function readLabel(label) {
    const record = RECORD.exec(label);
    if (record) {
        return { kind: record[1], ...(record[2] ? { proofreadId: record[2] } : {}), videoTranslateId: record[3] ?? '' };
    }
    const legacy = LEGACY_RECORD.exec(label);
    if (!legacy)
        return undefined;
    // Older labels put the kind after the language; read as they were written (HeyGen confirms any entry before it is used).
    const what = label.slice(0, legacy.index).trim();
    const kind = /(?:^|\s)captions$/i.test(what) ? 'captions' : /(?:^|\s)audio$/i.test(what) ? 'audio' : 'video';
    return { kind, ...(legacy[1] ? { proofreadId: legacy[1] } : {}), videoTranslateId: legacy[2] ?? '' };
}
function matches(facts, key) {
    if (!facts)
        return false;
    return 'proofreadId' in key ? facts.proofreadId === key.proofreadId : facts.videoTranslateId === key.videoTranslateId;
}
/** The release's candidate entries for a proofread (or job), newest first: one per job whose video is uploaded. */
function entriesFor(assets, key) {
    const byJob = new Map();
    for (const asset of assets) {
        const facts = readLabel(asset.label);
        if (asset.state !== 'uploaded' || !facts || !matches(facts, key))
            continue;
        byJob.set(facts.videoTranslateId, [...(byJob.get(facts.videoTranslateId) ?? []), asset]);
    }
    const entries = [];
    for (const [videoTranslateId, own] of byJob) {
        // The video is uploaded last, so its presence means the captions and audio made it too.
        const kindOf = (asset) => readLabel(asset.label)?.kind;
        // An audio-only job's audio ends its entry as a video would.
        const ends = (asset) => kindOf(asset) === 'video' || kindOf(asset) === 'audio only';
        if (!own.some(ends))
            continue;
        entries.push({ videoTranslateId, assets: [...own.filter((a) => !ends(a)), ...own.filter(ends)] });
    }
    // GitHub's asset ids grow: the newest upload first.
    return entries.sort((a, b) => Math.max(...b.assets.map((x) => x.id)) - Math.max(...a.assets.map((x) => x.id)));
}
/** Every asset the release holds for a proofread (or job), complete or not, by label only: never deleted on this alone. */
function assetsOf(assets, key) {
    return assets.filter((asset) => matches(readLabel(asset.label), key));
}

;// CONCATENATED MODULE: ./src/action/publish/words.ts

function closedReleaseWords(release, repository) {
    return [
        `release ${(0,outside_text/* inert */.tJ)(release.tag, 200)} of ${repository} is immutable and already published: GitHub refuses every new, changed or deleted asset on it, so the videos could not be uploaded after paying for them`,
        'Publish into a draft instead: create the release as a draft (e.g. `gh release create v1.4.0 --draft`), run this action with `release: v1.4.0` (it finds the draft by listing releases), then publish the release (`gh release edit v1.4.0 --draft=false`): see docs/publishing.md',
    ].join('. ');
}

;// CONCATENATED MODULE: ./src/action/publish/verify.ts
/** Compared as HeyGen may write one language: letter case and spacing aside. */
const sameLanguage = (a, b) => a
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-') ===
    b
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, '-');
async function confirmEntry(entry, key, heygen) {
    const job = await heygen.job(entry.videoTranslateId);
    if (!job.found)
        return { trusted: false, why: `HeyGen knows no job ${entry.videoTranslateId}` };
    if (!job.finished)
        return { trusted: false, why: `HeyGen's job ${entry.videoTranslateId} is not finished` };
    if ('proofreadId' in key) {
        const wanted = await heygen.proofreadLanguage(key.proofreadId);
        // Both sides must name a language to compare; v2 names none (then existing and finished is what HeyGen can confirm).
        if (wanted !== undefined && job.outputLanguage !== undefined && !sameLanguage(wanted, job.outputLanguage)) {
            return {
                trusted: false,
                why: `HeyGen's job ${entry.videoTranslateId} is in ${job.outputLanguage}, but proofread ${key.proofreadId} is in ${wanted}`,
            };
        }
    }
    return { trusted: true };
}
/** The first entry HeyGen confirms (newest first), and why each other one was not trusted. */
async function trustedEntry(entries, key, heygen) {
    const distrusted = [];
    for (const entry of entries) {
        const verdict = await confirmEntry(entry, key, heygen);
        if (verdict.trusted)
            return { entry, distrusted };
        distrusted.push({ entry, why: verdict.why });
    }
    return { distrusted };
}

// EXTERNAL MODULE: ./src/action/files/paths.ts
var paths = __webpack_require__(7222);
// EXTERNAL MODULE: ./src/action/report/result.ts
var report_result = __webpack_require__(8404);
// EXTERNAL MODULE: ./src/action/runner/runner.ts
var runner = __webpack_require__(4727);
;// CONCATENATED MODULE: ./src/action/publish/publish.ts
// Publishing to a GitHub release: before anything is paid the release is found (a missing one, or one that cannot
// take assets, refuses the step), the ledger says which proofreads it already holds (HeyGen confirms each entry;
// they are not generated again), asset names are checked, and the step claims its proofreads and names
// (claims.ts). After each download the files are uploaded, captions and audio first and the video last, so a video
// asset means its proofread is completely published. The step deletes, renames or replaces only assets it uploaded
// itself, or with `republish` those of a ledger entry HeyGen confirmed; it never touches anyone else's.




















/** How long after the step's wait_timeout a claim lasts: the uploads after the last render, with room to spare. */
const CLAIM_MARGIN_MS = 30 * 60_000;
/** Finds the release and reads its ledger; a refusal (no release, no access, closed) comes back as the step's results. */
async function openRelease(config, transport, versions, timing = util_timing/* PRODUCTION_TIMING */.Z) {
    return openReleaseWith(config, transport, heygenLookupsFor(versions, config.heygen.apiVersion), undefined, timing);
}
/** openRelease with the HeyGen look-ups given (tests give their own). */
async function openReleaseWith(given, transport, heygen, claimant = claimantOf(process.env, given.work.resumeId), timing = util_timing/* PRODUCTION_TIMING */.Z) {
    const options = given.publish;
    if (!options)
        throw new Error('openRelease needs the release input');
    const refuse = (why) => notStarted(given, `${why}. Nothing was generated and no credits were spent.`);
    const ref = releaseRefFor(options.release, await eventFacts());
    if (typeof ref === 'string')
        return refuse(ref);
    const api = await ReleaseApi.open({
        token: options.token,
        apiUrl: options.apiUrl,
        repository: options.repository,
        timeoutMs: given.timing.requestTimeoutMs,
        signal: transport.signal,
        onRetry: (message) => runner/* warning */.$e(`GitHub: ${message}`),
        timing,
    });
    let release;
    let assets;
    try {
        release = await api.findRelease(ref);
        assets = await api.listAssets(release.id);
    }
    catch (error) {
        return refuse(describeRefusal(error, `looked up ${describeRef(ref)} of ${options.repository}`));
    }
    // A job resumed by its id alone, whose failed upload left its proofread's claim: published as that proofread's.
    const config = withProofreadOfPaidClaim(given, assets);
    if (!(0,origins/* isGitHubUploadUrl */.o7)(release.uploadUrl, options.apiUrl)) {
        return refuse(`GitHub's release answer names an upload URL outside GitHub (${(0,outside_text/* inert */.tJ)(release.uploadUrl, 200)}): the token is not sent there`);
    }
    runner/* info */.pq(`Publishing to ${release.draft ? 'draft ' : ''}release ${(0,outside_text/* inert */.tJ)(release.tag, 200)} of ${options.repository} (${assets.length} assets there now)`);
    const replaceable = new Set();
    let published;
    try {
        published = await ledger(config, assets, release, heygen, options.republish ? replaceable : undefined);
    }
    catch (error) {
        return refuse(`HeyGen could not be asked whether the release's ledger entries are real (${error.message})`);
    }
    const pending = {
        proofreadIds: config.work.proofreadIds.filter((id) => !published.has(id)),
        ...(config.work.resumeId && !published.has(config.work.resumeId) ? { resumeId: config.work.resumeId } : {}),
    };
    // An immutable release takes no asset once published: with anything left to upload, paying would only fail then.
    if (!(0,github_assets/* takesAssets */.su)(release) && (pending.proofreadIds.length > 0 || pending.resumeId)) {
        return refuse(closedReleaseWords(release, options.repository));
    }
    const upload = {
        token: options.token,
        apiUrl: options.apiUrl,
        dispatcher: transport.dispatcher,
        signal: transport.signal,
        timeoutMs: Math.max(transport.timeoutMs, 60_000),
        userAgent: transport.userAgent,
    };
    const claims = new ReleaseClaims(api, release, upload, claimant, config.timing.waitTimeoutMs + CLAIM_MARGIN_MS);
    const publishing = { api, release, config, transport, timing, upload, mine: new Set(), replaceable, nonce: claims.claimant.step };
    return {
        release,
        published,
        pending,
        nameClash: (jobs, workspace) => nameClash(jobs, workspace, config, assets, release, replaceable),
        claim: (jobs, workspace) => claimJobs(jobs, workspace, { config, api, release, claims, heygen, published, replaceable }),
        wouldClaim: async (jobs, workspace) => claims.check(wantedFor(jobs, workspace, config), await api.listAssets(release.id)),
        plannedNames: (jobs, workspace) => jobs.map((job) => ('proofreadId' in job ? plannedBase(job, workspace, config) : undefined)),
        publish: async (result, log) => {
            const owner = ownerOf(result, config);
            const outcome = await publishResult(result, log, publishing);
            // Paid for but not published: the payment claim stays, naming the job, so no other run pays for it again.
            if (outcome.error && !result.error && result.video_translate_id)
                await claims.keepPaid(owner, result.video_translate_id);
            // Published or failed: either way this step no longer holds the proofread back from others.
            await claims.releaseFor(owner);
            // A paid job resumed by its id alone: the proofread's claim its failed upload left goes too.
            if (!outcome.error && config.work.resumeId && !config.work.resumeProofreadId)
                await claims.clearPaid(config.work.resumeId).catch(() => { });
            return outcome;
        },
        close: () => claims.releaseAll(),
    };
}
/** The config of a job resumed without proofread_id, given the proofread a claim naming it as paid belongs to (a new value: the step's own is never written). */
function withProofreadOfPaidClaim(config, assets) {
    if (!config.work.resumeId || config.work.resumeProofreadId)
        return config;
    for (const asset of assets) {
        const claim = isClaimAsset(asset) ? readClaim(asset.label) : undefined;
        if (claim?.paidJob === config.work.resumeId && 'proofreadId' in claim.owner)
            return { ...config, work: { ...config.work, resumeProofreadId: claim.owner.proofreadId } };
    }
    return config;
}
const ownerOf = (result, config) => {
    const proofreadId = result.proofread_id || config.work.resumeProofreadId;
    return proofreadId ? { proofreadId } : { videoTranslateId: result.video_translate_id };
};
/**
 * The proofreads (or resumed job) whose assets the release holds and HeyGen confirms, as `published` results. With
 * `replaceable` (republish) nothing counts as published, and the assets of every confirmed entry may be replaced.
 */
async function ledger(config, assets, release, heygen, replaceable) {
    const published = new Map();
    const keys = config.work.resumeId
        ? [[config.work.resumeId, resumeKey(config.work.resumeId, config)]]
        : config.work.proofreadIds.map((id) => [id, { proofreadId: id }]);
    for (const [id, key] of keys) {
        const entries = entriesFor(assets, key);
        if (entries.length === 0)
            continue;
        if (replaceable) {
            // Republish replaces only what HeyGen confirms is this proofread's: a forged label is left alone.
            for (const entry of entries) {
                const { entry: trusted } = await trustedEntry([entry], key, heygen);
                for (const asset of trusted?.assets ?? [])
                    replaceable.add(asset.id);
            }
            continue;
        }
        const { entry, distrusted } = await trustedEntry(entries, key, heygen);
        for (const other of distrusted) {
            const names = other.entry.assets.map((asset) => (0,outside_text/* inert */.tJ)(asset.name, 200)).join(', ');
            runner/* warning */.$e(`Release ${(0,outside_text/* inert */.tJ)(release.tag, 200)}: ${names} ${other.entry.assets.length === 1 ? 'is' : 'are'} labelled as ${describeKey(key)}'s, but ${other.why}: not trusted, and left as it is`);
        }
        if (!entry)
            continue;
        published.set(id, publishedResult(key, entry.videoTranslateId, entry.assets));
        runner/* info */.pq(`Release ${(0,outside_text/* inert */.tJ)(release.tag, 200)} already holds ${describeKey(key)} (job ${(0,outside_text/* inert */.tJ)(entry.videoTranslateId, 200)}, confirmed by HeyGen): not generated again`);
    }
    if (published.size > 0) {
        const total = config.work.resumeId ? 1 : config.work.proofreadIds.length;
        runner/* info */.pq(`Skipped ${published.size} of ${total} already on the release: ${published.size} HeyGen job${published.size === 1 ? '' : 's'} not paid for. Set \`republish: true\` to generate them again.`);
    }
    return published;
}
function publishedResult(key, job, assets) {
    return {
        proofread_id: 'proofreadId' in key ? key.proofreadId : '',
        video_translate_id: job,
        status: 'published',
        asset_urls: assets.map((asset) => asset.downloadUrl),
    };
}
/** A resumed job's ledger key: its proofread's when the recovery block names it, else the job's own. */
const resumeKey = (resumeId, config) => config.work.resumeProofreadId ? { proofreadId: config.work.resumeProofreadId } : { videoTranslateId: resumeId };
const describeKey = (key) => ('proofreadId' in key ? `proofread ${key.proofreadId}` : `job ${key.videoTranslateId}`);
/** The asset base name a proofread's files will have, when it is known before paying (no job id in it). */
function plannedBase(job, workspace, config) {
    const template = config.files.downloadPath;
    if (!template)
        return undefined;
    const destination = (0,paths/* destinationBeforePaying */.SB)(template, job, { workspace, several: config.work.proofreadIds.length > 1 });
    // Named by the job id: such names are known only after paying, and never meet.
    return destination ? (0,github_assets/* assetName */.SM)((0,external_node_path_.basename)(destination.base)).toLowerCase() : undefined;
}
/** Asset names must be distinct before paying: two proofreads on one name, or a name another asset holds, are refused. */
function nameClash(jobs, workspace, config, assets, release, replaceable) {
    const seen = new Map();
    for (const job of jobs) {
        if (!('proofreadId' in job))
            continue;
        const name = plannedBase(job, workspace, config);
        if (name === undefined)
            continue;
        const other = seen.get(name);
        if (other !== undefined) {
            return `proofreads ${other} and ${job.proofreadId} would upload assets of one name (${name}.*) to release ${release.tag}: add {proofread_id} or {output_language} to download_path's file name`;
        }
        seen.set(name, job.proofreadId);
        // The step may replace only a confirmed entry's asset (republish); any other one of the name would stop the
        // upload after paying, so it refuses now. Claims (heygen-claim-*) never share a name with a file.
        const taken = assets.find((asset) => asset.name.toLowerCase().startsWith(`${name}.`) && !replaceable.has(asset.id));
        if (taken && readLabel(taken.label)?.proofreadId === job.proofreadId) {
            return `release ${(0,outside_text/* inert */.tJ)(release.tag, 200)} has an asset named ${(0,outside_text/* inert */.tJ)(taken.name, 200)} labelled as proofread ${job.proofreadId}'s, but HeyGen does not confirm that entry (see the warning above), and the step never deletes what it cannot confirm as its own: remove that asset, or choose another file name in download_path`;
        }
        if (taken) {
            return `release ${(0,outside_text/* inert */.tJ)(release.tag, 200)} already has an asset named ${(0,outside_text/* inert */.tJ)(taken.name, 200)}, which is not proofread ${job.proofreadId}'s: choose another file name in download_path, or remove that asset`;
        }
    }
    return undefined;
}
/** What the step claims for its jobs: each proofread (or resumed job), and each asset name known before paying. */
function wantedFor(jobs, workspace, config) {
    return jobs.flatMap((job) => {
        if (!('proofreadId' in job))
            return [{ owner: resumeKey(job.resumeId, config), what: { kind: 'payment' } }];
        const owner = { proofreadId: job.proofreadId };
        const base = plannedBase(job, workspace, config);
        return [{ owner, what: { kind: 'payment' } }, ...(base ? [{ owner, what: { kind: 'name', base } }] : [])];
    });
}
async function claimJobs(jobs, workspace, claiming) {
    const { config, api, release, claims, heygen, published, replaceable } = claiming;
    const refused = (error) => jobs.map((job) => ({
        proofread_id: 'proofreadId' in job ? job.proofreadId : '',
        video_translate_id: 'resumeId' in job ? job.resumeId : '',
        status: 'not_started',
        error: `${error}. Nothing was generated and no credits were spent.`,
    }));
    try {
        const refusal = await claims.take(wantedFor(jobs, workspace, config));
        if (refusal)
            return refused(refusal);
        // Claimed: whatever another run published between the ledger's first read and now is found, and not paid again.
        const assets = await api.listAssets(release.id);
        const found = [];
        for (const job of config.publish?.republish ? [] : jobs) {
            const key = 'proofreadId' in job ? { proofreadId: job.proofreadId } : resumeKey(job.resumeId, config);
            const { entry } = await trustedEntry(entriesFor(assets, key), key, heygen);
            if (entry)
                found.push({ job, key, entry });
        }
        // A claim frees its name once that run has published: a file another proofread published there meanwhile would
        // stop this upload after paying, so the names are checked again now that this step holds them.
        const clash = nameClash(jobs.filter((job) => !found.some((done) => done.job === job)), workspace, config, assets, release, replaceable);
        if (clash) {
            await claims.releaseAll();
            return refused(clash);
        }
        for (const { job, key, entry } of found) {
            const id = 'proofreadId' in job ? job.proofreadId : job.resumeId;
            published.set(id, publishedResult(key, entry.videoTranslateId, entry.assets));
            runner/* info */.pq(`Release ${(0,outside_text/* inert */.tJ)(release.tag, 200)} now holds ${describeKey(key)} (job ${(0,outside_text/* inert */.tJ)(entry.videoTranslateId, 200)}), published by another run meanwhile: not generated again`);
            await claims.releaseFor(key);
        }
        return undefined;
    }
    catch (error) {
        await claims.releaseAll();
        return refused(describeRefusal(error, `claimed the step's proofreads on release ${release.tag}`));
    }
}
/** An asset of the name is there and is not this step's to replace: left as it is. */
class NotOursError extends Error {
    constructor(name, tag) {
        super(`release ${(0,outside_text/* inert */.tJ)(tag, 200)} has an asset named ${(0,outside_text/* inert */.tJ)(name, 200)} that this step did not upload (another leg, run or person put it there): it was left as it is, and this proofread's file was not published under that name`);
        this.name = 'NotOursError';
    }
}
async function publishResult(given, log, publishing) {
    const { config, release, api } = publishing;
    // A resumed job named by its recovery block's proofread id is published as that proofread's entry.
    const result = !given.proofread_id && config.work.resumeProofreadId ? { ...given, proofread_id: config.work.resumeProofreadId } : given;
    // A proofread that failed, or whose video was not saved, has nothing to publish: its error already says why.
    // An audio-only job without a video (translate_audio_only) publishes its audio, last, as the entry's end.
    const audioOnly = !result.video_path && result.audio_only === true && result.audio_path !== undefined;
    if (result.error || !(result.video_path || audioOnly))
        return result;
    const files = [
        ...(result.caption_path ? [{ file: result.caption_path, kind: 'captions' }] : []),
        ...(result.audio_path && !audioOnly ? [{ file: result.audio_path, kind: 'audio' }] : []),
        ...(result.video_path ? [{ file: result.video_path, kind: 'video' }] : []),
        ...(audioOnly && result.audio_path ? [{ file: result.audio_path, kind: 'audio only' }] : []),
    ];
    const key = result.proofread_id ? { proofreadId: result.proofread_id } : { videoTranslateId: result.video_translate_id };
    const uploaded = [];
    try {
        for (const upload of files) {
            const label = labelFor({
                kind: upload.kind,
                ...(result.output_language ? { language: result.output_language } : {}),
                ...(result.proofread_id ? { proofreadId: result.proofread_id } : {}),
                videoTranslateId: result.video_translate_id,
            });
            uploaded.push(await replaceAsset(upload, label, publishing, log));
        }
        // A republished proofread's older assets under other names (a job id in the name) go once the new video is
        // there: only those of entries HeyGen confirmed as its own.
        const fresh = new Set(uploaded.map((asset) => asset.id));
        for (const old of entriesFor(await api.listAssets(release.id), key).flatMap((entry) => entry.assets)) {
            if (!fresh.has(old.id) && publishing.replaceable.has(old.id))
                await api.deleteAsset(old.id);
        }
    }
    catch (error) {
        const kept = files.map((f) => f.file).join(', ');
        const paid = `video_translate_id ${result.video_translate_id} is finished and paid for`;
        const partial = uploaded.length ? { asset_urls: uploaded.map((asset) => asset.downloadUrl) } : {};
        // Too large for GitHub: trying again cannot help, so no resume block; the file is the user's to place.
        if (error instanceof TooLargeForGitHubError)
            return { ...result, ...partial, error: `${error.message}; ${paid}` };
        const why = error instanceof NotOursError ? error.message : describeRefusal(error, `uploaded to release ${release.tag}`);
        return {
            ...result,
            ...partial,
            error: `${why}. The files stay on disk (${kept}); ${paid}.\n${recoveryBlock(result, config)}`,
        };
    }
    log.info(`Published ${uploaded.map((asset) => (0,outside_text/* inert */.tJ)(asset.name, 200)).join(', ')} to release ${(0,outside_text/* inert */.tJ)(release.tag, 200)}`);
    return { ...result, asset_urls: uploaded.map((asset) => asset.downloadUrl) };
}
/** The resume block of a paid job whose upload failed: it resumes into the same release, as the same proofread. */
function recoveryBlock(result, config) {
    return [
        (0,report_result/* resumeHint */.tJ)(result.video_translate_id, config),
        `    release: ${config.publish?.release ?? ''}`,
        // The proofread id makes the resumed job's assets its ledger entry: a later run for the proofread finds them.
        ...(result.proofread_id ? [`    proofread_id: ${result.proofread_id}`] : []),
    ].join('\n');
}
/**
 * Uploads one file under its name. A name that is free is uploaded onto (a 422 means someone else took it meanwhile:
 * left as it is). A name this step may replace (its own upload, or with republish a confirmed entry's) is replaced
 * without a gap: the new file goes up under a temporary name, the old one is renamed aside, the new one renamed to
 * the name, and only then is the old one deleted; at every moment the release holds the old file or the new one.
 */
async function replaceAsset(upload, label, publishing, log) {
    const { api, release, mine, replaceable, nonce } = publishing;
    const name = (0,github_assets/* assetName */.SM)((0,external_node_path_.basename)(upload.file));
    const existing = (await api.listAssets(release.id)).find((asset) => asset.name === name);
    if (!existing)
        return uploadWithRetries(upload, name, label, publishing, log);
    if (!mine.has(existing.id) && !replaceable.has(existing.id)) {
        // The same job's complete file (a resumed step after one whose answer was lost): already published.
        if (existing.state === 'uploaded' && existing.label === label)
            return existing;
        throw new NotOursError(name, release.tag);
    }
    if (existing.state !== 'uploaded') {
        await api.deleteAsset(existing.id);
        return uploadWithRetries(upload, name, label, publishing, log);
    }
    const extension = (0,external_node_path_.extname)(name);
    const aside = (word) => (0,github_assets/* assetName */.SM)(`${name.slice(0, name.length - extension.length)}.${word}-${nonce}${extension}`);
    const fresh = await uploadWithRetries(upload, aside('new'), label, publishing, log);
    await api.renameAsset(existing.id, aside('old'), existing.label);
    try {
        const renamed = await api.renameAsset(fresh.id, name, label);
        mine.add(renamed.id);
        await api.deleteAsset(existing.id);
        log.info(`Replaced ${(0,outside_text/* inert */.tJ)(name, 200)} on release ${(0,outside_text/* inert */.tJ)(release.tag, 200)}`);
        return renamed;
    }
    catch (error) {
        // Someone took the name in the moment it was free: both files stay (the old one under its aside name).
        if (isAlreadyExists(error))
            throw new NotOursError(name, release.tag);
        throw error;
    }
}
/** A 5xx or a broken connection: this step's broken asset is removed and the upload tried again, a bounded number of times. */
async function uploadWithRetries(upload, name, label, publishing, log) {
    const { api, release, transport, mine, timing } = publishing;
    const request = { uploadUrl: release.uploadUrl, file: upload.file, name, label, contentType: (0,github_assets/* contentTypeOf */.JX)(upload.file) };
    const attempt = async () => {
        try {
            const started = Date.now();
            const asset = await uploadAsset(request, publishing.upload);
            mine.add(asset.id);
            log.info(`Uploaded ${(0,outside_text/* inert */.tJ)(asset.name, 200)} (${asset.size} bytes) in ${((Date.now() - started) / 1000).toFixed(3)} s`);
            return asset;
        }
        catch (error) {
            // What GitHub kept under the name: this step's (its label names this very job) is kept when complete and
            // removed when broken; anyone else's is never touched.
            const leftover = (await api.listAssets(release.id).catch(() => [])).find((asset) => asset.name === name);
            if (leftover && leftover.label === label) {
                mine.add(leftover.id);
                if (leftover.state === 'uploaded')
                    return leftover;
                await api.deleteAsset(leftover.id).catch(() => { });
            }
            else if (leftover || isAlreadyExists(error)) {
                throw new NotOursError(name, release.tag);
            }
            throw error;
        }
    };
    return (0,retry/* retrying */.R$)(attempt, {
        maxAttempts: timing.githubAttempts,
        timing,
        classify: (error) => gitHubVerdict(error, transport.signal),
        // An upload's retries wait a second more each time.
        backoff: (failures) => timing.githubBackoffBaseMs * failures,
        signal: transport.signal,
        onRetry: (error, delay) => log.warning(`The upload of ${name} failed (${error.message}); removed what GitHub kept of it, trying again in ${(delay / 1000).toFixed(1)} s`),
    });
}
/** A GitHub failure in the user's words, naming the permission or release that is missing. */
function describeRefusal(error, what) {
    if (error instanceof GitHubError && [401, 403, 404].includes(error.status) && !error.retryable) {
        return `${permissionHint(error.status, what)} (GitHub said: ${error.message})`;
    }
    const message = error instanceof Error ? error.message : String(error);
    return `GitHub failed while it ${what}: ${message}`;
}
function describeRef(ref) {
    return 'tag' in ref ? `the release with tag ${ref.tag}` : `release ${ref.id} (the release event's)`;
}
/** The step's proofreads as results of a step that was refused before any HeyGen call. */
function notStarted(config, error) {
    const ids = config.work.resumeId ? [''] : config.work.proofreadIds;
    return ids.map((id) => ({ proofread_id: id, video_translate_id: config.work.resumeId ?? '', status: 'not_started', error }));
}
async function eventFacts() {
    const { context } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    return { eventName: context.eventName, ref: context.ref, payload: context.payload };
}


/***/ })

};
