import type { Envelope, SessionEventInput } from '@suture/envelope'
import type { RawBreadcrumb } from '../breadcrumbs/ring-buffer.js'
import type { SutureClient } from '../client/client.js'
import type { JsonValue } from '../client/config.js'
import { hashActorId } from '../client/hash-actor.js'
import { newId } from '../client/ids.js'
import { resolveTemplate } from '../route/match-route.js'
import { defaultQueueStorage } from '../transport/indexeddb-storage.js'
import { DEFAULT_QUEUE_LIMITS, MemoryQueueStorage } from '../transport/queue.js'
import { Transport } from '../transport/transport.js'

type Properties = Record<string, JsonValue>

/**
 * The transport batches as `{"envelopes":[…]}`; `/v1/events` reads `{"events":[…]}`. Renaming the list
 * keeps one delivery engine (batching, retries, Retry-After, the durable queue) for both streams.
 */
export function asEventsBody(body: string): string {
  const prefix = '{"envelopes":'
  return body.startsWith(prefix) ? `{"events":${body.slice(prefix.length)}` : body
}

/**
 * Session events under PostHog's names (`$pageview` with the route template as `$pathname`,
 * `$autocapture` clicks with their readable label, `$rageclick`, `$dead_click`, `$exception`,
 * `$pageleave`) plus your own `track()` calls, so the scorer reads our sessions and PostHog's alike.
 * Built from the breadcrumbs the SDK already records, sent through the same durable transport to
 * `POST /v1/events`.
 */
export class SessionEvents {
  readonly transport: Transport
  private readonly url: string
  private distinctId: string | undefined
  private readonly stops: (() => void)[] = []

  constructor(private readonly client: SutureClient) {
    const { config } = client
    const base = config.endpoint.replace(/\/+$/, '').replace(/\/v1\/envelopes$/, '')
    this.url = `${base}/v1/events`
    const doFetch = fetch.bind(globalThis)
    const onHide = client.guard(() => this.leave())
    // Registered before the transport's own pagehide handler, so `$pageleave` and the rest leave first.
    window.addEventListener('pagehide', onHide)
    this.stops.push(() => window.removeEventListener('pagehide', onHide))
    this.transport = new Transport({
      url: this.url,
      publicKey: config.publicKey,
      storage: defaultQueueStorage(`${config.app.name}:events`) ?? new MemoryQueueStorage(),
      limits: { ...DEFAULT_QUEUE_LIMITS, ...config.transport?.queue },
      batchSize: 50,
      flushIntervalMs: config.transport?.flushIntervalMs ?? 2_000,
      ...(config.transport?.backoff !== undefined && { backoff: config.transport.backoff }),
      fetch: (input, init) =>
        doFetch(input, typeof init?.body === 'string' ? { ...init, body: asEventsBody(init.body) } : init),
    })
    this.stops.push(client.breadcrumbs.subscribe(client.guard((crumb: RawBreadcrumb) => this.crumb(crumb))))
    this.emit('$pageview', {})
  }

  private template(): string {
    const { config } = this.client
    return resolveTemplate(location.pathname, config.getRouteTemplate, config.routes)
  }

  private crumb(crumb: RawBreadcrumb): void {
    const data = crumb.data ?? {}
    if (crumb.type === 'navigation') {
      this.emit('$pageview', typeof data.from === 'string' ? { $prev_pathname: data.from } : {})
    } else if (crumb.type === 'click') {
      const frustration = data.frustration
      const event =
        frustration === 'rage' ? '$rageclick' : frustration === 'dead' ? '$dead_click' : '$autocapture'
      const props: Properties = { $event_type: 'click', $el_text: crumb.label }
      if (typeof data.selector === 'string') props.$selector = data.selector
      if (typeof data.role === 'string') props.$el_role = data.role
      this.emit(event, props)
    } else if (crumb.type === 'submit') {
      this.emit('$autocapture', { $event_type: 'submit', $el_text: crumb.label })
    }
  }

  /** Called with every envelope the client queues: errors become `$exception` events of the session. */
  envelope(envelope: Envelope): void {
    if (envelope.kind !== 'error' || envelope.tags?.suture_internal) return
    this.emit('$exception', {
      $exception_type: envelope.error.type,
      $exception_message: envelope.error.message,
      $exception_fingerprint: envelope.error.fingerprint ?? null,
      $exception_handled: envelope.error.handled ?? false,
      suture_envelope_id: envelope.id,
      ...(envelope.boundary !== undefined && { suture_boundary: envelope.boundary }),
    })
  }

  /** A goal, conversion or any product event: `track('invite_sent', { role: 'admin' })`. */
  track(event: string, properties: Properties = {}): void {
    if (typeof event !== 'string' || event.length === 0) return
    this.emit(event, properties)
  }

  private emit(event: string, properties: Properties): void {
    const item: SessionEventInput = {
      id: newId(),
      sessionId: this.client.sessionId,
      ts: new Date().toISOString(),
      event,
      properties: { $pathname: this.template(), ...properties },
    }
    const actor = this.actorId()
    if (this.distinctId !== undefined || actor === undefined) {
      this.queue(item, actor === undefined ? undefined : this.distinctId)
      return
    }
    const salt = this.client.config.actorSalt ?? this.client.config.app.name
    hashActorId(actor, salt)
      .then((hash) => {
        this.distinctId = hash
        this.queue(item, hash)
      })
      .catch(() => this.queue(item, undefined))
  }

  private queue(item: SessionEventInput, distinctId: string | undefined): void {
    this.transport.enqueue(item.id as string, distinctId ? { ...item, distinctId } : item)
  }

  private actorId(): string | undefined {
    try {
      const id = this.client.config.getActor?.()?.id
      return id === undefined || id === null ? undefined : String(id)
    } catch {
      return undefined
    }
  }

  /**
   * The page is going away: queue `$pageleave` and hand every queued event to `sendBeacon` in
   * `{ events }` form (the transport's own exit path would send the envelope form).
   */
  private leave(): void {
    this.emit('$pageleave', {})
    if (typeof navigator.sendBeacon !== 'function') return
    const url = `${this.url}?key=${encodeURIComponent(this.client.config.publicKey)}`
    const queue = this.transport.queue
    // Keepalive bodies share one 64 KiB budget per page; what does not fit waits in storage.
    let budget = 60_000
    for (let items = queue.peek(50, budget); items.length > 0; items = queue.peek(50, budget)) {
      const body = `{"events":[${items.map((i) => i.body).join(',')}]}`
      budget -= body.length
      if (budget < 0 || !navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }))) return
      queue.remove(items.map((i) => i.id))
    }
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop()
    this.transport.close()
  }
}
