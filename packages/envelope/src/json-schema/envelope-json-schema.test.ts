// biome-ignore lint/correctness/noNodejsModules: the drift check reads the checked-in schema files
import { readFileSync } from 'node:fs'
// biome-ignore lint/correctness/noNodejsModules: the drift check reads the checked-in schema files
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parseEnvelope, parseSessionEvent } from '../schema/parse.js'
import {
  envelopeJsonSchema,
  renderJsonSchemaFiles,
  sessionEventJsonSchema,
  TRUNCATE_KEYWORD,
} from './envelope-json-schema.js'

const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../schema')

// Strict mode catches schema mistakes; `date-time` is enforced by the generated `pattern` as well.
const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { 'date-time': true } })
ajv.addKeyword({ keyword: TRUNCATE_KEYWORD, schemaType: 'number' })
const validateEnvelope = ajv.compile(envelopeJsonSchema())
const validateSessionEvent = ajv.compile(sessionEventJsonSchema())

const errorEnvelope = {
  id: '0192d3e4-7b5a-7c1d-9e2f-3a4b5c6d7e8f',
  schemaVersion: 1,
  kind: 'error',
  occurredAt: '2026-11-23T10:00:00.000Z',
  sentAt: '2026-11-23T10:00:01+01:00',
  app: { name: 'acme-web', release: '1.4.2', environment: 'production' },
  route: { template: '/settings/members', url: 'https://app.acme.test/settings/members' },
  actor: { idHash: 'h_9f2c', role: 'admin', plan: 'pro' },
  workspace: { id: 'ws_1', plan: 'pro' },
  sessionId: 'sess_1',
  boundary: 'MembersPage',
  breadcrumbs: [
    { ts: '2026-11-23T09:59:58.000Z', type: 'click', label: "Clicked 'Invite teammate'" },
    {
      ts: '2026-11-23T09:59:59.000Z',
      type: 'fetch',
      label: 'POST /api/invite',
      data: { status: 500, ok: false, url: null },
    },
  ],
  flags: { newInviteFlow: true, variant: { name: 'b', weights: [1, 2] } },
  attempting: "submitting the 'Invite teammate' form",
  frustration: { rageClicks: 3 },
  tags: { region: 'eu' },
  sdk: { name: '@suture/error-boundary', version: '0.1.0' },
  error: {
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'email')",
    frames: [
      {
        function: 'submit',
        file: 'https://app.acme.test/assets/main.3f9a1c.js',
        line: 1,
        column: 2044,
        inApp: true,
      },
    ],
    componentStack: '\n    at InviteForm\n    at MembersPage',
    fingerprint: 'a1b2c3d4e5f60718',
    handled: true,
    mechanism: 'boundary',
  },
}

const feedbackEnvelope = {
  id: 'fb_00000001',
  schemaVersion: 1,
  kind: 'feedback',
  occurredAt: '2026-11-23T10:01:00Z',
  app: { name: 'acme-web' },
  route: { template: '/settings/members' },
  feedback: {
    text: 'The invite button does nothing',
    rating: 3,
    channel: 'fallback',
    linkedTo: errorEnvelope.id,
  },
}

const sessionEvent = {
  sessionId: 'sess_1',
  ts: '2026-11-23T10:00:00.000Z',
  event: '$pageview',
  properties: { $current_url: 'https://app.acme.test/settings', count: 2, nested: { a: [1, null] } },
}

const invalidEnvelopes: Record<string, unknown> = {
  'missing kind': { ...errorEnvelope, kind: undefined },
  'unknown kind': { ...errorEnvelope, kind: 'warning' },
  'wrong schema version': { ...errorEnvelope, schemaVersion: 2 },
  'id with spaces': { ...errorEnvelope, id: 'not a valid id' },
  'id too short': { ...errorEnvelope, id: 'abc' },
  'timestamp without offset': { ...errorEnvelope, occurredAt: '2026-11-23 10:00' },
  'handled as a string': { ...errorEnvelope, error: { ...errorEnvelope.error, handled: 'yes' } },
  'error without type': { ...errorEnvelope, error: { ...errorEnvelope.error, type: '' } },
  'negative line': {
    ...errorEnvelope,
    error: { ...errorEnvelope.error, frames: [{ function: null, file: null, line: -1, column: null }] },
  },
  'unknown breadcrumb type': {
    ...errorEnvelope,
    breadcrumbs: [{ ts: '2026-11-23T09:59:58.000Z', type: 'scroll', label: 'x' }],
  },
  'breadcrumb data object': {
    ...errorEnvelope,
    breadcrumbs: [{ ts: '2026-11-23T09:59:58.000Z', type: 'click', label: 'x', data: { a: { b: 1 } } }],
  },
  'rating above 10': { ...feedbackEnvelope, feedback: { ...feedbackEnvelope.feedback, rating: 11 } },
  'feedback without text': { ...feedbackEnvelope, feedback: { rating: 3 } },
  'empty route template': { ...errorEnvelope, route: { template: '' } },
  'app without name': { ...errorEnvelope, app: {} },
  'not an object': 'hello',
}

describe('envelope JSON Schema', () => {
  it('matches the checked-in files (run `pnpm --filter @suture/envelope gen:schema` after changing a schema)', () => {
    for (const [name, text] of Object.entries(renderJsonSchemaFiles())) {
      expect(readFileSync(path.join(SCHEMA_DIR, name), 'utf8'), name).toBe(text)
    }
  })

  it.each([
    ['error envelope', errorEnvelope],
    ['feedback envelope', feedbackEnvelope],
  ])('accepts a valid %s, as zod does', (_, value) => {
    expect(validateEnvelope(value), ajv.errorsText(validateEnvelope.errors)).toBe(true)
    expect(parseEnvelope(value).ok).toBe(true)
  })

  it.each(Object.entries(invalidEnvelopes))('rejects an envelope with %s, as zod does', (_, value) => {
    expect(validateEnvelope(value)).toBe(false)
    expect(parseEnvelope(value).ok).toBe(false)
  })

  it('accepts oversized strings, which the server truncates, in both', () => {
    const huge = { ...errorEnvelope, error: { ...errorEnvelope.error, message: 'x'.repeat(100_000) } }
    expect(validateEnvelope(huge)).toBe(true)
    expect(parseEnvelope(huge).ok).toBe(true)
  })

  it('validates session events in both', () => {
    expect(validateSessionEvent(sessionEvent), ajv.errorsText(validateSessionEvent.errors)).toBe(true)
    expect(parseSessionEvent(sessionEvent).ok).toBe(true)
    for (const bad of [
      { ...sessionEvent, event: '' },
      { ...sessionEvent, ts: 'yesterday' },
      { event: 'x' },
    ]) {
      expect(validateSessionEvent(bad)).toBe(false)
      expect(parseSessionEvent(bad).ok).toBe(false)
    }
  })
})
