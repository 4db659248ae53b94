/**
 * A generated scrubbing corpus, independent of the dev split in `../shared/data/pii`: phone numbers of every
 * region libphonenumber knows (its example mobile numbers) in ten written forms inside sentences with and
 * without a phone word, vendor keys, and look-alikes that must stay (UUIDs, git SHAs, versions, timestamps,
 * permissions, order numbers, amounts). Deterministic: a seeded generator, so figures are reproducible.
 */

import examples from 'libphonenumber-js/examples.mobile.json'
import { type CountryCode, getCountries, getExampleNumber } from 'libphonenumber-js/max'
import { seededRandom } from '../../random/seeded-random.js'

export interface CorpusSpan {
  readonly start: number
  readonly end: number
  readonly type: 'PHONE' | 'API_KEY'
}

export interface CorpusRecord {
  readonly text: string
  readonly spans: readonly CorpusSpan[]
  /** `phone:<format>:<context|neutral>`, `key:<vendor>` or `lookalike:<kind>`. */
  readonly group: string
  readonly region?: CountryCode
}

export const PHONE_FORMATS = [
  'national',
  'international',
  'e164',
  'e164-no-plus',
  'international-no-plus',
  'international-dots',
  'national-dots',
  'national-extension',
  'international-extension',
  'idd-00',
] as const
export type PhoneFormat = (typeof PHONE_FORMATS)[number]

const WITH_CONTEXT = [
  'Please call me on {}, thanks',
  'My phone number is {}.',
  'Customer wrote: "you can reach me at {} after 5pm"',
  'WhatsApp: {}',
  'Tel. {} (office)',
  'Llámame al {} cuando puedas',
  'Rufen Sie mich unter {} an',
  'Mon numéro de portable : {}',
  'mobile={}&lang=en',
  'Feedback: wrong number shown, mine is {}',
]
const NEUTRAL = [
  '{}',
  'Saved profile for Ann Lee, {}, and then the form crashed',
  'I tried {} twice and nobody answered',
  'Support escalation from {} — second time this week',
  '{} is the only way to get hold of her',
  'Note: {}. Follow up tomorrow.',
  'TypeError: Cannot read properties of undefined (reading "{}")',
  'The footer still says {} after the update',
]

function written(format: PhoneFormat, national: string, intl: string, e164: string): string {
  switch (format) {
    case 'national':
      return national
    case 'international':
      return intl
    case 'e164':
      return e164
    case 'e164-no-plus':
      return e164.slice(1)
    case 'international-no-plus':
      return intl.slice(1)
    case 'international-dots':
      return intl.replace(/[ -]/g, '.')
    case 'national-dots':
      return national.replace(/[ -]/g, '.')
    case 'national-extension':
      return `${national} ext. 123`
    case 'international-extension':
      return `${intl} x 42`
    case 'idd-00':
      return `00${intl.slice(1)}`
  }
}

function embed(
  template: string,
  value: string,
  type: CorpusSpan['type'],
  group: string,
  region?: CountryCode,
) {
  const start = template.indexOf('{}')
  const text = template.replace('{}', value)
  return {
    text,
    spans: [{ start, end: start + value.length, type }],
    group,
    ...(region ? { region } : {}),
  } satisfies CorpusRecord
}

/** Every region × every written form, once next to a phone word and once without one. */
export function phoneRecords(): CorpusRecord[] {
  const records: CorpusRecord[] = []
  let i = 0
  for (const region of getCountries()) {
    const example = getExampleNumber(region, examples)
    if (!example) continue
    const national = example.formatNational()
    const intl = example.formatInternational()
    for (const format of PHONE_FORMATS) {
      const value = written(format, national, intl, example.number)
      const context = WITH_CONTEXT[i % WITH_CONTEXT.length] ?? '{}'
      const neutral = NEUTRAL[i % NEUTRAL.length] ?? '{}'
      records.push(embed(context, value, 'PHONE', `phone:${format}:context`, region))
      records.push(embed(neutral, value, 'PHONE', `phone:${format}:neutral`, region))
      i++
    }
  }
  return records
}

const HEX = '0123456789abcdef'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function pick(next: () => number, alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)] ?? 'a'
  return out
}

/** Vendor key shapes issue 17 names (Mailchimp, Hugging Face, hex keys after a key word), in varied carriers. */
export function keyRecords(count = 60): CorpusRecord[] {
  const next = seededRandom(17)
  const records: CorpusRecord[] = []
  const carriers = [
    'MAILCHIMP_API_KEY={}',
    'mailchimp key {} leaked in logs',
    'using api key {} for the newsletter',
    '"apiKey": "{}"',
    'Authorization failed for token {}',
    'HF_TOKEN={}',
    'huggingface-cli login --token {}',
    'X-Api-Key: {}',
  ]
  for (let i = 0; i < count; i++) {
    const carrier = carriers[i % carriers.length] ?? '{}'
    const shape = i % 4
    const value =
      shape === 0
        ? `${pick(next, HEX, 32)}-us${1 + Math.floor(next() * 20)}`
        : shape === 1
          ? `api_org_${pick(next, LETTERS, 34)}`
          : shape === 2
            ? `hf_${pick(next, ALNUM, 34)}`
            : pick(next, HEX, 32)
    const vendor = ['mailchimp', 'hf-org', 'hf-user', 'hex-after-key-word'][shape] ?? 'other'
    records.push(embed(carrier, value, 'API_KEY', `key:${vendor}`))
  }
  return records
}

function uuid(next: () => number): string {
  const h = pick(next, HEX, 32)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** Look-alikes that must come out unchanged. */
export function lookalikeRecords(perKind = 40): CorpusRecord[] {
  const next = seededRandom(4242)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const kinds: Record<string, () => string> = {
    uuid: () => `request ${uuid(next)} failed after ${int(2, 9)} retries`,
    'git-sha': () =>
      `commit ${pick(next, HEX, 40)} (${pick(next, HEX, 7)}) fix: reset form state (#${int(1000, 19999)})`,
    'hash-non-key': () =>
      [
        `sha256:${pick(next, HEX, 64)}`,
        `etag "${pick(next, HEX, 32)}"`,
        `md5 ${pick(next, HEX, 32)}  dist/app.js`,
        `cache key ${pick(next, HEX, 40)} missed`,
        `integrity sha512-${pick(next, ALNUM, 86)}==`,
      ][int(0, 4)] ?? '',
    semver: () =>
      [
        `upgraded react from ${int(15, 19)}.${int(0, 14)}.${int(0, 30)} to ${int(15, 19)}.${int(0, 14)}.${int(0, 30)}`,
        `v${int(1, 30)}.${int(0, 99)}.${int(0, 999)}-beta.${int(1, 9)}`,
        `@suture/envelope@${int(0, 3)}.${int(0, 20)}.${int(0, 20)}`,
      ][int(0, 2)] ?? '',
    'ip-as-version': () =>
      [
        `Chrome/${int(100, 130)}.0.${int(4000, 6999)}.${int(10, 250)}`,
        `Windows NT 10.0; build 10.0.${int(17000, 26999)}.${int(1, 4000)}`,
        `version ${int(1, 9)}.${int(0, 9)}.${int(0, 9)}.${int(0, 9)}`,
      ][int(0, 2)] ?? '',
    timestamp: () =>
      [
        `at ${2020 + int(0, 6)}-${pad(int(1, 12))}-${pad(int(1, 28))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}.${pad(int(0, 999), 3)}Z`,
        `created ${2020 + int(0, 6)}-${pad(int(1, 12))}-${pad(int(1, 28))} ${pad(int(0, 23))}:${pad(int(0, 59))}`,
        `due ${pad(int(1, 28))}.${pad(int(1, 12))}.${2020 + int(0, 6)}`,
        `on ${pad(int(1, 12))}/${pad(int(1, 28))}/${2020 + int(0, 6)}`,
        `ts=${int(1_600_000_000, 1_800_000_000)}`,
        `"createdAt": ${int(1_600_000_000_000, 1_800_000_000_000)}`,
      ][int(0, 5)] ?? '',
    permission: () =>
      [
        'permissions:\n  id-token: write\n  contents: read',
        'set `id-token: write` in the workflow',
        'permissions: { id-token: write, pull-requests: write }',
        'chmod 0755 ./bin/suture',
        'api-key: required',
        'token: readonly',
      ][int(0, 5)] ?? '',
    'order-number': () =>
      [
        `Order ${int(1_000_000, 9_999_999_999)} shipped`,
        `invoice INV-${2020 + int(0, 6)}-${pad(int(1, 999_999), 6)}`,
        `ticket #${int(100_000, 999_999)} reopened`,
        `order no. ${int(10_000_000, 99_999_999)} is delayed`,
        `SKU ${int(100_000_000_000, 999_999_999_999)} out of stock`,
        `tracking number ${int(100_000_000_000, 999_999_999_999)}`,
        `user id ${int(1_000_000, 999_999_999)} not found`,
      ][int(0, 6)] ?? '',
    amount: () =>
      [
        `total €${int(1, 999)}.${int(100, 999)}.${int(100, 999)},${pad(int(0, 99))}`,
        `${int(1, 999)} ${int(100, 999)} ${int(100, 999)} users migrated`,
        `took ${int(1000, 99_999)} ms`,
        `budget $${int(1, 99)},${int(100, 999)},${int(100, 999)}`,
      ][int(0, 3)] ?? '',
    'stack-position': () =>
      `    at submit (https://app.test/assets/main.${pick(next, HEX, 8)}.js:${int(1, 9)}:${int(10_000, 99_999)})`,
  }
  const records: CorpusRecord[] = []
  for (const [kind, make] of Object.entries(kinds)) {
    for (let i = 0; i < perKind; i++) records.push({ text: make(), spans: [], group: `lookalike:${kind}` })
  }
  return records
}
