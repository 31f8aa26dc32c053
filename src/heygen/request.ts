// What a generate call sends, in HeyGen's own words.

/** The API versions the client speaks; `auto` (an input value) picks one of these per call. */
export type ApiVersion = 'v2' | 'v3'

/** The body of the generate call, with HeyGen's own field names. */
export interface GenerateRequest {
  captions: boolean
  translate_audio_only: boolean
  callback_id?: string
  callback_url?: string
}
