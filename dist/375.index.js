export const id = 375;
export const ids = [375];
export const modules = {

/***/ 375:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dryRunRelease: () => (/* binding */ dryRunRelease)
/* harmony export */ });
/* harmony import */ var _runner_runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4727);
/* harmony import */ var _util_outside_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2827);
/* harmony import */ var _publish_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6367);



/** The refusal a real run would meet (as its results), or undefined with the would-upload lines printed. */
async function dryRunRelease(config, session, readiness) {
    const opened = await (0,_publish_js__WEBPACK_IMPORTED_MODULE_2__/* .openRelease */ .gS)(config, session.transport, session.versions);
    if (Array.isArray(opened))
        return opened.map((result) => ({ ...result, status: 'dry_run' }));
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const jobs = config.work.resumeId
        ? opened.published.has(config.work.resumeId)
            ? []
            : [{ resumeId: config.work.resumeId }]
        : (readiness ?? config.work.proofreadIds.map((proofreadId) => ({ proofreadId }))).filter((job) => !opened.published.has(job.proofreadId));
    const refusal = opened.nameClash(jobs, workspace) ?? (await opened.wouldClaim(jobs, workspace));
    const tag = (0,_util_outside_text_js__WEBPACK_IMPORTED_MODULE_1__/* .inert */ .tJ)(opened.release.tag, 200);
    if (refusal) {
        return jobs.map((job) => ({
            proofread_id: 'proofreadId' in job ? job.proofreadId : '',
            video_translate_id: 'resumeId' in job ? job.resumeId : '',
            status: 'dry_run',
            error: `a real run would be refused before paying: ${refusal}`,
        }));
    }
    const extras = [...(config.heygen.request.captions ? ['.vtt'] : []), ...(config.heygen.request.translate_audio_only ? ['.mp3'] : [])];
    const names = opened.plannedNames(jobs, workspace);
    const lines = jobs.map((job, i) => {
        const who = 'proofreadId' in job ? `proofread ${job.proofreadId}` : `job ${job.resumeId}`;
        const base = names[i];
        const files = base ? [...extras, '.mp4'].map((extension) => `${base}${extension}`).join(', ') : 'files named by the job id HeyGen gives';
        return `  ${who}: ${(0,_util_outside_text_js__WEBPACK_IMPORTED_MODULE_1__/* .inert */ .tJ)(files, 300)}`;
    });
    if (jobs.length > 0)
        _runner_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Dry run: would upload to ${opened.release.draft ? 'draft ' : ''}release ${tag} (names and claims free):\n${lines.join('\n')}`);
    else
        _runner_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Dry run: release ${tag} already holds every proofread: a real run would generate and upload nothing`);
    return undefined;
}


/***/ })

};
