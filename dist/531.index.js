export const id = 531;
export const ids = [531];
export const modules = {

/***/ 1531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DownloadError: () => (/* binding */ DownloadError),
/* harmony export */   LinkExpiredError: () => (/* binding */ LinkExpiredError),
/* harmony export */   downloadFile: () => (/* binding */ downloadFile),
/* harmony export */   formatBytes: () => (/* binding */ formatBytes),
/* harmony export */   removeTemporaryFilesSync: () => (/* binding */ removeTemporaryFilesSync)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6752);
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
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.unlinkSync)(file);
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
    const temporary = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(destination), `.${node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(destination)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.part`);
    temporaryFiles.add(temporary);
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(destination), { recursive: true });
        const response = await openLink(url, transport);
        const expected = Number(response.headers['content-length'] ?? Number.NaN);
        const started = Date.now();
        let received = 0;
        let lastLine = started;
        const every = options.progressEveryMs ?? 5000;
        response.body.on('data', (chunk) => {
            received += chunk.length;
            const now = Date.now();
            if (now - lastLine >= every) {
                lastLine = now;
                log.info(`Downloading ${node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(destination)}: ${progress(received, expected)} at ${mibPerSecond(received, now - started)}`);
            }
        });
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(response.body, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(temporary, { highWaterMark: 1 << 20 }), { signal: transport.signal });
        if (received === 0)
            throw new DownloadError(`the download of ${node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(destination)} was empty`);
        if (Number.isFinite(expected) && received !== expected) {
            throw new DownloadError(`the download of ${node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(destination)} was cut short: ${received} of ${expected} bytes`);
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(temporary, destination);
        temporaryFiles.delete(temporary);
        log.info(`Saved ${destination} (${formatBytes(received)} in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return received;
    }
    catch (error) {
        if (transport.signal.aborted)
            throw transport.signal.reason ?? error;
        if (error instanceof LinkExpiredError || error instanceof DownloadError)
            throw error;
        throw new DownloadError(`the download of ${node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(destination)} failed: ${error.message}`);
    }
    finally {
        // Clean-up must never replace the error the user needs to see.
        if (temporaryFiles.delete(temporary))
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(temporary, { force: true }).catch(() => { });
    }
}
/** GET with redirects followed by hand (no key is ever sent here, so any host is fine), at most five. */
async function openLink(url, transport) {
    let current = url;
    for (let hop = 0; hop <= 5; hop++) {
        const response = await (0,undici__WEBPACK_IMPORTED_MODULE_5__/* .request */ .Em)(current, {
            method: 'GET',
            headers: { 'user-agent': transport.userAgent },
            signal: transport.signal,
            // request_timeout bounds the wait for headers and any stall mid-body, not the whole download.
            headersTimeout: transport.timeoutMs,
            bodyTimeout: transport.timeoutMs,
            ...(transport.dispatcher ? { dispatcher: transport.dispatcher } : {}),
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
