// GitHub's release and asset answers, read once at the border into the few fields the action uses; a field of the
// wrong type makes the answer unusable rather than reaching the rest of the code.

export interface Release {
  id: number
  tag: string
  /** Where assets are posted, without the `{?name,label}` template. */
  uploadUrl: string
}

export interface ReleaseAsset {
  id: number
  name: string
  label: string
  /** `uploaded`, or `starter` while an upload runs or after one broke. */
  state: string
  size: number
  /** The public download link. */
  downloadUrl: string
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

export function readRelease(value: unknown): Release {
  if (!isObject(value) || typeof value.id !== 'number' || typeof value.upload_url !== 'string' || typeof value.tag_name !== 'string') {
    throw new Error('GitHub answered a release without id, tag_name or upload_url')
  }
  return {
    id: value.id,
    tag: value.tag_name,
    uploadUrl: value.upload_url.replace(/\{[^}]*\}$/, ''),
  }
}

export function readAsset(value: unknown): ReleaseAsset {
  if (!isObject(value) || typeof value.id !== 'number' || typeof value.name !== 'string') {
    throw new Error('GitHub answered a release asset without id or name')
  }
  return {
    id: value.id,
    name: value.name,
    label: typeof value.label === 'string' ? value.label : '',
    state: typeof value.state === 'string' ? value.state : '',
    size: typeof value.size === 'number' ? value.size : 0,
    downloadUrl: typeof value.browser_download_url === 'string' ? value.browser_download_url : '',
  }
}

/**
 * The name GitHub stores for a file name: it turns special and non-ASCII characters into `.` and drops leading and
 * trailing periods, so names are compared (and announced) as GitHub will show them.
 */
export function assetName(fileName: string): string {
  // The action sends names already in this form, so GitHub stores them unchanged and a listing finds them again.
  return fileName
    .replace(/[^A-Za-z0-9._-]+/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.+|\.+$/g, '')
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt',
  '.srt': 'application/x-subrip',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
}

/** The Content-Type an asset is uploaded with, from its extension (GitHub serves the asset with it). */
export function contentTypeOf(fileName: string): string {
  const extension = /\.[A-Za-z0-9]+$/.exec(fileName)?.[0]?.toLowerCase() ?? ''
  return CONTENT_TYPES[extension] ?? 'application/octet-stream'
}
