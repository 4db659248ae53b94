import type { Envelope, SessionEventInput } from '@suture/envelope'
import { scrubLight } from '@suture/envelope/scrub-light'
import type { RawBreadcrumb } from '../breadcrumbs/ring-buffer.js'
import type { SutureClient } from '../client/client.js'
import type { Integration, JsonValue } from '../client/config.js'
import { newId } from '../client/ids.js'
import type { Transport } from '../transport/transport.js'

type Properties = Record<string, JsonValue>

/**
 * Session events under PostHog's names (`$pageview` with `$pathname`: the app's route template from
 * `getRouteTemplate`, else the path as posthog-js sends it — every reader of events (scorer, triage, the
 * sessions pages) templates paths itself, as it must for events imported from PostHog;
 * `$autocapture` clicks with their readable label, `$rageclick`, `$dead_click`, `$exception`,
 * `$pageleave`) plus your own `track()` calls, so the scorer reads our sessions and PostHog's alike.
 * Built from the breadcrumbs the SDK already records, sent through the same delivery engine (batching,
 * retries, Retry-After, the durable queue) to `POST /v1/events` as `{"events":[…]}`.
 */
export class SessionEvents {
  readonly transport: Transport
  readonly #stops: (() => void)[] = []
  readonly #hashes = new Map<string, string | undefined>()

  /** The client flushes this transport on `pagehide` (after `leave()`) within the budget both streams share. */
  constructor(private readonly client: SutureClient) {
    const t = client.config.transport
    this.transport = client.stream('events', t?.eventsStorage, 50, t?.flushIntervalMs ?? 2_000)
    this.#stops.push(client.breadcrumbs.subscribe(client.guard((crumb: RawBreadcrumb) => this.#crumb(crumb))))
    this.#emit('$pageview', {})
  }

  #crumb(crumb: RawBreadcrumb): void {
    const data = crumb.data ?? {}
    if (crumb.type === 'navigation') {
      this.#emit('$pageview', typeof data.from === 'string' ? { $prev_pathname: data.from } : {})
    } else if (crumb.type === 'click') {
      const frustration = data.frustration
      const event =
        frustration === 'rage' ? '$rageclick' : frustration === 'dead' ? '$dead_click' : '$autocapture'
      const props: Properties = { $event_type: 'click', $el_text: crumb.label }
      if (typeof data.selector === 'string') props.$selector = data.selector
      if (typeof data.role === 'string') props.$el_role = data.role
      this.#emit(event, props)
    } else if (crumb.type === 'submit') {
      this.#emit('$autocapture', { $event_type: 'submit', $el_text: crumb.label })
    }
  }

  /** Called with every envelope the client queues: errors become `$exception` events of the session. */
  envelope(envelope: Envelope): void {
    if (envelope.kind !== 'error' || envelope.tags?.suture_internal) return
    this.#emit('$exception', {
      $exception_type: envelope.error.type,
      $exception_message: envelope.error.message,
      $exception_handled: envelope.error.handled ?? false,
      suture_envelope_id: envelope.id,
      ...(envelope.boundary !== undefined && { suture_boundary: envelope.boundary }),
    })
  }

  /** A goal, conversion or any product event: `track('invite_sent', { role: 'admin' })`. */
  track(event: string, properties: Properties = {}): void {
    if (typeof event !== 'string' || event.length === 0) return
    this.#emit(event, properties)
  }

  #emit(event: string, properties: Properties): void {
    const item: SessionEventInput = {
      id: newId(),
      sessionId: this.client.sessionId,
      ts: new Date().toISOString(),
      event,
      properties: { $pathname: this.client.template(location.pathname), ...properties },
    }
    const actor = this.#actorId()
    // Synchronous once the hash is known: `$pageleave` must be queued before the page's last flush.
    if (actor === undefined || this.#hashes.has(actor)) {
      this.#queue(item, actor && this.#hashes.get(actor))
      return
    }
    void this.client.actorHash(actor).then((hash) => {
      this.#hashes.set(actor, hash)
      this.#queue(item, hash)
    })
  }

  #queue(item: SessionEventInput, distinctId: string | undefined): void {
    // Labels and paths are page text: scrubbed like envelopes before they are queued.
    this.transport.enqueue(item.id as string, scrubLight(distinctId ? { ...item, distinctId } : item))
  }

  #actorId(): string | undefined {
    try {
      const id = this.client.config.getActor?.()?.id
      return id === undefined || id === null ? undefined : String(id)
    } catch {
      return undefined
    }
  }

  /** The page is going away: `$pageleave` joins the queue the client is about to flush. */
  leave(): void {
    this.#emit('$pageleave', {})
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop()
    this.transport.close()
  }
}

/**
 * Turns session events on: page views, clicks, frustration, exceptions and `track()` calls go to
 * `POST /v1/events`, where the nightly scorer reads them. Opt-in, so apps that do not want them do not
 * ship them.
 * @example
 * init({ ...config, integrations: [sessionEvents()] })
 */
export function sessionEvents(): Integration {
  return (client) => {
    client.sessionEvents = new SessionEvents(client)
    // Stopped by close() only: like the error stream it keeps flushing on pagehide after the SDK goes quiet.
    return undefined
  }
}
