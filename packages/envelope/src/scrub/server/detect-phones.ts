import {
  type CountryCode,
  getCountries,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max'
import type { PiiSpan } from '../types.js'
import {
  findPhoneCandidates,
  labelledAsPhone,
  looksLikeNonPhone,
  type PhoneCandidate,
} from './phone-candidates.js'

/**
 * Words that make a number a phone number, as Presidio's PhoneRecognizer uses them to raise its score
 * (English plus the languages of the regions checked first).
 */
const PHONE_CONTEXT =
  /(?<![\p{L}\d])(?:phone|tel\b|tel\.|telephone|t[ée]l[ée]phone|tel[ée]fono|telefone|telefon|mobile?|mobil|m[óo]vil|celular|cell|cellphone|handy|portable|fax|call(?:ing)?|ring|reach|contact|whats\s?app|sms|text(?:ed)? me|landline|hotline|helpline|switchboard|extension|ext\b|rufnummer|rufen|anrufen|erreichbar|erreichen|llam[ae]|llámame|llamar|marcar|appel(?:ez|le)?|joindre|chiama|ligue|ligar|contato|contacto|numéro|n[úu]mero de|my number|number is|dial|telf|mob\b|ph\b|ph\.|電話|телефон|номер)(?![\p{L}])/iu
const PHONE_CONTEXT_AFTER =
  /^[ \t]*[(-]?[ \t]*(?:office|fax|mobile|cell|home|work|tel|phone|direct|landline|whatsapp)\b/i
/** Words that name a number as something else; they win unless a phone word is nearer. */
const NOT_A_PHONE_BEFORE =
  /(?:(?<![\p{L}\d])(?:order|invoice|ticket|case|ref(?:erence)?|id|sku|tracking|build|version|issue|pr|job|request|transaction|txn|batch|serial|part|model|item|account|iban|bic|amount|total|price|qty|quantity|count|size|port|pid|uid|gid|code|error|errno|status|line|row|column|col|page|step|attempt|retry|seq(?:uence)?|offset|block|height|nonce|zip|postcode|postal|isbn|ean|upc|vat|tax|passport|licen[cs]e|confirmation|booking|reservation|shipment|parcel|package|awb|waybill|policy|claim|mrn|record|entry|doc(?:ument)?|report|receipt|voucher|coupon|promo|run|commit|bestellung|auftrag|rechnung|pedido|factura|commande|facture|ordine|fattura|revision|rev|hash|checksum|timestamp|epoch|seed|user|customer|member|employee|student|patient|no\.?|nr\.?)|#)\s*(?:number|no\.?|nr\.?|id|#)?\s*[:#=]?\s*$/iu

/** Regions tried first for numbers written without a country code (Presidio's defaults, widened). */
const PRIORITY_REGIONS: readonly CountryCode[] = [
  'US',
  'GB',
  'DE',
  'FR',
  'ES',
  'IT',
  'NL',
  'BE',
  'CH',
  'AT',
  'BR',
  'AR',
  'MX',
  'CO',
  'CL',
  'PE',
  'IN',
  'AU',
  'CA',
  'PL',
  'PT',
  'SE',
  'IE',
  'ZA',
  'NG',
  'JP',
  'CN',
  'RU',
  'TR',
  'IL',
]
const REGIONS = new Set<string>(getCountries())
// Country-code top-level domains whose code differs from the ISO region.
const TLD_REGION: Record<string, CountryCode> = { uk: 'GB' }

function parse(text: string, region?: CountryCode): PhoneNumber | undefined {
  try {
    return region ? parsePhoneNumberFromString(text, region) : parsePhoneNumberFromString(text)
  } catch {
    return undefined
  }
}

/** Valid in one of `regions`, tried in order (a parse each, so the list is short and ordered by likelihood). */
function validIn(number: string, regions: Iterable<CountryCode>): boolean {
  for (const region of regions) if (parse(number, region)?.isValid()) return true
  return false
}

/**
 * How people group a phone number: two or more groups of two or more digits (a lone first digit is a
 * trunk or country prefix), and not the 1–3-then-threes of a thousands separator (`1 234 567`). With
 * 245 regions nearly any grouped digits are valid somewhere, so the grouping says more than a region sweep.
 */
function groupedLikeAPhone(number: string): boolean {
  const groups = number.replace(/^\(/, '').match(/\d+/g) ?? []
  if (groups.length < 2) return false
  if (groups.slice(1).some((g) => g.length < 2)) return false
  const [first = '', ...rest] = groups
  return !(first.length <= 3 && rest.length >= 2 && rest.every((g) => g.length === 3))
}

/**
 * Regions the text itself points at: the countries of numbers written with a `+` code, and country-code
 * top-level domains of addresses and URLs (`ann@firma.de`, `shop.com.br`). They are tried before the
 * priority list, so a French text's `06 12 34 56 78` is judged as French.
 */
export function regionsHintedBy(text: string, candidates: readonly PhoneCandidate[]): CountryCode[] {
  const hinted: CountryCode[] = []
  const add = (region: string | undefined) => {
    if (region && REGIONS.has(region) && !hinted.includes(region as CountryCode))
      hinted.push(region as CountryCode)
  }
  for (const c of candidates) if (c.international) add(parse(international(c.number))?.country)
  for (const m of text.matchAll(/[\w-]\.([a-z]{2})(?=[/:?#\s"'>),]|$)/gi)) {
    const tld = (m[1] ?? '').toLowerCase()
    add(TLD_REGION[tld] ?? tld.toUpperCase())
  }
  return hinted
}

function international(text: string): string {
  return text.replace(/^(?:00|011)[ .\-/]?/, '+')
}

/**
 * Candidates per text that may be checked region by region (up to ~30 parses each): enough for any real
 * message, a cap for hostile input made of thousands of digit groups.
 */
const REGION_CHECKS_PER_TEXT = 24

const PLACEHOLDER = /\[(?:email|phone|card|jwt|token|api-key|secret|ip)\]/g

/** Blanks typed placeholders (same length, so offsets hold) out of a context window. */
function withoutPlaceholders(window: string): string {
  return window.replace(PLACEHOLDER, (m) => ' '.repeat(m.length))
}

function judge(
  c: PhoneCandidate,
  text: string,
  regions: readonly CountryCode[],
  budget: { regionChecks: number },
): boolean {
  const validHere = (number: string) => budget.regionChecks-- > 0 && validIn(number, regions)
  // A placeholder an earlier pass wrote (`[phone]`) is not a phone word: read as one, a second pass would
  // take the number after `[phone]) order` for a phone that the first pass judged an order number.
  const before = withoutPlaceholders(text.slice(Math.max(0, c.start - 48), c.start))
  const after = withoutPlaceholders(text.slice(c.end, c.end + 24))
  if (looksLikeNonPhone(c, before, after)) return false
  const digits = c.digits.length
  const { number } = c
  // The country code is written: libphonenumber can tell a possible number from digits that are not. A
  // leading `00`/`011` may also be a trunk prefix and area code (`011 15-2345-6789` in Buenos Aires), so a
  // number that is not possible internationally is judged as a national one below.
  if (c.international && parse(international(number))?.isPossible() === true) return true
  if (c.international && number.startsWith('+')) return false
  const labelled = labelledAsPhone(before) || PHONE_CONTEXT.test(before.slice(-24))
  const context = labelled || PHONE_CONTEXT.test(before.slice(-40)) || PHONE_CONTEXT_AFTER.test(after)
  if (!context && NOT_A_PHONE_BEFORE.test(before.slice(-32))) return false
  // Five digits are a phone number only right after a phone word (`Tel. 40123`); postcodes have five too.
  if (labelled && digits === 5) return true
  if (context) return digits >= 6 && digits <= 15
  if (c.grouped) {
    // Six grouped digits are as often a house number and street (`27 2279 President St`) without a phone word.
    if (digits < 7 || digits > 15) return false
    return groupedLikeAPhone(number) || validHere(number)
  }
  // An ungrouped run: a national number with its trunk prefix (`0612345678`) valid where the text points
  // or in a common region, or a full international number whose `+` was left out (`4915123456789`).
  if (/^0[1-9]/.test(c.digits) && digits >= 9 && digits <= 12 && validHere(number)) return true
  return digits >= 10 && !c.digits.startsWith('0') && parse(`+${c.digits}`)?.isValid() === true
}

/**
 * Phone numbers of every region libphonenumber knows, in national and international formats, with or
 * without `+`, with dots, dashes, spaces, parentheses and extensions. Candidates are digit runs that do not
 * continue a word, path, decimal or `file:line:col`; dates, IPs, versions, amounts and Unix times are
 * dropped; a number with its country code must be possible for that country; one without must be grouped
 * the way phone numbers are or be valid in a region the text points at or a common region — unless a phone
 * word is near (as Presidio's context words), or a word such as "order", "invoice" or "id" names it otherwise.
 */
export function detectPhoneNumbers(text: string): PiiSpan[] {
  if (typeof text !== 'string' || !/\d{2}/.test(text)) return []
  const candidates = findPhoneCandidates(text)
  if (candidates.length === 0) return []
  const regions = [...regionsHintedBy(text, candidates), ...PRIORITY_REGIONS]
  const budget = { regionChecks: REGION_CHECKS_PER_TEXT }
  const spans: PiiSpan[] = []
  for (const c of candidates) {
    if (judge(c, text, regions, budget)) spans.push({ start: c.start, end: c.end, kind: 'phone' })
  }
  return spans
}
