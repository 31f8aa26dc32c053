// Validates request and response bodies against HeyGen's OpenAPI contracts (copies in test/contracts/).
import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'

type Schema = Record<string, unknown>
type OpenApi = { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } }

function load(file: string): OpenApi {
  return JSON.parse(readFileSync(new URL(`../contracts/${file}`, import.meta.url), 'utf8')) as OpenApi
}

const v2 = load('generate-from-proofread.v2.openapi.json')
const v3 = load('video-translate.v3.openapi.json')
const V3_ID = 'https://contracts.local/heygen-v3.json'

/** Deep copy with `#/components/schemas/X` refs pointed at the registered components document. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs)
  if (value === null || typeof value !== 'object') return value
  const copy: Schema = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = key === '$ref' && typeof item === 'string' ? item.replace('#/components/schemas/', `${V3_ID}#/$defs/`) : rewriteRefs(item)
  }
  return copy
}

function dig(value: unknown, ...path: string[]): Schema {
  let at = value
  for (const key of path) at = (at as Record<string, unknown> | undefined)?.[key]
  if (at === undefined) throw new Error(`contract has no ${path.join(' > ')}`)
  return at as Schema
}

const json = ['content', 'application/json', 'schema']
const v3Response = (path: string, method: string, status: string): Schema =>
  rewriteRefs(dig(v3.paths, path, method, 'responses', status, ...json)) as Schema
const v3Component = (name: string): Schema => ({ $ref: `${V3_ID}#/$defs/${name}` })
/** The contract's envelopes leave the envelope key optional; a body without it would mean nothing, so require it. */
const requiring = (key: string, schema: Schema): Schema => ({ allOf: [schema, { type: 'object', required: [key] }] })

const v2Response = structuredClone(dig(v2.paths, '/v2/video_translate/proofread/{proofread_id}/generate', 'post', 'responses', '200', ...json))
// The v2 contract types `error` as string, yet its own success example (and HeyGen's answer) is `"error": null`.
dig(v2Response, 'properties', 'error').type = ['string', 'null']

const GENERATE_V3 = '/v3/video-translations/proofreads/{proofread_id}/generate'
const SCHEMAS = {
  'v2.generate.request': dig(v2.paths, '/v2/video_translate/proofread/{proofread_id}/generate', 'post', 'requestBody', ...json),
  'v2.generate.response': requiring('data', v2Response),
  'v3.generate.request': v3Component('GenerateVideoRequest'),
  'v3.generate.response': requiring('data', v3Response(GENERATE_V3, 'post', '200')),
  'v3.error': requiring('error', v3Response(GENERATE_V3, 'post', '400')),
  'v3.status.response': requiring('data', v3Response('/v3/video-translations/{video_translation_id}', 'get', '200')),
  'v3.proofread.response': requiring('data', v3Response('/v3/video-translations/proofreads/{proofread_id}', 'get', '200')),
  'v2.caption.response': requiring('data', v3Response('/v2/video_translate/caption', 'get', '200')),
} satisfies Record<string, Schema>

export type ContractKind = keyof typeof SCHEMAS
export const CONTRACT_KINDS = Object.keys(SCHEMAS) as ContractKind[]

// OpenAPI's own keywords (example, discriminator) are annotations here: declared so strict mode accepts them.
const ajv = new Ajv2020({ allErrors: true, strictTypes: false })
ajv.addVocabulary(['example', 'discriminator'])
ajv.addSchema({ $id: V3_ID, $defs: rewriteRefs(v3.components?.schemas ?? {}) as Schema })
const validators = new Map<ContractKind, ValidateFunction>()

/** Errors of `value` against the contract for `kind`: an empty array means valid. */
export function validate(kind: ContractKind, value: unknown): string[] {
  let check = validators.get(kind)
  if (check === undefined) {
    check = ajv.compile(SCHEMAS[kind])
    validators.set(kind, check)
  }
  if (check(value)) return []
  return (check.errors ?? []).map(
    (error) => `${kind}: ${error.instancePath || '(body)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
  )
}

/** The v2 contract's own success example, to prove the `error: null` allowance above matches the contract's intent. */
export const V2_SUCCESS_EXAMPLE: unknown = dig(
  v2.paths,
  '/v2/video_translate/proofread/{proofread_id}/generate',
  'post',
  'responses',
  '200',
  'content',
  'application/json',
  'examples',
  'Result',
  'value',
)

/** The answers HeyGen documents or publishes as verified, one body per file in test/contracts/answers/ (sources in its README). */
export const ANSWERS_DIR = new URL('../contracts/answers/', import.meta.url)

export function documentedAnswer(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, ANSWERS_DIR), 'utf8')) as unknown
}

const ID_FIELDS = ['id', 'video_translate_id', 'video_translation_id']

/**
 * The shape of an answer: its fields, each with the kind of value it holds (a language name, never a code; an id; a
 * link; a status word; text; a number...), so two answers of one kind compare without comparing their values.
 */
export function shapeOf(value: unknown, field = ''): unknown {
  if (value === null) return 'null'
  if (Array.isArray(value)) return [...new Set(value.map((item) => JSON.stringify(shapeOf(item, field))))].map((s) => JSON.parse(s) as unknown)
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .map(([name, item]) => [name, shapeOf(item, name)])
        .sort(),
    )
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  if (typeof value !== 'string') return typeof value
  if (/language/.test(field)) return /^[A-Z][\p{L}]+(?: [\p{L}]+)*(?: \([^()]+\))?$/u.test(value) ? 'language name' : `not a language name: ${value}`
  if (ID_FIELDS.includes(field)) return /^[A-Za-z0-9][A-Za-z0-9_.-]+$/.test(value) ? 'id' : `not an id: ${value}`
  if (field === 'status' || field === 'code') return /^[a-z_]+$/.test(value) ? 'word' : `not a word: ${value}`
  if (/^https?:\/\//.test(value)) return 'link'
  return 'text'
}
