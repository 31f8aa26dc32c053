/** Sent as the User-Agent so HeyGen (and a proxy's log) can tell this action's calls apart. Kept equal to package.json by a test. */
export const ACTION_NAME = 'heygen-proofread-generate-action'
export const ACTION_VERSION = '1.0.0'
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION} (+https://github.com/features/actions)`
