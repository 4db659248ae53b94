import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { EnvelopeInput, SessionEventInput } from '@suture/envelope'

/** `../shared/data` beside the repository (CI copies it there); tests only, never user commands. */
export const SHARED_DATA_DIR = path.resolve(import.meta.dirname, '../../../../../shared/data')

interface StackRecord {
  id: string
  name?: string
  message?: string
  stack: string
}

function readJsonl<T>(file: string, limit: number): T[] {
  const lines = readFileSync(path.join(SHARED_DATA_DIR, file), 'utf8').split('\n')
  const out: T[] = []
  for (const line of lines) {
    if (line.trim() === '') continue
    out.push(JSON.parse(line) as T)
    if (out.length >= limit) break
  }
  return out
}

/** Real browser stack strings (shared/data/stacks), with their error name and message. */
export function realStacks(limit = 1_000): StackRecord[] {
  return readJsonl<StackRecord>('stacks/stacks_dev.jsonl', limit)
}

export interface RealSession {
  session_id: string
  events: { ts: string; event: string; properties: NonNullable<SessionEventInput['properties']> }[]
}

/** Real e-commerce sessions as event streams (shared/data/scoring). */
export function realSessions(limit = 100): RealSession[] {
  return readJsonl<RealSession>('scoring/online_shoppers_dev_sessions.jsonl', limit)
}

/**
 * An error envelope built from a real stack string, without frames or fingerprint, as a minimal SDK
 * (or one that could not parse the stack) would send it.
 */
export function errorEnvelopeFromStack(
  stack: StackRecord,
  overrides: Partial<EnvelopeInput> & Record<string, unknown> = {},
): EnvelopeInput {
  return {
    id: randomUUID(),
    schemaVersion: 1,
    kind: 'error',
    occurredAt: new Date().toISOString(),
    app: { name: 'demo', release: '1.0.0', environment: 'test' },
    route: { template: '/projects/:id/settings', url: 'https://app.example/projects/42/settings' },
    error: {
      type: stack.name || 'Error',
      // Some records carry only the stack; its first line is the message then.
      message: stack.message ?? stack.stack.split('\n')[0] ?? '',
      stack: stack.stack,
      handled: false,
      mechanism: 'boundary',
    },
    ...overrides,
  } as EnvelopeInput
}

export function feedbackEnvelope(
  overrides: Partial<EnvelopeInput> & Record<string, unknown> = {},
): EnvelopeInput {
  return {
    id: randomUUID(),
    schemaVersion: 1,
    kind: 'feedback',
    occurredAt: new Date().toISOString(),
    app: { name: 'demo' },
    route: { template: '/checkout' },
    feedback: { text: 'The invite button does nothing', rating: 3, channel: 'fallback' },
    ...overrides,
  } as EnvelopeInput
}

/** The events of a real session, as our SDK or the PostHog import sends them. */
export function sessionEventsOf(session: RealSession): SessionEventInput[] {
  return session.events.map((e) => ({
    sessionId: session.session_id,
    ts: e.ts,
    event: e.event,
    properties: e.properties,
  }))
}
