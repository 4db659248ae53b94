import type { ApiKeyKind, ItemIssue, ItemResult } from '@suture/store'
import type { Context } from 'hono'
import type { IngestDeps, IngestEnv } from './context.js'
import { HttpError } from './http-error.js'
import { readJsonBody } from './read-body.js'

export const MAX_BATCH = 100

type Parse<T> = (input: unknown) => { ok: true; value: T } | { ok: false; issues: readonly ItemIssue[] }

export interface IngestBatchSpec<T> {
  /** Metrics label and item noun: `envelope`, `event`, `deploy`. */
  readonly kind: string
  /** The batch form's list field: `{ envelopes: [...] }`. */
  readonly listField: string
  readonly parse: Parse<T>
  /** Durable write; resolves after commit. */
  readonly store: (projectId: string, items: readonly T[]) => Promise<ItemResult[]>
  /** Key kinds allowed (default: both). */
  readonly keyKinds?: readonly ApiKeyKind[]
}

function rawId(input: unknown): string | null {
  if (input !== null && typeof input === 'object' && 'id' in input) {
    const id = (input as { id: unknown }).id
    if (typeof id === 'string') return id
  }
  return null
}

/**
 * The shared shape of every ingest route: body limit, JSON, batch form or single item, per-key rate
 * limit, per-item validation, one durable store, per-item answer. 200 when every item was stored (or
 * was a duplicate), 207 when some were rejected, 400 when all were (naming each field).
 */
export async function ingestBatch<T>(c: Context<IngestEnv>, deps: IngestDeps, spec: IngestBatchSpec<T>) {
  const key = c.get('key')
  if (spec.keyKinds && !spec.keyKinds.includes(key.kind)) {
    throw new HttpError(
      403,
      'secret_key_required',
      `Sending ${spec.kind}s needs a secret key (public keys may only send envelopes and events).`,
    )
  }
  const body = await readJsonBody(c, deps.bodyLimitBytes)
  let inputs: unknown[]
  let single = false
  if (Array.isArray(body)) {
    inputs = body
  } else if (body !== null && typeof body === 'object' && spec.listField in body) {
    const list = (body as Record<string, unknown>)[spec.listField]
    if (!Array.isArray(list)) {
      throw new HttpError(400, 'invalid_batch', `${spec.listField}: expected an array of ${spec.kind}s`, {
        issues: [{ path: spec.listField, message: `expected an array of ${spec.kind}s` }],
      })
    }
    inputs = list
  } else {
    inputs = [body]
    single = true
  }
  if (inputs.length > MAX_BATCH) {
    throw new HttpError(
      400,
      'batch_too_large',
      `${spec.listField}: at most ${MAX_BATCH} ${spec.kind}s per request (got ${inputs.length}); split the batch.`,
      { issues: [{ path: spec.listField, message: `at most ${MAX_BATCH} items` }] },
    )
  }
  if (deps.limiter) {
    const wait = deps.limiter.take(key.keyId, inputs.length)
    if (wait > 0) {
      throw new HttpError(
        429,
        'rate_limited',
        `Too many ${spec.kind}s for this key; retry after ${wait} s.`,
        {
          headers: { 'Retry-After': String(wait) },
        },
      )
    }
  }
  const results: ItemResult[] = new Array(inputs.length)
  const valid: T[] = []
  const validIndex: number[] = []
  inputs.forEach((input, index) => {
    const parsed = spec.parse(input)
    if (parsed.ok) {
      valid.push(parsed.value)
      validIndex.push(index)
    } else {
      results[index] = { id: rawId(input), status: 'rejected', issues: parsed.issues }
    }
  })
  if (valid.length > 0) {
    deps.metrics.queueDepth++
    let stored: ItemResult[]
    try {
      stored = await spec.store(key.projectId, valid)
    } finally {
      deps.metrics.queueDepth--
    }
    stored.forEach((result, i) => {
      results[validIndex[i] as number] = result
    })
  }
  let accepted = 0
  let duplicate = 0
  let rejected = 0
  for (const r of results) {
    if (r.status === 'accepted') accepted++
    else if (r.status === 'duplicate') duplicate++
    else rejected++
  }
  deps.metrics.items(spec.kind, 'accepted', accepted)
  deps.metrics.items(spec.kind, 'duplicate', duplicate)
  deps.metrics.items(spec.kind, 'rejected', rejected)
  if (rejected > 0) deps.metrics.reject(`invalid_${spec.kind}`, rejected)
  if (rejected > 0 && rejected === results.length) {
    const first = results.find((r) => r.status === 'rejected')
    const issue = first?.status === 'rejected' ? first.issues[0] : undefined
    const where = single ? '' : `${spec.listField}.${results.indexOf(first as ItemResult)}.`
    const message = issue ? `${where}${issue.path}: ${issue.message}` : `invalid ${spec.kind}`
    return c.json(
      {
        error: `invalid_${spec.kind}`,
        message,
        issues: single && first?.status === 'rejected' ? first.issues : undefined,
        results,
      },
      400,
    )
  }
  return c.json({ results }, rejected > 0 ? 207 : 200)
}
