export const id = 927;
export const ids = [927];
export const modules = {

/***/ 3927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openGitHubRelease: () => (/* binding */ openGitHubRelease)
/* harmony export */ });
/* harmony import */ var _publish_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6367);

async function openGitHubRelease(config, transport, versions, timing) {
    // HeyGen's free status calls confirm the ledger's entries (verify.ts).
    const opened = await (0,_publish_js__WEBPACK_IMPORTED_MODULE_0__/* .openRelease */ .gS)(config, transport, versions, timing);
    if (Array.isArray(opened))
        return opened;
    return {
        published: opened.published,
        nameClash: (jobs, workspace) => opened.nameClash(jobs, workspace),
        claim: (jobs, workspace) => opened.claim(jobs, workspace),
        publish: (result, log) => opened.publish(result, log),
        close: () => opened.close(),
    };
}


/***/ })

};
