import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6989);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 6989:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

;// CONCATENATED MODULE: ./src/batch.ts
/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
async function mapWithConcurrency(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/runner.ts
// The GitHub runner's file and workflow-command protocol: inputs, outputs, masking, logs, job summary.
// Written out here instead of importing @actions/core, whose entry also loads an OIDC HTTP client
// (with its own undici) and @actions/exec at start-up: ~30 ms on every step (see BENCHMARKS.md).



/** The raw value of an action input, trimmed, as the runner passes it (`INPUT_<NAME>`). */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
const secrets = [];
/**
 * Masks a value in every later log line (the runner's job), and redacts it from everything this
 * process writes (ours): an API that echoes the key into an error must not put it in an output.
 */
function setSecret(value) {
    if (!value)
        return;
    process.stdout.write(`::add-mask::${escapeData(value)}${external_node_os_namespaceObject.EOL}`);
    for (const line of value.split(/\r?\n|\r/)) {
        if (line && line !== value)
            process.stdout.write(`::add-mask::${escapeData(line)}${external_node_os_namespaceObject.EOL}`);
    }
    secrets.push(value);
}
function redact(text) {
    let safe = text;
    for (const secret of secrets)
        safe = safe.split(secret).join('***');
    return safe;
}
function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        // Outside a runner (a local try-out), show the output instead of losing it.
        info(`Output ${name}: ${value}`);
        return;
    }
    // A fresh random delimiter can never occur inside the value, so any text is carried intact.
    const safe = redact(value);
    let delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    while (safe.includes(delimiter))
        delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    (0,external_node_fs_.appendFileSync)(file, `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${safe}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`, 'utf8');
}
function info(message) {
    process.stdout.write(`${redact(message)}${external_node_os_namespaceObject.EOL}`);
}
function debug(message) {
    issue('debug', message);
}
function warning(message) {
    issue('warning', message);
}
function error(message) {
    issue('error', message);
}
function startGroup(name) {
    issue('group', name);
}
function endGroup() {
    issue('endgroup', '');
}
/** Fails the step: an error annotation plus a non-zero exit code, without cutting the process short. */
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
/** Appends markdown/HTML to the job summary; outside a runner it is printed instead. */
function appendSummary(text) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) {
        info(text);
        return;
    }
    (0,external_node_fs_.appendFileSync)(file, `${redact(text)}${external_node_os_namespaceObject.EOL}`, 'utf8');
}
function issue(command, message) {
    process.stdout.write(`::${command}::${escapeData(redact(message))}${external_node_os_namespaceObject.EOL}`);
}
// The runner decodes exactly these escapes; without them a newline in a message would end the command.
function escapeData(value) {
    return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

;// CONCATENATED MODULE: ./src/cancel.ts
// The runner cancels a step with SIGINT (then SIGTERM): stop within two seconds, say what is still
// running at HeyGen and how to resume it, and leave no partial file behind.

class CancelledError extends Error {
    constructor(signal) {
        super(`the step was cancelled (${signal})`);
        this.name = 'CancelledError';
    }
}
/** Installs the handlers; the returned function removes them. */
function onCancel(options) {
    const handler = (signal) => {
        if (options.controller.signal.aborted)
            return;
        warning(`Cancelled by ${signal}. ${options.describeRunning()}`);
        options.controller.abort(new CancelledError(signal));
        const timer = setTimeout(() => {
            options.cleanupSync();
            process.exit(1);
        }, options.graceMs ?? 1500);
        timer.unref();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
    };
}

;// CONCATENATED MODULE: ./src/http.ts

class NetworkError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
        this.name = 'NetworkError';
    }
    /** True when the request provably never left this machine, so even a paid call may be sent again. */
    get notSent() {
        return this.kind === 'refused' || this.kind === 'dns' || this.kind === 'connect-timeout';
    }
}
async function send(transport, request) {
    const timeout = AbortSignal.timeout(transport.timeoutMs);
    const init = {
        method: request.method,
        headers: { 'user-agent': transport.userAgent, accept: 'application/json', ...request.headers },
        // The key travels in a header: a redirect to another origin must never carry it.
        redirect: 'manual',
        signal: AbortSignal.any([transport.signal, timeout]),
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(transport.dispatcher ? { dispatcher: transport.dispatcher } : {}),
    };
    // Method and path only: headers carry the key.
    debug(`${request.method} ${new URL(request.url).pathname}`);
    try {
        const response = await fetch(request.url, init);
        return { status: response.status, statusText: response.statusText, headers: response.headers, text: await response.text() };
    }
    catch (error) {
        throw classify(error, transport, timeout);
    }
}
function classify(error, transport, timeout) {
    const failure = classifyCause(error, transport, timeout);
    if (!transport.proxy || failure.kind === 'cancelled')
        return failure;
    // Behind a proxy most network failures are the proxy's: say which one, so the user knows where to look.
    return new NetworkError(failure.kind, `${failure.message} (through the proxy ${transport.proxy}; check it is reachable, or list the host in NO_PROXY)`);
}
function classifyCause(error, transport, timeout) {
    if (transport.signal.aborted)
        return new NetworkError('cancelled', 'the step was cancelled');
    if (timeout.aborted)
        return new NetworkError('timeout', `no complete answer within ${transport.timeoutMs / 1000} s (request_timeout)`);
    const cause = error?.cause;
    const code = cause?.code ?? error?.code;
    const detail = cause?.message ?? error?.message ?? String(error);
    switch (code) {
        case 'ECONNREFUSED':
            return new NetworkError('refused', `connection refused (${detail})`);
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return new NetworkError('dns', `host not found (${detail})`);
        case 'UND_ERR_CONNECT_TIMEOUT':
            return new NetworkError('connect-timeout', `could not connect in time (${detail})`);
        case 'ECONNRESET':
        case 'EPIPE':
        case 'UND_ERR_SOCKET':
        case 'UND_ERR_CLOSED':
            return new NetworkError('reset', `the connection was closed before an answer came (${detail})`);
        case 'UND_ERR_HEADERS_TIMEOUT':
        case 'UND_ERR_BODY_TIMEOUT':
            return new NetworkError('timeout', `the server stopped answering (${detail})`);
        default:
            return new NetworkError('other', detail);
    }
}

;// CONCATENATED MODULE: ./src/sleep.ts
/** Waits `ms`, or rejects at once with the signal's reason when the step is cancelled. */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, Math.max(0, ms));
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}

;// CONCATENATED MODULE: ./src/retry.ts
// When to try a call again, and how long to wait first. Money decides: see `mayRetryPaidCall`.

/** Longest wait a Retry-After may impose; a longer one is cut to this (the deadline still applies). */
const MAX_RETRY_AFTER_MS = 60_000;
/** Attempts at one call, the first included, before the last answer is reported. */
const MAX_ATTEMPTS = 6;
/** Retry-After as seconds or an HTTP date, in ms from `now`, capped; undefined when absent or unreadable. */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    const trimmed = value.trim();
    // Only an IMF-fixdate counts as a date: V8's Date.parse reads garbage like "-5" as a year, i.e. "retry now".
    const httpDate = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed);
    const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : httpDate ? Date.parse(trimmed) - now : Number.NaN;
    if (Number.isNaN(ms))
        return undefined;
    return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
/** Exponential backoff with jitter (half fixed, half random) so parallel steps do not retry in lockstep. */
function backoffMs(attempt, random = Math.random, baseMs = 500, maxMs = 15_000) {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
/**
 * A pause shared by every call of the step: HeyGen rate-limits per account, so one 429 slows the whole
 * batch instead of letting the other proofreads keep hammering the API.
 */
class RateLimitPause {
    until = 0;
    extend(ms) {
        this.until = Math.max(this.until, Date.now() + ms);
    }
    /** Resolves once no pause is in force (a later extension is honoured too). */
    async wait(signal) {
        while (Date.now() < this.until)
            await sleep(this.until - Date.now(), signal);
    }
}

;// CONCATENATED MODULE: ./src/heygen/api-error.ts
class HeyGenError extends Error {
    details;
    constructor(message, details) {
        super(message);
        this.details = details;
        this.name = 'HeyGenError';
    }
}
/** HeyGen's error, from any of the shapes seen: `error` as text, `error: {code, message}`, or top-level `code`/`message`. */
function readApiError(body) {
    if (!body || typeof body !== 'object')
        return undefined;
    const { error, code, message } = body;
    if (typeof error === 'string' && error !== '')
        return { message: error };
    if (error && typeof error === 'object') {
        const inner = error;
        return { ...textField('code', inner.code), ...textField('message', inner.message ?? JSON.stringify(error)) };
    }
    if (code !== undefined && code !== null && code !== 0 && code !== 100)
        return { ...textField('code', code), ...textField('message', message) };
    return undefined;
}
function textField(name, value) {
    return value === undefined || value === null || value === '' ? {} : { [name]: String(value) };
}
/** Parses JSON without ever surfacing a parse stack trace; undefined when the body is not JSON. */
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** A short, single-line excerpt of a non-JSON answer (an HTML error page, say), tags removed. */
function excerpt(text, max = 160) {
    const flat = text
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
function requestIdOf(response) {
    return response.headers.get('x-request-id') ?? undefined;
}
/** Builds the error for a non-2xx answer (or a 2xx that still failed), wording it for the user. */
function failureFromResponse(response, what, mayHaveStarted, hint) {
    const body = parseJson(response.text);
    const apiError = readApiError(body);
    const requestId = requestIdOf(response);
    const statusText = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    let said;
    if (apiError)
        said = `${apiError.code ? `${apiError.code}: ` : ''}${apiError.message ?? 'no message'}`;
    else if (body === undefined)
        said = response.text.trim() ? `a non-JSON answer: "${excerpt(response.text)}"` : 'an empty answer';
    else
        said = `an unexpected answer: ${excerpt(response.text)}`;
    const parts = [`${what} failed: HeyGen answered HTTP ${statusText} with ${said}`];
    if (requestId)
        parts.push(`(X-Request-Id: ${requestId})`);
    if (hint)
        parts.push(hint);
    return new HeyGenError(parts.join(' '), {
        status: response.status,
        ...(apiError?.code ? { code: apiError.code } : {}),
        ...(requestId ? { requestId } : {}),
        mayHaveStarted,
    });
}

;// CONCATENATED MODULE: ./src/heygen/status.ts
const STATES = {
    pending: 'pending',
    running: 'running',
    // The generate call's own initial word.
    processing: 'running',
    success: 'success',
    completed: 'success',
    failed: 'failed',
};
/** The documented words (v2: pending/running/success/failed; v3: completed instead of success); undefined for any other. */
function toState(word) {
    return word === undefined ? undefined : STATES[word.toLowerCase()];
}

;// CONCATENATED MODULE: ./src/heygen/client.ts
// HeyGen's video-translate routes for v2 and v3, behind one interface. The retry rules live here
// because they depend on what a call costs: see `generate`.





const V2_RETIRED_HINT = 'HeyGen retired the v1/v2 API on 1 November 2026: if this route is gone, set `api_version: v3` (the same proofread id works there).';
class HeyGenClient {
    options;
    constructor(options) {
        this.options = options;
    }
    get version() {
        return this.options.version;
    }
    /** The route that spends credits. Exported for dry runs, which print it. */
    generateUrl(proofreadId) {
        // One encoded path segment: no id can change which route is called.
        const id = encodeURIComponent(proofreadId);
        return this.options.version === 'v3'
            ? `${this.options.baseUrl}/v3/video-translations/proofreads/${id}/generate`
            : `${this.options.baseUrl}/v2/video_translate/proofread/${id}/generate`;
    }
    statusUrl(videoTranslateId) {
        const id = encodeURIComponent(videoTranslateId);
        return this.options.version === 'v3' ? `${this.options.baseUrl}/v3/video-translations/${id}` : `${this.options.baseUrl}/v2/video_translate/${id}`;
    }
    /**
     * Starts the paid job. Money rules: without an idempotency key (v2) only a 429 or a request that
     * never left the machine is sent again; a 5xx, a reset or a timeout may have started a job, so it
     * is reported with `mayHaveStarted`. With a key (v3) HeyGen replays instead of charging twice, so
     * 5xx, 409 request_in_progress and network failures are retried too, with the same key.
     */
    async generate(proofreadId, request, idempotencyKey) {
        const what = `Generating the video for proofread ${proofreadId}`;
        // Only v3 honours the key, and only a key actually sent makes a retry safe.
        const key = this.options.version === 'v3' && idempotencyKey ? idempotencyKey : undefined;
        const idempotent = key !== undefined;
        const headers = { 'content-type': 'application/json', ...this.authHeader() };
        if (key)
            headers['idempotency-key'] = key;
        const body = JSON.stringify(request);
        for (let attempt = 1;; attempt++) {
            const last = attempt >= MAX_ATTEMPTS;
            await this.options.pause.wait(this.options.transport.signal);
            let response;
            try {
                response = await send(this.options.transport, { method: 'POST', url: this.generateUrl(proofreadId), headers, body });
            }
            catch (error) {
                if (!(error instanceof NetworkError))
                    throw error;
                const safe = error.kind !== 'cancelled' && (error.notSent || idempotent);
                if (safe && !last) {
                    await this.retryAfter(backoffMs(attempt, this.options.random), `${what}: ${error.message}`);
                    continue;
                }
                throw networkFailure(what, error);
            }
            if (response.status === 429 && !last) {
                this.rateLimited(response, attempt, what);
                continue;
            }
            if (idempotent && !last && (response.status >= 500 || isInProgress(response))) {
                await this.retryAfter(parseRetryAfter(response.headers.get('retry-after')) ?? backoffMs(attempt, this.options.random), `${what}: HTTP ${response.status}`);
                continue;
            }
            return this.readGenerated(response, what);
        }
    }
    /** One status call (free): the wait loop decides what to do with a failure. */
    async getStatus(videoTranslateId) {
        const what = `Checking video_translate_id ${videoTranslateId}`;
        const response = await this.get(this.statusUrl(videoTranslateId), what);
        const data = dataOf(response, what);
        const raw = typeof data.status === 'string' ? data.status : '';
        const status = { raw, state: toState(raw) };
        const videoUrl = client_text(this.options.version === 'v3' ? data.video_url : data.url);
        const captionUrl = client_text(data.vtt_caption_url) ?? client_text(data.srt_caption_url);
        const message = client_text(this.options.version === 'v3' ? data.failure_message : data.message);
        if (videoUrl)
            status.videoUrl = videoUrl;
        if (captionUrl && this.options.version === 'v3')
            status.captionUrl = captionUrl;
        if (message)
            status.message = message;
        return status;
    }
    /** v2's caption route; v3 carries caption links on the status answer instead. */
    async getCaptionUrl(videoTranslateId, captionType = 'vtt') {
        const query = new URLSearchParams({ video_translate_id: videoTranslateId, caption_type: captionType });
        const response = await this.get(`${this.options.baseUrl}/v2/video_translate/caption?${query}`, `Fetching the captions of ${videoTranslateId}`);
        return client_text(dataOf(response, 'Fetching the captions').caption_url);
    }
    /** A free GET: a 429 still pauses the whole step, then surfaces as a retryable failure. */
    async get(url, what) {
        await this.options.pause.wait(this.options.transport.signal);
        let response;
        try {
            response = await send(this.options.transport, { method: 'GET', url, headers: this.authHeader() });
        }
        catch (error) {
            if (error instanceof NetworkError)
                throw new RetryableError(`${what}: ${error.message}`, error.kind === 'cancelled');
            throw error;
        }
        if (response.status === 429) {
            const wait = parseRetryAfter(response.headers.get('retry-after'));
            if (wait !== undefined)
                this.options.pause.extend(wait);
            throw new RetryableError(`${what}: HTTP 429 rate limited`, false, wait);
        }
        if (response.status >= 500) {
            throw new RetryableError(failureFromResponse(response, what, false).message, false, parseRetryAfter(response.headers.get('retry-after')));
        }
        if (response.status < 200 || response.status >= 300)
            throw this.failure(response, what, false, false);
        return response;
    }
    readGenerated(response, what) {
        // A 5xx, or a v3 request still "in progress" after every retry, may each have started the job.
        const paidFailure = response.status >= 500 || isInProgress(response);
        if (response.status < 200 || response.status >= 300)
            throw this.failure(response, what, paidFailure, true);
        const body = parseJson(response.text);
        if (body === undefined) {
            throw new HeyGenError(`${what}: HeyGen answered HTTP ${response.status} but the body is not JSON ("${excerpt(response.text, 80)}")`, {
                status: response.status,
                mayHaveStarted: true,
                ...withRequestId(response),
            });
        }
        const apiError = readApiError(body);
        if (apiError)
            throw failureFromResponse(response, what, false);
        const data = body.data ?? {};
        const id = client_text(data.video_translate_id) ?? client_text(data.video_translation_id);
        if (!id) {
            throw new HeyGenError(`${what}: HeyGen answered HTTP ${response.status} without a video_translate_id`, {
                status: response.status,
                mayHaveStarted: true,
                ...withRequestId(response),
            });
        }
        return { videoTranslateId: id, status: client_text(data.status) ?? 'processing' };
    }
    failure(response, what, mayHaveStarted, generateRoute) {
        // Only the generate route's 404/410 can mean the v2 API is gone: a status 404 is an unknown job.
        const retired = generateRoute && this.options.version === 'v2' && (response.status === 404 || response.status === 410);
        return failureFromResponse(response, what, mayHaveStarted, retired ? V2_RETIRED_HINT : redirectHint(response));
    }
    rateLimited(response, attempt, what) {
        const wait = parseRetryAfter(response.headers.get('retry-after')) ?? backoffMs(attempt, this.options.random, 1000);
        // Every call of the step waits this out, not just this one.
        this.options.pause.extend(wait);
        this.options.onRetry?.(`${what}: HeyGen is rate limiting (429); waiting ${(wait / 1000).toFixed(1)} s before trying again`);
    }
    async retryAfter(ms, reason) {
        this.options.onRetry?.(`${reason}; trying again in ${(ms / 1000).toFixed(1)} s`);
        await sleep(ms, this.options.transport.signal);
    }
    authHeader() {
        return { 'x-api-key': this.options.apiKey };
    }
}
/** A failed free call that may succeed later (429, 5xx, network): the wait loop tries again. */
class RetryableError extends Error {
    cancelled;
    retryAfterMs;
    constructor(message, cancelled, retryAfterMs) {
        super(message);
        this.cancelled = cancelled;
        this.retryAfterMs = retryAfterMs;
        this.name = 'RetryableError';
    }
}
/** A redirect is never followed: the key would travel with it. Say where it pointed (origin only). */
function redirectHint(response) {
    if (response.status < 300 || response.status >= 400)
        return undefined;
    let target = 'another location';
    try {
        target = new URL(response.headers.get('location') ?? '').origin;
    }
    catch {
        // No usable Location: keep the generic wording.
    }
    return `HeyGen redirected to ${target}; redirects are not followed, so the API key is only ever sent to base_url.`;
}
function isInProgress(response) {
    return response.status === 409 && readApiError(parseJson(response.text))?.code === 'request_in_progress';
}
function networkFailure(what, error) {
    if (error.kind === 'cancelled')
        return new HeyGenError(`${what}: cancelled`, { mayHaveStarted: true });
    if (error.notSent)
        return new HeyGenError(`${what} failed: ${error.message}; nothing was sent`, { mayHaveStarted: false });
    // What this means for the user's money is said once, where the failure is reported (proofread.ts).
    return new HeyGenError(`${what} failed: ${error.message}`, { mayHaveStarted: true });
}
function dataOf(response, what) {
    const body = parseJson(response.text);
    const apiError = readApiError(body);
    const data = body?.data;
    if (body === undefined || apiError || !data || typeof data !== 'object')
        throw failureFromResponse(response, what, false);
    return data;
}
function client_text(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function withRequestId(response) {
    const requestId = requestIdOf(response);
    return requestId ? { requestId } : {};
}

;// CONCATENATED MODULE: ./src/idempotency.ts
// The v3 Idempotency-Key: the same for every attempt and re-run of one workflow run, new for a new run.

/**
 * Derived from the repository, the workflow run id (not the attempt: re-running a failed job must replay,
 * not pay again), the proofread id and a hash of the body (changing an option is a new request).
 * Outside a workflow run there is no run id, so each invocation gets its own key.
 */
function deriveIdempotencyKey(proofreadId, request, env = process.env) {
    const bodyHash = sha256(JSON.stringify(request));
    const run = env.GITHUB_RUN_ID ? `${env.GITHUB_REPOSITORY ?? ''}#${env.GITHUB_RUN_ID}` : `local:${(0,external_node_crypto_.randomUUID)()}`;
    // Hashed whole: repository names hold `/`, which the key's alphabet does not allow.
    return `gha-proofread:${sha256(JSON.stringify([run, proofreadId, bodyHash])).slice(0, 48)}`;
}
function sha256(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
}
/** The key a generate call sends: v3 only (v2 has no idempotency), the user's own if given, else derived. */
function idempotencyKeyFor(proofreadId, settings) {
    if (settings.apiVersion !== 'v3')
        return undefined;
    return settings.idempotencyKey ?? deriveIdempotencyKey(proofreadId, settings.request);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/errors.ts
/** A bad action input: names the input and the form it accepts. Raised before anything is sent. */
class InputError extends Error {
    input;
    constructor(input, accepts) {
        super(`Input \`${input}\` ${accepts}`);
        this.input = input;
        this.name = 'InputError';
    }
}

;// CONCATENATED MODULE: ./src/duration.ts

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Parses `30`, `2.5`, `90s`, `45m`, `2h` (a bare number is seconds) into milliseconds, or names the input. */
function parseDuration(input, raw, minMs = 1) {
    const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/i.exec(raw.trim());
    const exact = match?.[1] ? Number(match[1]) * (UNIT_MS[(match[2] ?? 's').toLowerCase()] ?? 1000) : Number.NaN;
    // Rounded before checking: 0.4ms must not slip through as 0, which would spin or abort every request.
    const ms = Math.round(exact);
    // Zero would spin or never wait; beyond a week is surely a typo, and huge values overflow timers.
    if (!Number.isFinite(ms) || ms < minMs || ms > 7 * 24 * 3_600_000) {
        const least = minMs >= 1000 ? `at least ${minMs / 1000} s and ` : '';
        throw new InputError(input, `must be a positive duration in seconds (fractions allowed) or with a unit, like 30, 2.5, 90s, 45m or 2h (${least}at most a week); got ${quote(raw)}`);
    }
    return ms;
}
/** Shows a user's value in an error: JSON quoting makes control characters visible, and long text is cut. */
function quote(raw) {
    return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);
}

;// CONCATENATED MODULE: ./src/inputs.ts
// Every input is read, parsed and validated here, before any request: a bad value fails the step
// with the input's name and the form it accepts, and nothing is sent.





/** The key, read on its own so it can be masked before anything else runs (even input validation). */
function readApiKey() {
    return getInput('api_key') || (process.env.HEYGEN_API_KEY ?? '').trim();
}
function getSettings(apiKey = readApiKey()) {
    const apiVersion = parseApiVersion(getInput('api_version') || 'v2');
    const proofreadIds = parseIdList('proofread_id', getInput('proofread_id'));
    const resumeId = optional(getInput('video_translate_id'));
    if (resumeId !== undefined)
        checkId('video_translate_id', resumeId);
    if (resumeId && proofreadIds.length > 0) {
        throw new InputError('video_translate_id', 'resumes an existing job and cannot be combined with `proofread_id`: set only one of them');
    }
    if (!resumeId && proofreadIds.length === 0) {
        throw new InputError('proofread_id', 'is required: give the approved proofread id(s) to generate from, or `video_translate_id` to resume a job');
    }
    const idempotencyKey = optional(getInput('idempotency_key'));
    if (idempotencyKey !== undefined) {
        if (apiVersion !== 'v3')
            throw new InputError('idempotency_key', 'only applies to `api_version: v3` (v2 has no idempotency)');
        if (!/^[A-Za-z0-9_\-:.]{1,255}$/.test(idempotencyKey)) {
            throw new InputError('idempotency_key', `must be 1-255 characters of A-Z a-z 0-9 _ - : . (got ${quote(idempotencyKey)})`);
        }
        if (proofreadIds.length > 1) {
            throw new InputError('idempotency_key', 'names one request, so it cannot be used with several proofread ids (each gets its own derived key)');
        }
    }
    const downloadPath = optional(getInput('download_path'));
    if (downloadPath && proofreadIds.length > 1)
        checkFolder(downloadPath);
    return {
        apiKey: parseApiKey(apiKey),
        proofreadIds,
        ...(resumeId ? { resumeId } : {}),
        request: parseGenerateRequest(),
        apiVersion,
        baseUrl: parseBaseUrl(getInput('base_url') || 'https://api.heygen.com'),
        ...(idempotencyKey ? { idempotencyKey } : {}),
        // Under a second no HTTPS answer can arrive: every paid call would time out after it may have started a job.
        requestTimeoutMs: parseDuration('request_timeout', getInput('request_timeout') || '30', 1000),
        dryRun: parseBoolean('dry_run', getInput('dry_run'), false),
        // A download needs the finished video, and resuming a job means waiting for it: both imply waiting.
        wait: parseBoolean('wait', getInput('wait'), false) || downloadPath !== undefined || resumeId !== undefined,
        waitTimeoutMs: parseDuration('wait_timeout', getInput('wait_timeout') || '3600'),
        pollIntervalMs: parseDuration('poll_interval', getInput('poll_interval') || '15'),
        ...(downloadPath ? { downloadPath: checkPath('download_path', downloadPath) } : {}),
        maxConcurrency: parseCount('max_concurrency', getInput('max_concurrency') || '4', 1, 64),
    };
}
function parseGenerateRequest() {
    const callbackId = optional(getInput('callback_id'));
    const callbackUrl = optional(getInput('callback_url'));
    if (callbackId !== undefined)
        checkText('callback_id', callbackId);
    if (callbackUrl !== undefined)
        checkCallbackUrl(callbackUrl);
    return {
        captions: parseBoolean('captions', getInput('captions'), false),
        translate_audio_only: parseBoolean('translate_audio_only', getInput('translate_audio_only'), false),
        ...(callbackId ? { callback_id: callbackId } : {}),
        ...(callbackUrl ? { callback_url: callbackUrl } : {}),
    };
}
function parseApiKey(key) {
    // Never echo the key: errors describe it without quoting it.
    if (!key) {
        throw new InputError('api_key', 'is required: pass your HeyGen API key from a secret (`api_key: ${{ secrets.HEYGEN_API_KEY }}`) or set the HEYGEN_API_KEY environment variable');
    }
    if (/[\r\n]/.test(key))
        throw new InputError('api_key', 'must be a single line: the value contains a line break (check how the secret was pasted)');
    if (!/^[\x21-\x7e]+$/.test(key)) {
        throw new InputError('api_key', 'must be printable ASCII without spaces: the value contains a space, a control or a non-ASCII character');
    }
    if (key.length > 512)
        throw new InputError('api_key', 'must be at most 512 characters: the value is longer than any HeyGen key');
    return key;
}
function parseApiVersion(raw) {
    const version = raw.toLowerCase();
    if (version === 'v2' || version === 'v3')
        return version;
    throw new InputError('api_version', `must be v2 or v3 (got ${quote(raw)})`);
}
/** YAML 1.2 booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(input, raw, fallback) {
    if (raw === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(raw))
        return true;
    if (['false', 'False', 'FALSE'].includes(raw))
        return false;
    throw new InputError(input, `must be true or false (got ${quote(raw)})`);
}
function parseCount(input, raw, min, max) {
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= min && value <= max))
        throw new InputError(input, `must be a whole number from ${min} to ${max} (got ${quote(raw)})`);
    return value;
}
/** Ids one per line and/or separated by commas; blanks ignored; a repeat would pay twice, so it is refused. */
function parseIdList(input, raw) {
    const ids = raw
        .split(/[\r\n,]+/)
        .map((id) => id.trim())
        .filter((id) => id !== '');
    const seen = new Set();
    for (const id of ids) {
        checkId(input, id);
        if (seen.has(id))
            throw new InputError(input, `lists ${quote(id)} more than once: each proofread would be generated (and paid for) once per entry`);
        seen.add(id);
    }
    return ids;
}
/** Any id is percent-encoded into the path; these rules only refuse what can never be a HeyGen id. */
function checkId(input, id) {
    if (/[\s\p{Cc}\p{Cf}]/u.test(id))
        throw new InputError(input, `must be an id without spaces, control or invisible characters (got ${quote(id)})`);
    // "." and ".." are path segments even when percent-encoded, so they could change the route.
    if (/^\.+$/.test(id))
        throw new InputError(input, `must be an id, not ${quote(id)}`);
    if (id.length > 200)
        throw new InputError(input, `must be at most 200 characters (got ${id.length})`);
}
function checkText(input, value) {
    if (/[\p{Cc}\u2028\u2029]/u.test(value))
        throw new InputError(input, `must be one line of text without control characters (got ${quote(value)})`);
    if (value.length > 1000)
        throw new InputError(input, `must be at most 1000 characters (got ${value.length})`);
}
function checkPath(input, value) {
    if (/[\p{Cc}\u2028\u2029]/u.test(value))
        throw new InputError(input, `must be a file or folder path without control characters (got ${quote(value)})`);
    // Checked now, not when the download fails after the paid render: names over 240 bytes leave no room
    // for the temporary `.<name>.<hex>.part` beside the file (file systems allow 255).
    const resolved = external_node_path_default().resolve(process.env.GITHUB_WORKSPACE || process.cwd(), value);
    const tooLong = resolved.split(/[\\/]/).find((part) => Buffer.byteLength(part) > 240);
    if (tooLong !== undefined || Buffer.byteLength(resolved) > 4000) {
        throw new InputError(input, `must be a path whose folder and file names are at most 240 bytes each, 4000 in all (got ${quote(value)})`);
    }
    return value;
}
/** Several videos need a folder: refuse an existing file now, before any credit is spent. */
function checkFolder(downloadPath) {
    const resolved = external_node_path_default().resolve(process.env.GITHUB_WORKSPACE || process.cwd(), downloadPath);
    if ((0,external_node_fs_.existsSync)(resolved) && !(0,external_node_fs_.statSync)(resolved).isDirectory()) {
        throw new InputError('download_path', `must be a folder when several proofread ids are given: ${quote(downloadPath)} is an existing file`);
    }
}
function checkCallbackUrl(raw) {
    checkText('callback_url', raw);
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || !/^https?:\/\//i.test(raw)) {
        throw new InputError('callback_url', `must be an absolute http(s) URL such as https://example.com/heygen-hook (got ${quote(raw)})`);
    }
}
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** The API origin: https, or http on a loopback host so a local sandbox can stand in. */
function parseBaseUrl(raw) {
    const accepts = 'must be an https origin such as https://api.heygen.com (http only for localhost, 127.0.0.1 or [::1]), without path, query or credentials';
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new InputError('base_url', `${accepts} (got ${quote(raw)})`);
    }
    const loopback = LOOPBACK_HOSTS.has(url.hostname);
    const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
    if (!schemeOk || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
        throw new InputError('base_url', `${accepts} (got ${quote(raw)})`);
    }
    return url.origin;
}
function optional(value) {
    return value === '' ? undefined : value;
}

;// CONCATENATED MODULE: ./src/log.ts

function prefixedLog(prefix) {
    const p = prefix ? `[${prefix}] ` : '';
    return {
        info: (message) => info(`${p}${message}`),
        warning: (message) => warning(`${p}${message}`),
        debug: (message) => debug(`${p}${message}`),
    };
}

;// CONCATENATED MODULE: ./src/paths.ts
// Where downloads land. Takes the path module as a parameter so Windows paths are testable on Linux.


/**
 * `download_path` relative to the workspace; a trailing separator, an existing folder, or several
 * proofreads make it a folder that gets `<video_translate_id>.mp4`.
 */
function resolveDestination(downloadPath, videoTranslateId, options) {
    const paths = options.paths ?? (external_node_path_default());
    const isDirectory = options.isDirectory ?? existingDirectory;
    const resolved = paths.resolve(options.workspace, downloadPath);
    const endsWithSeparator = downloadPath.endsWith('/') || (paths.sep === '\\' && downloadPath.endsWith('\\'));
    const folder = options.several || endsWithSeparator || isDirectory(resolved);
    const video = folder ? paths.join(resolved, `${safeFileName(videoTranslateId)}.mp4`) : resolved;
    const extension = paths.extname(video);
    return { video, captionBase: extension ? video.slice(0, -extension.length) : video };
}
/** An id becomes a file name: anything outside a portable alphabet is replaced. */
function safeFileName(id) {
    const name = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
    return name || 'video';
}
function existingDirectory(path) {
    return (0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isDirectory();
}

;// CONCATENATED MODULE: ./src/result.ts
/** How to pick a job up again without paying for it twice, ready to paste into a workflow. */
function resumeHint(videoTranslateId, settings) {
    return [
        'To resume it without generating (and paying) again, run this action with:',
        '  with:',
        `    video_translate_id: ${videoTranslateId}`,
        `    api_version: ${settings.apiVersion}`,
        // A download that was cut short is what the user still needs: the block must redo it, with captions.
        ...(settings.downloadPath ? [`    download_path: ${settings.downloadPath}`] : ['    wait: true']),
        ...(settings.request.captions ? ['    captions: true'] : []),
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/wait.ts
// Polls a job until HeyGen says it succeeded or failed, or the deadline passes. Expected outcomes
// come back as values; only a failure that waiting cannot fix (401, 404...) is thrown.



async function waitForTranslation(client, videoTranslateId, options) {
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    const progressEveryMs = options.progressEveryMs ?? 60_000;
    let last;
    let lastLine = 0;
    let failures = 0;
    let warnedUnknown = false;
    for (;;) {
        let delay = options.pollIntervalMs;
        try {
            const status = await client.getStatus(videoTranslateId);
            if (failures > 0)
                options.log.info(`Status calls answer again after ${failures} failure(s)`);
            failures = 0;
            if (status.state === 'success' || status.state === 'failed')
                return { done: true, status };
            if (status.state === undefined && !warnedUnknown) {
                warnedUnknown = true;
                options.log.warning(`HeyGen reported an undocumented status "${status.raw}" for ${videoTranslateId}; treating it as still in progress`);
            }
            const now = Date.now();
            if (status.raw !== last?.raw || now - lastLine >= progressEveryMs) {
                options.log.info(`${videoTranslateId}: ${status.raw || 'no status'} after ${formatElapsed(now - started)}`);
                lastLine = now;
            }
            last = status;
        }
        catch (error) {
            if (!(error instanceof RetryableError) || error.cancelled)
                throw error;
            failures++;
            // Status calls are free but rate-limited: a failure never makes them more frequent than poll_interval.
            delay = Math.max(options.pollIntervalMs, error.retryAfterMs ?? backoffMs(failures));
            if (failures === 1 || failures % 5 === 0)
                options.log.warning(`${error.message}; trying again (failure ${failures})`);
        }
        const left = deadline - Date.now();
        if (left <= 0)
            return last ? { done: false, reason: 'timeout', last } : { done: false, reason: 'timeout' };
        await sleep(Math.min(delay, left), options.signal);
    }
}
/** 75 s -> "1m 15s", as a person reads a log. */
function formatElapsed(ms) {
    // Sub-10-second values keep a decimal: a 0.2 s poll interval must not read "0s".
    if (ms < 10_000)
        return `${Number((ms / 1000).toFixed(1))}s`;
    const total = Math.round(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (h)
        return `${h}h ${m}m`;
    if (m)
        return `${m}m ${s}s`;
    return `${s}s`;
}

;// CONCATENATED MODULE: ./src/proofread.ts
// One proofread from start to finish: generate (or resume), wait, fetch captions, download.
// Every outcome, good or bad, becomes a ProofreadResult: one failure never stops the others.





async function translateProofread(job, context) {
    const { settings, client, log } = context;
    const result = { proofread_id: 'proofreadId' in job ? job.proofreadId : '', video_translate_id: '', status: 'failed' };
    try {
        if ('proofreadId' in job) {
            const generated = await client.generate(job.proofreadId, settings.request, idempotencyKeyFor(job.proofreadId, settings));
            result.video_translate_id = generated.videoTranslateId;
            result.status = generated.status;
            log.info(`Started video_translate_id ${generated.videoTranslateId} from proofread ${job.proofreadId} (status: ${generated.status})`);
        }
        else {
            result.video_translate_id = job.resumeId;
            result.status = 'pending';
            log.info(`Resuming video_translate_id ${job.resumeId}`);
        }
        context.onStarted(result.video_translate_id);
        if (!settings.wait)
            return result;
        await finish(result, context);
    }
    catch (error) {
        // HeyGen refused the id itself (404, 401...): there is nothing to resume, and no status to report.
        if (error instanceof HeyGenError && !error.details.mayHaveStarted && (error.details.status ?? 0) >= 400 && (error.details.status ?? 0) < 500) {
            result.status = 'failed';
        }
        result.error = describe(error, result, settings);
        // With an id, status stays HeyGen's last word (a download can fail after a success); without one, nothing started.
        if (!result.video_translate_id)
            result.status = 'failed';
    }
    return result;
}
/** Waits for the render, then gathers links and files. */
async function finish(result, context) {
    const { settings, client, log } = context;
    const id = result.video_translate_id;
    const started = Date.now();
    log.info(`Waiting for ${id} (up to ${formatElapsed(settings.waitTimeoutMs)}, a status call every ${formatElapsed(settings.pollIntervalMs)})`);
    const outcome = await waitForTranslation(client, id, waitOptions(context));
    if (!outcome.done) {
        result.status = outcome.last?.state ?? 'pending';
        throw new Error(`Gave up waiting after ${formatElapsed(settings.waitTimeoutMs)} (wait_timeout): video_translate_id ${id} is still ${outcome.last?.raw || 'in progress'} at HeyGen, will go on rendering and is billed once.\n${resumeHint(id, settings)}`);
    }
    const status = outcome.status;
    result.status = status.state ?? 'failed';
    if (status.state === 'failed') {
        result.message = status.message ?? 'HeyGen gave no reason';
        throw new Error(`HeyGen could not render video_translate_id ${id}: ${result.message}`);
    }
    log.info(`${id} succeeded after ${formatElapsed(Date.now() - started)}`);
    if (status.videoUrl)
        result.video_url = status.videoUrl;
    if (settings.request.captions)
        await findCaption(result, status, context);
    if (settings.downloadPath)
        await downloadResults(result, settings.downloadPath, context);
}
/** The step's wait settings, for the first wait and for a link refresh alike. */
function waitOptions(context) {
    return {
        timeoutMs: context.settings.waitTimeoutMs,
        pollIntervalMs: context.settings.pollIntervalMs,
        signal: context.transport.signal,
        log: context.log,
    };
}
async function findCaption(result, status, context) {
    try {
        const url = context.client.version === 'v3' ? status.captionUrl : await context.client.getCaptionUrl(result.video_translate_id);
        if (url)
            result.caption_url = url;
        else
            context.log.warning(`HeyGen gave no caption link for ${result.video_translate_id}; the video is fine`);
    }
    catch (error) {
        // Captions are extra: losing them must not fail a video that rendered.
        context.log.warning(`No captions for ${result.video_translate_id}: ${error.message}; the video is fine`);
    }
}
async function downloadResults(result, downloadPath, context) {
    const id = result.video_translate_id;
    // Loaded only here: the generate-only path never pays for the streaming client at start-up.
    const { downloadFile, LinkExpiredError } = await __nccwpck_require__.e(/* import() */ 338).then(__nccwpck_require__.bind(__nccwpck_require__, 2338));
    const destination = resolveDestination(downloadPath, id, { workspace: context.workspace, several: context.several });
    const options = { transport: context.transport, log: context.log };
    if (!result.video_url)
        throw new Error(`HeyGen reported ${id} as done but gave no video link to download`);
    try {
        await downloadFile(result.video_url, destination.video, options);
    }
    catch (error) {
        if (!(error instanceof LinkExpiredError))
            throw error;
        // Signed links expire; each status call issues a fresh one, so ask once more and try once more.
        context.log.info(`The video link answered ${error.status}; asking HeyGen for a fresh link`);
        // Through the wait loop, so a 429/5xx on this one status call is retried instead of failing a paid video.
        const refreshed = await waitForTranslation(context.client, id, waitOptions(context));
        const fresh = refreshed.done ? refreshed.status : undefined;
        if (!fresh?.videoUrl)
            throw new Error(`HeyGen gave no fresh link for ${id}`);
        result.video_url = fresh.videoUrl;
        // Only v3 status answers carry caption links (the client sets captionUrl for v3 alone).
        if (fresh.captionUrl)
            result.caption_url = fresh.captionUrl;
        await downloadFile(fresh.videoUrl, destination.video, options);
    }
    result.video_path = destination.video;
    if (!result.caption_url)
        return;
    const extension = /\.srt(\?|$)/i.test(new URL(result.caption_url).pathname) ? '.srt' : '.vtt';
    try {
        await downloadFile(result.caption_url, destination.captionBase + extension, options);
        result.caption_path = destination.captionBase + extension;
    }
    catch (error) {
        if (context.transport.signal.aborted)
            throw error;
        context.log.warning(`Could not save the captions of ${id}: ${error.message}; the video is saved`);
    }
}
/** The error line a user reads for a failed proofread, with the money facts when they matter. */
function describe(error, result, settings) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof HeyGenError && error.details.mayHaveStarted && !result.video_translate_id) {
        const facts = message.replace(/\.$/, '');
        if (settings.apiVersion === 'v3') {
            return `${facts}. A job may have started at HeyGen. It was only ever retried with the same Idempotency-Key, and re-running this workflow run sends that key again, so HeyGen replays the first answer instead of charging twice.`;
        }
        return `${facts}. The request may have reached HeyGen: a job may have started, so it was not sent again (you are not charged twice). Before running this again, check HeyGen (dashboard or webhook) for a video from proofread ${result.proofread_id}; if there is one, resume it with \`video_translate_id: <id>\` instead of paying twice.`;
    }
    if (result.video_translate_id && !message.includes('video_translate_id:') && result.status !== 'failed' && !result.message) {
        return `${message}\n${resumeHint(result.video_translate_id, settings)}`;
    }
    return message;
}

// EXTERNAL MODULE: ./src/proxy.ts
var src_proxy = __nccwpck_require__(8903);
;// CONCATENATED MODULE: ./src/report.ts


/** Sets every output; with several proofreads the per-proofread outputs hold one line each, in input order. */
function setOutputs(results) {
    const lines = (pick) => results.map((r) => pick(r) ?? '').join('\n');
    setOutput('video_translate_id', lines((r) => r.video_translate_id));
    setOutput('status', lines((r) => r.status));
    setOutput('results', JSON.stringify(results));
    setOutput('video_url', lines((r) => r.video_url));
    setOutput('caption_url', lines((r) => r.caption_url));
    setOutput('video_path', lines((r) => r.video_path));
    setOutput('caption_path', lines((r) => r.caption_path));
    setOutput('message', results
        .map((r) => r.message)
        .filter(Boolean)
        .join('\n'));
}
/** The one failure line for the step, naming every proofread that failed and why; undefined when all went well. */
function failureMessage(results) {
    const failed = results.filter((r) => r.error);
    if (failed.length === 0)
        return undefined;
    if (results.length === 1)
        return failed[0]?.error;
    const lines = failed.map((r) => `- ${r.proofread_id || r.video_translate_id}: ${r.error}`);
    return `${failed.length} of ${results.length} proofreads failed:\n${lines.join('\n')}`;
}
function writeSummary(results, settings, elapsedMs) {
    const waited = settings.wait && !settings.dryRun;
    const head = ['Proofread', 'video_translate_id', 'Status', 'API', ...(waited ? ['Video', 'Saved to'] : []), 'Message'];
    const rows = results.map((r) => [
        code(r.proofread_id || '(resumed)'),
        code(r.video_translate_id || '-'),
        escapeHtml(r.status),
        escapeHtml(settings.apiVersion),
        ...(waited ? [videoLink(r), savedPaths(r)] : []),
        escapeHtml(r.message ?? firstLine(r.error) ?? ''),
    ]);
    const table = [
        '<table>',
        `<tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`,
        ...rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`),
        '</table>',
    ].join('\n');
    const notes = [];
    if (settings.dryRun)
        notes.push('Dry run: nothing was sent to HeyGen and no credits were spent.');
    if (waited)
        notes.push(`Finished in ${formatElapsed(elapsedMs)}. HeyGen's video links expire after 7 days.`);
    appendSummary(['## HeyGen video from proofread', '', table, '', ...notes.map((n) => `${n}\n`)].join('\n'));
}
function videoLink(r) {
    if (!r.video_url)
        return '';
    const caption = r.caption_url ? ` · <a href="${escapeHtml(safeHref(r.caption_url))}">captions</a>` : '';
    return `<a href="${escapeHtml(safeHref(r.video_url))}">video</a>${caption}`;
}
function savedPaths(r) {
    return [r.video_path, r.caption_path]
        .filter((p) => Boolean(p))
        .map(code)
        .join('<br>');
}
/** API text goes into HTML: escaped, so a message can never inject markup or break the table. */
function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;')
        .replace(/\|/g, '&#124;')
        .replace(/\r\n?|\n/g, ' ');
}
function code(text) {
    return `<code>${escapeHtml(text)}</code>`;
}
/** Only http(s) links become clickable; anything else (javascript:, data:) is dropped. */
function safeHref(url) {
    return /^https?:\/\//i.test(url) ? url : '#';
}
function firstLine(text) {
    return text?.split('\n')[0];
}

;// CONCATENATED MODULE: ./src/version.ts
/** Sent as the User-Agent so HeyGen (and a proxy's log) can tell this action's calls apart. Kept equal to package.json by a test. */
const ACTION_NAME = 'heygen-proofread-generate-action';
const ACTION_VERSION = '1.0.0';
const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION} (+https://github.com/features/actions)`;

;// CONCATENATED MODULE: ./src/main.ts
// The action's one entry point: read inputs, generate (and wait, download) each proofread, report.













async function run() {
    // Masked before anything else can print, including an error about the key itself.
    const apiKey = readApiKey();
    setSecret(apiKey);
    const started = Date.now();
    let settings;
    try {
        settings = getSettings(apiKey);
    }
    catch (error) {
        setFailed(error.message);
        return;
    }
    debug(`Settings: ${JSON.stringify({ ...settings, apiKey: '(masked)' })}`);
    const jobs = settings.resumeId ? [{ resumeId: settings.resumeId }] : settings.proofreadIds.map((proofreadId) => ({ proofreadId }));
    try {
        const results = settings.dryRun ? dryRun(jobs, settings) : await translateAll(jobs, settings);
        setOutputs(results);
        writeSummary(results, settings, Date.now() - started);
        const failure = failureMessage(results);
        if (failure)
            setFailed(failure);
    }
    catch (error) {
        setFailed(`Unexpected failure: ${error.message}`);
    }
}
async function translateAll(jobs, settings) {
    const controller = new AbortController();
    const ids = jobs.map(() => '');
    let cleanupSync = () => { };
    const removeHandlers = onCancel({
        controller,
        describeRunning: () => describeRunning(ids, settings),
        cleanupSync: () => cleanupSync(),
    });
    try {
        const proxy = (0,src_proxy/* proxyFor */.iJ)(settings.baseUrl);
        if (proxy)
            info(`Calling HeyGen through the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`);
        // Set whenever any proxy variable is: downloads go to other hosts, which NO_PROXY may treat differently.
        const dispatcher = await (0,src_proxy/* proxyDispatcher */.q9)();
        const transport = {
            userAgent: USER_AGENT,
            timeoutMs: settings.requestTimeoutMs,
            signal: controller.signal,
            ...(dispatcher ? { dispatcher } : {}),
            ...(proxy ? { proxy } : {}),
        };
        if (settings.downloadPath) {
            // Loaded up front only when downloading, so a cancel can always remove partial files.
            cleanupSync = (await __nccwpck_require__.e(/* import() */ 338).then(__nccwpck_require__.bind(__nccwpck_require__, 2338))).removeTemporaryFilesSync;
        }
        const pause = new RateLimitPause();
        const several = jobs.length > 1;
        const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
        return await mapWithConcurrency(jobs, settings.maxConcurrency, (job, index) => {
            const label = 'proofreadId' in job ? job.proofreadId : job.resumeId;
            const log = prefixedLog(several ? label : '');
            const client = clientFor(settings, transport, pause, (message) => log.warning(message));
            return translateProofread(job, {
                settings,
                client,
                transport,
                log,
                workspace,
                several,
                onStarted: (id) => {
                    ids[index] = id;
                    // Out as soon as known: a later step or a re-run can resume even if this step is cancelled.
                    setOutput('video_translate_id', ids.join('\n'));
                },
            });
        });
    }
    finally {
        removeHandlers();
    }
}
function describeRunning(ids, settings) {
    const started = ids.filter(Boolean);
    if (started.length === 0)
        return 'No video_translate_id was received yet; if a generate call was in flight, check HeyGen before running again.';
    return `These jobs keep rendering at HeyGen (billed once): ${started.join(', ')}.\n${started.map((id) => resumeHint(id, settings)).join('\n')}`;
}
/** Prints what would be sent, never the key, and sends nothing. */
function dryRun(jobs, settings) {
    // Only builds URLs: its signal is already aborted, so it could not send even by mistake.
    const client = clientFor(settings, { userAgent: USER_AGENT, timeoutMs: settings.requestTimeoutMs, signal: AbortSignal.abort() }, new RateLimitPause());
    return jobs.map((job) => {
        if ('resumeId' in job) {
            info(`Dry run: would check GET ${client.statusUrl(job.resumeId)}${settings.downloadPath ? ' and download the video' : ''}`);
            return { proofread_id: '', video_translate_id: job.resumeId, status: 'dry_run' };
        }
        const lines = [`Dry run: would send POST ${client.generateUrl(job.proofreadId)}`, '  x-api-key: (masked)'];
        const key = idempotencyKeyFor(job.proofreadId, settings);
        if (key)
            lines.push(`  Idempotency-Key: ${key}`);
        lines.push(`  Body: ${JSON.stringify(settings.request)}`);
        info(lines.join('\n'));
        return { proofread_id: job.proofreadId, video_translate_id: '', status: 'dry_run' };
    });
}
function clientFor(settings, transport, pause, onRetry) {
    return new HeyGenClient({
        baseUrl: settings.baseUrl,
        apiKey: settings.apiKey,
        version: settings.apiVersion,
        transport,
        pause,
        ...(onRetry ? { onRetry } : {}),
    });
}


/***/ }),

/***/ 8903:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   iJ: () => (/* binding */ proxyFor),
/* harmony export */   q9: () => (/* binding */ proxyDispatcher)
/* harmony export */ });
/* unused harmony export describeProxy */
/** The variables as EnvHttpProxyAgent reads them: lower case first, and an empty lower-case value wins. */
function proxyEnv(env) {
    const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
    return {
        httpProxy,
        httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
        noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    };
}
async function proxyDispatcher(env = process.env) {
    const { httpProxy, httpsProxy, noProxy } = proxyEnv(env);
    if (!httpProxy && !httpsProxy)
        return undefined;
    const { EnvHttpProxyAgent } = await __nccwpck_require__.e(/* import() */ 752).then(__nccwpck_require__.t.bind(__nccwpck_require__, 6752, 19));
    // Handed the values read here, so the agent and `proxyFor` can never disagree.
    return new EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy });
}
const DEFAULT_PORTS = { 'http:': 80, 'https:': 443 };
/**
 * The proxy a request to `url` goes through, shown without credentials; undefined when it goes direct.
 * Mirrors EnvHttpProxyAgent's rules (undici 7) so errors blame the proxy only when it was used.
 */
function proxyFor(url, env = process.env) {
    const { httpProxy, httpsProxy, noProxy } = proxyEnv(env);
    const target = new URL(url);
    const proxy = target.protocol === 'https:' ? httpsProxy || httpProxy : httpProxy;
    if (!proxy)
        return undefined;
    const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
    const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
    return bypassed(hostname, port, noProxy) ? undefined : describeProxy(proxy);
}
function bypassed(hostname, port, noProxy) {
    const entries = noProxy.split(/[,\s]/).filter(Boolean);
    if (entries.length === 0)
        return false;
    // Only a NO_PROXY of exactly `*` means "never"; a `*` among other entries is a host name.
    if (noProxy === '*')
        return true;
    return entries.some((entry) => {
        const parsed = /^(.+):(\d+)$/.exec(entry);
        const host = (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
        const entryPort = parsed?.[2] ? Number.parseInt(parsed[2], 10) : 0;
        if (entryPort && entryPort !== port)
            return false;
        return hostname === host || hostname.endsWith(`.${host}`);
    });
}
/** The proxy as it may be shown in a log: credentials in it are dropped. */
function describeProxy(proxy) {
    try {
        return new URL(proxy).origin;
    }
    catch {
        return 'the configured proxy';
    }
}


/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 8877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 714:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
