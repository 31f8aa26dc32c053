export const id = 338;
export const ids = [338];
export const modules = {

/***/ 2338:
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
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
var external_node_tls_default = /*#__PURE__*/__webpack_require__.n(external_node_tls_);
;// CONCATENATED MODULE: ./src/http1-response.ts
// Reads one HTTP/1.1 answer to a GET, fed in whatever pieces the socket delivers: the head, then a body
// framed by Content-Length, by chunked transfer coding, or by the connection closing (RFC 9112, section 6).
// It never keeps body bytes: each piece is handed on at once, so the caller can reuse its read buffer.
/** The answer broke HTTP/1.1, or the connection closed before it was complete. */
class ResponseError extends Error {
    name = 'ResponseError';
}
/** An answer head is a few hundred bytes; this bounds what a broken or hostile host can make us hold. */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line or a trailer line: hex digits plus extensions. */
const MAX_LINE_BYTES = 8 * 1024;
const CR = 13;
const LF = 10;
class ResponseParser {
    events;
    state = { at: 'head' };
    /** Head bytes (or one chunk-size or trailer line) that arrived split across reads. */
    pending = Buffer.alloc(0);
    received = 0;
    expected = -1;
    constructor(events) {
        this.events = events;
    }
    get done() {
        return this.state.at === 'done';
    }
    /** Bytes that arrived from the socket; throws a ResponseError if they break HTTP/1.1. */
    feed(bytes) {
        let at = 0;
        while (at < bytes.length && this.state.at !== 'done')
            at = this.step(bytes, at);
    }
    /** The connection ended: complete only for a body framed by the close itself. */
    close() {
        const state = this.state;
        if (state.at === 'done')
            return;
        if (state.at === 'until-close') {
            this.finish();
            return;
        }
        if (state.at === 'head')
            throw new ResponseError('the file host closed the connection before a complete answer head');
        if (state.at === 'length')
            throw new ResponseError(`the file host closed the connection after ${this.received} of ${this.expected} bytes`);
        throw new ResponseError(`the file host closed the connection in the middle of a chunked body, after ${this.received} bytes`);
    }
    /** Consumes what it can from `bytes` at `at` in the current state; returns where it stopped. */
    step(bytes, at) {
        const state = this.state;
        switch (state.at) {
            case 'head':
                return this.readHead(bytes, at);
            case 'length':
            case 'chunk-data': {
                const take = Math.min(state.left, bytes.length - at);
                this.deliver(bytes.subarray(at, at + take));
                state.left -= take;
                if (state.left === 0) {
                    if (state.at === 'length')
                        this.finish();
                    else
                        this.state = { at: 'chunk-data-end' };
                }
                return at + take;
            }
            case 'chunk-data-end':
                return this.readLine(bytes, at, (line) => {
                    if (line.length > 0)
                        throw new ResponseError('a chunk of the body did not end where its size said');
                    this.state = { at: 'chunk-size' };
                });
            case 'chunk-size':
                return this.readLine(bytes, at, (line) => {
                    const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line)?.[1];
                    if (size === undefined)
                        throw new ResponseError(`a chunk size line is not hexadecimal: ${JSON.stringify(line.slice(0, 40))}`);
                    const left = Number.parseInt(size, 16);
                    this.state = left === 0 ? { at: 'trailers' } : { at: 'chunk-data', left };
                });
            case 'trailers':
                return this.readLine(bytes, at, (line) => {
                    if (line.length === 0)
                        this.finish();
                });
            case 'until-close':
                this.deliver(at === 0 ? bytes : bytes.subarray(at));
                return bytes.length;
            case 'done':
                return bytes.length;
        }
    }
    deliver(bytes) {
        if (bytes.length === 0)
            return;
        this.received += bytes.length;
        this.events.body(bytes);
    }
    finish() {
        this.state = { at: 'done' };
        this.events.end();
    }
    /** One CRLF- (or bare LF-) ended line, which may arrive split across reads. */
    readLine(bytes, at, onLine) {
        const lf = bytes.indexOf(LF, at);
        const end = lf < 0 ? bytes.length : lf;
        if (this.pending.length + (end - at) > MAX_LINE_BYTES)
            throw new ResponseError('a line of the chunked body is longer than 8 KiB');
        const piece = Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at);
        if (lf < 0) {
            this.pending = Buffer.concat([this.pending, piece]);
            return bytes.length;
        }
        let line = this.pending.length > 0 ? Buffer.concat([this.pending, piece]) : piece;
        this.pending = Buffer.alloc(0);
        if (line.length > 0 && line[line.length - 1] === CR)
            line = line.subarray(0, line.length - 1);
        onLine(line.toString('latin1'));
        return lf + 1;
    }
    readHead(bytes, at) {
        // Copied: the caller's buffer is reused by the next read, and a head is small.
        const joined = Buffer.concat([this.pending, bytes.subarray(at)]);
        const [end, endLength] = headEnd(joined);
        if (end < 0) {
            if (joined.length > MAX_HEAD_BYTES)
                throw new ResponseError('the answer head from the file host is larger than 64 KiB');
            this.pending = joined;
            return bytes.length;
        }
        if (end > MAX_HEAD_BYTES)
            throw new ResponseError('the answer head from the file host is larger than 64 KiB');
        const consumed = end + endLength - this.pending.length;
        this.pending = Buffer.alloc(0);
        const head = parseHead(joined.subarray(0, end).toString('latin1'));
        // 1xx answers are interim: the real one follows on the same connection.
        if (head.status >= 100 && head.status < 200) {
            if (head.status === 101)
                throw new ResponseError('the file host switched protocols, which was never asked for');
            return at + consumed;
        }
        this.state = this.framing(head);
        this.events.head(head);
        if (this.state.at === 'length' && this.state.left === 0)
            this.finish();
        return at + consumed;
    }
    /** How the body ends, by RFC 9112 section 6.3: chunked wins over Content-Length; neither means at close. */
    framing(head) {
        if (head.status === 204 || head.status === 304)
            return { at: 'length', left: 0 };
        const coding = head.headers['transfer-encoding'];
        if (coding !== undefined) {
            const last = coding.split(',').at(-1)?.trim().toLowerCase();
            return last === 'chunked' ? { at: 'chunk-size' } : { at: 'until-close' };
        }
        const length = head.headers['content-length'];
        if (length === undefined)
            return { at: 'until-close' };
        const values = new Set(length.split(',').map((value) => value.trim()));
        const [only] = values;
        if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
            throw new ResponseError(`the file host sent an invalid Content-Length: ${JSON.stringify(length.slice(0, 40))}`);
        }
        this.expected = Number(only);
        return { at: 'length', left: this.expected };
    }
}
/** Where the head ends (the first empty line) and how long that line break is; lone LFs count, as RFC 9112 allows. */
function headEnd(bytes) {
    for (let lf = bytes.indexOf(LF); lf >= 0; lf = bytes.indexOf(LF, lf + 1)) {
        if (bytes[lf + 1] === LF)
            return [lf, 2];
        if (bytes[lf + 1] === CR && bytes[lf + 2] === LF)
            return [lf, 3];
    }
    return [-1, 0];
}
function parseHead(text) {
    const lines = text.replace(/\r$/, '').split(/\r?\n/);
    const statusLine = lines.shift() ?? '';
    const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine)?.[1];
    if (status === undefined)
        throw new ResponseError(`the file host did not answer in HTTP/1.1: ${JSON.stringify(statusLine.slice(0, 40))}`);
    const headers = {};
    let last;
    for (const line of lines) {
        // A folded line continues the previous header's value (obsolete, but still legal for a client to accept).
        if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
            headers[last] = `${headers[last]} ${line.trim()}`;
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            throw new ResponseError(`the file host sent a malformed header line: ${JSON.stringify(line.slice(0, 40))}`);
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
        last = name;
    }
    return { status: Number(status), headers };
}

;// CONCATENATED MODULE: ./src/direct-get.ts
// GET over HTTP/1.1 straight to the file host, every socket read landing in one reused buffer (`onread`).
// A general HTTP client gives each read a fresh Buffer for the garbage collector to find later; here
// nothing is allocated per read, so memory stays flat and a 1 GiB video saves at disk speed (BENCHMARKS.md).



/** Big enough that a fast host fills it in few reads; measured in BENCHMARKS.md (download section). */
const READ_BUFFER_BYTES = 256 * 1024;
/**
 * Sends the GET and resolves with the answer's head; the body waits (the socket is paused) until
 * `readBody` is called. `tlsOptions` is for tests, which trust their own certificate with `ca`.
 */
function directGet(url, request, tlsOptions = {}) {
    return new Promise((resolveHead, rejectHead) => {
        const { signal } = request;
        if (signal.aborted)
            return rejectHead(signal.reason);
        let headSeen = false;
        let finished = false;
        let failure;
        let take;
        // Body bytes that came in the same read as the head, before anyone asked for the body.
        const early = [];
        let body;
        const parser = new ResponseParser({
            head(head) {
                headSeen = true;
                resolveHead({ ...head, readBody, discard });
            },
            body(bytes) {
                if (take)
                    take(bytes);
                else
                    early.push(Buffer.from(bytes));
            },
            end() {
                finished = true;
                cleanUp();
                body?.resolve();
            },
        });
        const buffer = new Uint8Array(READ_BUFFER_BYTES);
        const onread = {
            buffer,
            callback(length) {
                try {
                    parser.feed(buffer.subarray(0, length));
                }
                catch (error) {
                    fail(error);
                    return false;
                }
                // false pauses reading until readBody: the bytes must not arrive before there is somewhere to put them.
                return take !== undefined || !headSeen;
            },
        };
        const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        const socket = url.protocol === 'https:'
            ? external_node_tls_default().connect(withOnread({ host, port, servername: external_node_net_default().isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...tlsOptions }, onread))
            : external_node_net_default().connect({ host, port, onread });
        socket.setTimeout(request.timeoutMs, () => fail(new ResponseError(`the file host sent nothing for ${request.timeoutMs / 1000} s (request_timeout)`)));
        socket.on('error', (error) => fail(error));
        socket.on('end', () => {
            try {
                parser.close();
            }
            catch (error) {
                fail(error);
            }
        });
        socket.on('close', () => {
            if (!finished)
                fail(new ResponseError('the connection to the file host closed before the answer was complete'));
        });
        const onAbort = () => fail(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        // Connection: close, so the end of the connection is the end of this exchange; identity, so the bytes saved are the file's.
        socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: ${request.userAgent}\r\n` +
            'Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n');
        function cleanUp() {
            signal.removeEventListener('abort', onAbort);
            socket.destroy();
        }
        function fail(error) {
            if (finished)
                return;
            finished = true;
            failure = error;
            cleanUp();
            if (!headSeen)
                rejectHead(error);
            else
                body?.reject(error);
        }
        function readBody(consume) {
            return new Promise((resolve, reject) => {
                try {
                    for (const bytes of early.splice(0))
                        consume(bytes);
                }
                catch (error) {
                    fail(error);
                }
                if (failure !== undefined)
                    return reject(failure);
                if (parser.done)
                    return resolve();
                body = { resolve, reject };
                // Called from the socket's read callback, whose catch turns a throw (a full disk) into this read's failure.
                take = consume;
                socket.resume();
            });
        }
        function discard() {
            if (finished)
                return;
            finished = true;
            cleanUp();
        }
    });
}
/** tls.connect takes `onread` like net.connect does (Node 15.1+), but @types/node does not list it there. */
function withOnread(options, onread) {
    return Object.assign(options, { onread });
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/memory.ts
// Keeps a download through a proxy (undici) flat in memory whatever the file size. Direct downloads need
// neither: they reuse one read buffer (direct-get.ts).


/**
 * undici parses HTTP with llhttp compiled to WebAssembly; on a long download V8 recompiles it with its
 * optimising tier, a one-off ~20 MiB of compiler memory. The baseline tier is plenty for a parser that
 * only reads headers. Flags only affect modules compiled afterwards, so this runs when the download
 * modules load, which main.ts does before any request whenever download_path is set.
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
 * A young-generation collection (well under a millisecond). In undici every socket read lands in a fresh 64 KiB
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

;// CONCATENATED MODULE: ./src/proxied-get.ts

/** How much may arrive between two young-generation collections (1 MiB measured best: 256 KiB keeps in-flight chunks longer). */
const COLLECT_EVERY_BYTES = 1 << 20;
// Loaded with download.ts, which main.ts imports before any request whenever download_path is set.
keepWasmOnBaselineTier();
async function proxiedGet(url, request, dispatcher) {
    const response = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { 'user-agent': request.userAgent, 'accept-encoding': 'identity' },
        signal: request.signal,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
    });
    const headers = {};
    for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined)
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return {
        status: response.statusCode,
        headers,
        readBody(take) {
            let sinceCollect = 0;
            return new Promise((resolve, reject) => {
                response.body.on('data', (chunk) => {
                    try {
                        take(chunk);
                    }
                    catch (error) {
                        response.body.destroy(error);
                        return;
                    }
                    sinceCollect += chunk.length;
                    if (sinceCollect >= COLLECT_EVERY_BYTES) {
                        sinceCollect = 0;
                        collectYoungGarbage();
                    }
                });
                response.body.once('end', resolve);
                response.body.once('error', reject);
            });
        },
        discard() {
            response.body.destroy();
        },
    };
}

// EXTERNAL MODULE: ./src/proxy.ts
var proxy = __webpack_require__(8903);
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
        const every = options.progressEveryMs ?? 5000;
        let received = 0;
        let expected = Number.NaN;
        let started = Date.now();
        // Opened before the request, so no failure can leave an answer waiting with nowhere to go.
        const file = (0,external_node_fs_.openSync)(temporary, 'w');
        try {
            const answer = await openLink(url, transport);
            expected = Number(answer.headers['content-length'] ?? Number.NaN);
            started = Date.now();
            let lastLine = started;
            // Synchronous writes into the page cache take microseconds, and each piece must be written before the next read reuses it.
            await answer.readBody((bytes) => {
                for (let at = 0; at < bytes.length;)
                    at += (0,external_node_fs_.writeSync)(file, bytes, at);
                received += bytes.length;
                const now = Date.now();
                if (now - lastLine >= every) {
                    lastLine = now;
                    log.info(`Downloading ${external_node_path_default().basename(destination)}: ${progress(received, expected)} at ${mibPerSecond(received, now - started)}`);
                }
            });
        }
        finally {
            (0,external_node_fs_.closeSync)(file);
        }
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
/** GET with redirects followed by hand (no key is ever sent here, so any host is fine), at most five. */
async function openLink(url, transport) {
    let current = url;
    for (let hop = 0; hop <= 5; hop++) {
        const target = new URL(current);
        if (target.protocol !== 'https:' && target.protocol !== 'http:')
            throw new DownloadError(`the download link is not http(s): ${target.protocol}`);
        // The proxy agent applies NO_PROXY the same way proxyFor does, so a link it would send direct goes direct here too.
        const answer = transport.dispatcher && (0,proxy/* proxyFor */.iJ)(current) ? await proxiedGet(target, transport, transport.dispatcher) : await directGet(target, transport);
        const location = answer.headers.location;
        if (answer.status >= 300 && answer.status < 400 && location !== undefined) {
            answer.discard();
            current = new URL(location, current).toString();
            continue;
        }
        if (answer.status === 200)
            return answer;
        answer.discard();
        if (answer.status === 403 || answer.status === 404)
            throw new LinkExpiredError(answer.status);
        throw new DownloadError(`the file host answered HTTP ${answer.status}`);
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
