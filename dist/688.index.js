export const id = 688;
export const ids = [688];
export const modules = {

/***/ 6688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DownloadError: () => (/* binding */ DownloadError),
  LinkExpiredError: () => (/* binding */ LinkExpiredError),
  downloadFile: () => (/* binding */ downloadFile),
  formatBytes: () => (/* binding */ formatBytes),
  removeTemporaryFilesSync: () => (/* binding */ removeTemporaryFilesSync)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/undici/lib/api/api-request.js
var api_request = __webpack_require__(4043);
var api_request_default = /*#__PURE__*/__webpack_require__.n(api_request);
// EXTERNAL MODULE: ./node_modules/undici/lib/dispatcher/agent.js
var agent = __webpack_require__(7405);
var agent_default = /*#__PURE__*/__webpack_require__.n(agent);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/file-sink.ts


/**
 * A file sink that writes each chunk synchronously: into the page cache that takes microseconds, where
 * fs.WriteStream sends every 64 KiB chunk through the libuv thread pool and back (measured: 1 GiB in
 * 1.71 s -> 1.40 s). Backpressure still holds: a chunk is acknowledged only once written.
 */
function fileSink(path) {
    let fd = -1;
    const close = () => {
        if (fd >= 0)
            (0,external_node_fs_.closeSync)(fd);
        fd = -1;
    };
    return new external_node_stream_.Writable({
        highWaterMark: 1 << 16,
        construct(callback) {
            try {
                fd = (0,external_node_fs_.openSync)(path, 'w');
                callback();
            }
            catch (error) {
                callback(error);
            }
        },
        write(chunk, _encoding, callback) {
            try {
                for (let at = 0; at < chunk.length;)
                    at += (0,external_node_fs_.writeSync)(fd, chunk, at);
                callback();
            }
            catch (error) {
                callback(error);
            }
        },
        final(callback) {
            try {
                close();
                callback();
            }
            catch (error) {
                callback(error);
            }
        },
        destroy(error, callback) {
            try {
                close();
            }
            catch {
                // Already failing: the first error is the one to report.
            }
            callback(error);
        },
    });
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/memory.ts
// Keeps a download's memory flat whatever the file size (measured in BENCHMARKS.md, download section).


/**
 * undici parses HTTP with llhttp compiled to WebAssembly; on a long download V8 recompiles it with its
 * optimising tier, a one-off ~20 MiB of compiler memory. The baseline tier is plenty for a parser that
 * only reads headers. Flags only affect modules compiled afterwards, so this runs when the download
 * module loads, which main.ts does before any request whenever download_path is set.
 */
function keepWasmOnBaselineTier() {
    try {
        (0,external_node_v8_.setFlagsFromString)('--no-wasm-tier-up');
        (0,external_node_v8_.setFlagsFromString)('--no-wasm-dynamic-tiering');
    }
    catch {
        // A runtime without these V8 flags: only memory is at stake.
    }
}
let collect = null;
/**
 * A young-generation collection (well under a millisecond). Every socket read lands in a fresh 64 KiB
 * Buffer that V8 frees only at its next collection, which a download (few JS objects) triggers only
 * after ~64 MiB of them pile up: memory grows by that much and every copy touches cold pages, halving
 * throughput. Collecting every MiB frees them while young.
 */
function collectYoungGarbage() {
    if (collect === null) {
        try {
            // Exposed for new contexts only: the flag set after start-up takes effect in the context created here.
            (0,external_node_v8_.setFlagsFromString)('--expose-gc');
            collect = (0,external_node_vm_.runInNewContext)('gc');
        }
        catch {
            collect = undefined;
        }
    }
    collect?.({ type: 'minor', execution: 'sync' });
}

;// CONCATENATED MODULE: ./src/download.ts
// Streams a signed file link to disk: into a temporary file beside the destination, renamed into
// place only when the byte count is right, so a destination never holds a partial file.









/** The link answered 403/404: signed links expire, and a fresh status call issues a new one. */
class LinkExpiredError extends Error {
    status;
    constructor(status) {
        super(`the download link answered HTTP ${status} (expired or revoked)`);
        this.status = status;
        this.name = 'LinkExpiredError';
    }
}
class DownloadError extends Error {
    name = 'DownloadError';
}
/** How much may arrive between two young-generation collections (1 MiB measured best: 256 KiB keeps in-flight chunks longer). */
const COLLECT_EVERY_BYTES = 1 << 20;
keepWasmOnBaselineTier();
const temporaryFiles = new Set();
/** For a cancel that cannot wait for streams to unwind: removes every partial file right now. */
function removeTemporaryFilesSync() {
    for (const file of temporaryFiles) {
        try {
            (0,external_node_fs_.unlinkSync)(file);
        }
        catch {
            // Already gone.
        }
        temporaryFiles.delete(file);
    }
}
/** Downloads `url` to `destination` and returns the byte count. The link goes to another host: it never gets the API key. */
async function downloadFile(url, destination, options) {
    const { transport, log } = options;
    const temporary = external_node_path_default().join(external_node_path_default().dirname(destination), `.${external_node_path_default().basename(destination)}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.part`);
    temporaryFiles.add(temporary);
    try {
        await (0,promises_.mkdir)(external_node_path_default().dirname(destination), { recursive: true });
        const response = await openLink(url, transport);
        const expected = Number(response.headers['content-length'] ?? Number.NaN);
        const started = Date.now();
        let received = 0;
        let lastLine = started;
        const every = options.progressEveryMs ?? 5000;
        let sinceCollect = 0;
        response.body.on('data', (chunk) => {
            received += chunk.length;
            sinceCollect += chunk.length;
            if (sinceCollect >= COLLECT_EVERY_BYTES) {
                sinceCollect = 0;
                collectYoungGarbage();
            }
            const now = Date.now();
            if (now - lastLine >= every) {
                lastLine = now;
                log.info(`Downloading ${external_node_path_default().basename(destination)}: ${progress(received, expected)} at ${mibPerSecond(received, now - started)}`);
            }
        });
        await (0,external_node_stream_promises_.pipeline)(response.body, fileSink(temporary), { signal: transport.signal });
        if (received === 0)
            throw new DownloadError(`the download of ${external_node_path_default().basename(destination)} was empty`);
        if (Number.isFinite(expected) && received !== expected) {
            throw new DownloadError(`the download of ${external_node_path_default().basename(destination)} was cut short: ${received} of ${expected} bytes`);
        }
        await (0,promises_.rename)(temporary, destination);
        temporaryFiles.delete(temporary);
        log.info(`Saved ${destination} (${formatBytes(received)} in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return received;
    }
    catch (error) {
        if (transport.signal.aborted)
            throw transport.signal.reason ?? error;
        if (error instanceof LinkExpiredError || error instanceof DownloadError)
            throw error;
        throw new DownloadError(`the download of ${external_node_path_default().basename(destination)} failed: ${error.message}`);
    }
    finally {
        // Clean-up must never replace the error the user needs to see.
        if (temporaryFiles.delete(temporary))
            await (0,promises_.rm)(temporary, { force: true }).catch(() => { });
    }
}
let download_agent;
/** The connection pool for downloads that go direct (no proxy configured). */
function directAgent() {
    download_agent ??= new (agent_default())();
    return download_agent;
}
/** GET with redirects followed by hand (no key is ever sent here, so any host is fine), at most five. */
async function openLink(url, transport) {
    let current = url;
    for (let hop = 0; hop <= 5; hop++) {
        const url = new URL(current);
        const response = await api_request_default().call(transport.dispatcher ?? directAgent(), {
            origin: url.origin,
            path: `${url.pathname}${url.search}`,
            method: 'GET',
            headers: { 'user-agent': transport.userAgent },
            signal: transport.signal,
            // request_timeout bounds the wait for headers and any stall mid-body, not the whole download.
            headersTimeout: transport.timeoutMs,
            bodyTimeout: transport.timeoutMs,
        });
        const location = response.headers.location;
        if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
            await response.body.dump();
            current = new URL(location, current).toString();
            continue;
        }
        if (response.statusCode === 403 || response.statusCode === 404) {
            await response.body.dump();
            throw new LinkExpiredError(response.statusCode);
        }
        if (response.statusCode !== 200) {
            await response.body.dump();
            throw new DownloadError(`the file host answered HTTP ${response.statusCode}`);
        }
        return response;
    }
    throw new DownloadError('the download link redirected more than five times');
}
function progress(received, expected) {
    return Number.isFinite(expected) && expected > 0 ? `${Math.floor((received / expected) * 100)}% of ${formatBytes(expected)}` : formatBytes(received);
}
function mibPerSecond(bytes, ms) {
    return `${(bytes / 1048576 / Math.max(ms / 1000, 0.001)).toFixed(1)} MiB/s`;
}
function formatBytes(bytes) {
    if (bytes >= 1073741824)
        return `${(bytes / 1073741824).toFixed(2)} GiB`;
    if (bytes >= 1048576)
        return `${(bytes / 1048576).toFixed(1)} MiB`;
    if (bytes >= 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${bytes} B`;
}


/***/ })

};
