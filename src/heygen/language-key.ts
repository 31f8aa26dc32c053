// How a language, region or script name is compared: the generator (scripts/language-data.ts) writes its keys in this
// form and languages.ts looks names up in it, so "&"/"and", accents, apostrophes, case and spacing never decide a match.

/** A name's comparison key: accents dropped, curly apostrophes straight, "&" as "and", "St." as "Saint", one space, lowercase. */
export function languageKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\s*&\s*/g, ' and ')
    .replace(/\bSt\.\s*/gi, 'saint ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}
