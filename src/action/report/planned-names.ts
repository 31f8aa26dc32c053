// What a dry run says each proofread's files would be called: the saved paths (relative to the workspace) and, with
// `release`, the asset names, resolved from download_path and the language the preflight gave.
import nodePath from 'node:path'
import { assetName } from '../../github/assets.js'
import type { FilesConfig, HeyGenConfig, ReleaseConfig, WorkConfig } from '../config/inputs.js'
import { placeholderValues, resolveDestination } from '../files/paths.js'
import { relativeTo } from './summary.js'

/** Stands for the job id, known only once a real run has paid; swapped for `<video_translate_id>` when shown. */
const JOB = 'JOBIDxPLACEHOLDER'

/** The lines that follow a dry run's "would send" block; none without download_path. */
export function plannedNames(
  config: {
    readonly files: Pick<FilesConfig, 'downloadPath'>
    readonly heygen: Pick<HeyGenConfig, 'request'>
    readonly publish: ReleaseConfig | undefined
    readonly work: Pick<WorkConfig, 'proofreadIds'>
  },
  proofreadId: string,
  outputLanguage: string | undefined,
  workspace = process.env.GITHUB_WORKSPACE || process.cwd(),
): string[] {
  if (!config.files.downloadPath) return []
  const values = placeholderValues({ proofreadId, outputLanguage, videoTranslateId: JOB })
  const destination = resolveDestination(config.files.downloadPath, values, { workspace, several: config.work.proofreadIds.length > 1 })
  const files = [
    destination.video,
    ...(config.heygen.request.captions ? [`${destination.base}.vtt`] : []),
    ...(config.heygen.request.translate_audio_only ? [`${destination.base}.mp3`] : []),
  ]
  const shown = (text: string) => text.split(JOB).join('<video_translate_id>')
  const lines = [`  Would save: ${files.map((file) => shown(relativeTo(workspace, file))).join(', ')}`]
  if (config.publish) lines.push(`  Release assets: ${files.map((file) => shown(assetName(nodePath.basename(file)))).join(', ')}`)
  return lines
}
