// Subpath imports: the SDK never validates at runtime, so the zod schemas behind the main entry stay out.
import type { Envelope } from '@suture/envelope'
import { MAX_BREADCRUMBS } from '@suture/envelope/limits'
import { scrubLight } from '@suture/envelope/scrub-light'
import { recordConsole } from '../breadcrumbs/console.js'
import { recordDom } from '../breadcrumbs/dom.js'
import { recordHistory } from '../breadcrumbs/history.js'
import { BreadcrumbBuffer } from '../breadcrumbs/ring-buffer.js'
import { type FrustrationCounts, FrustrationDetector } from '../frustration/detector.js'
import type { SessionEvents } from '../session-events/session-events.js'
import { defaultQueueStorage } from '../transport/indexeddb-storage.js'
import { MemoryQueueStorage, type QueueStorage } from '../transport/queue.js'
import { KEEPALIVE_LIMIT, Transport } from '../transport/transport.js'
import type { JsonValue, SutureConfig } from './config.js'
import { bundlerMode } from './environment.js'
import { hashActorId } from './hash-actor.js'
import { newId } from './ids.js'
import { listen } from './listen.js'
import { type NormalizedError, normalizeError } from './normalize-error.js'

export const SDK_NAME = '@suture/error-boundary'
export const SDK_VERSION = '0.1.0'
/** The same error (type, message, stack) captured again within this window is one occurrence, seen twice. */
export const DEDUPE_WINDOW_MS = 2_000

/** Extra facts about one captured error. */
export interface CaptureContext {
  /** How it was caught: `boundary`, `onerror`, `unhandledrejection`, `react-root`, `manual`. */
  readonly mechanism?: string | undefined
  readonly handled?: boolean | undefined
  /** The name of the boundary that caught it. */
  readonly boundary?: string | undefined
  readonly attempting?: string | undefined
  readonly componentStack?: string | undefined
  readonly tags?: Readonly<Record<string, string>> | undefined
}

export interface FeedbackInput {
  readonly text: string
  /** 0–10 (NPS scale). */
  readonly rating?: number
  /** The id of the error envelope this feedback is about (from `captureError`). */
  readonly linkedTo?: string | undefined
  readonly channel?: 'fallback' | 'widget' | 'api'
}

interface Pending {
  readonly error: unknown
  readonly at: number
  readonly context: { -readonly [K in keyof CaptureContext]?: CaptureContext[K] | undefined }
  readonly detail: NormalizedError
  readonly scene: Scene
}

/**
 * What the page looked like at the moment of capture. Breadcrumbs, flags and frustration may be left
 * out (the SDK's own failure report does): the envelope schema defaults them to empty.
 */
interface Scene {
  readonly route: Envelope['route']
  readonly breadcrumbs?: Envelope['breadcrumbs']
  readonly flags?: Record<string, JsonValue>
  readonly frustration?: FrustrationCounts
  /** Only the SDK's own failure report names one; the server derives the line for the rest. */
  readonly attempting?: string
  readonly actor?: { id?: string; role?: string; plan?: string } | null | undefined
  /** Null or undefined as the app's callbacks answered: compact() leaves either out of the envelope. */
  readonly workspace?: Envelope['workspace'] | null
}

type Guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void

const inBrowser = (): boolean => typeof window !== 'undefined' && typeof document !== 'undefined'

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null

/** Calls one of the app's callbacks; one that throws counts as having answered nothing. */
function ask<T>(fn: (() => T) | undefined): T | undefined {
  try {
    return fn?.()
  } catch {}
}

function sessionId(): string {
  try {
    const id = sessionStorage.getItem('suture.sid') || newId()
    sessionStorage.setItem('suture.sid', id)
    return id
  } catch {
    return newId()
  }
}

/** Which handler's name to keep when several saw one error: the most specific one. */
function rank(mechanism: string | undefined): number {
  return mechanism === 'boundary' ? 3 : mechanism?.startsWith('react-') ? 2 : mechanism ? 1 : 0
}

/** Leaves out what is undefined, null or empty: the envelope schema has no nulls. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v != null && v !== '') out[k] = v
  return out as T
}

/**
 * The SDK's state for one app: recorders, de-duplication, envelope building and delivery.
 * Create it with `init()`; everything it does is guarded so a bug in Suture never breaks the host app.
 */
export class SutureClient {
  declare readonly breadcrumbs: BreadcrumbBuffer
  declare readonly frustration: FrustrationDetector
  declare readonly transport: Transport
  declare readonly sessionId: string
  /** `app.environment`, else the bundler's mode (`import.meta.env.MODE`, `process.env.NODE_ENV`). */
  declare readonly environment: string | undefined
  /** PostHog-named session events and `track()`; set by the `sessionEvents()` integration. */
  declare sessionEvents: SessionEvents | undefined
  /** `{endpoint}/v1/`: requests under it are the SDK's own (`/v1/envelopes`, `/v1/events`). */
  declare readonly api: string
  readonly #seen = new WeakMap<object, string>()
  readonly #recent = new Map<string, { id: string; at: number }>()
  readonly #pending = new Map<string, Pending>()
  readonly #teardowns: (() => void)[] = []
  /** Removed only by close(): the transports keep flushing on pagehide after a going-quiet failure. */
  #stopPagehide: (() => void) | undefined
  readonly #actorHashes = new Map<string, Promise<string | undefined>>()
  #quiet = false
  #warned = false

  // `declare`: assigned in the constructor, so no separate field initialisers in the bundle.
  declare readonly config: SutureConfig

  constructor(config: SutureConfig) {
    this.config = config
    const browser = inBrowser()
    this.sessionId = browser ? sessionId() : newId()
    this.environment = config.app.environment ?? bundlerMode()
    this.breadcrumbs = new BreadcrumbBuffer(Math.min(config.maxBreadcrumbs ?? 50, MAX_BREADCRUMBS))
    this.frustration = new FrustrationDetector(this.breadcrumbs)
    this.api = `${config.endpoint.replace(/\/+$/, '').replace(/\/v1\/envelopes$/, '')}/v1/`
    const t = config.transport ?? {}
    this.transport = this.stream('envelopes', t.storage, t.batchSize ?? 10, t.flushIntervalMs ?? 1_000)
    if (browser) {
      this.#install()
      // The browser's 64 KiB keepalive limit counts every body in flight, so both streams share one
      // budget: errors first, then `$pageleave` and the other session events.
      const onHide = () => {
        const budget = { left: KEEPALIVE_LIMIT }
        this.guard(() => this.sessionEvents?.leave())()
        this.transport.flushOnExit(budget)
        this.sessionEvents?.transport.flushOnExit(budget)
      }
      this.#stopPagehide = listen(window, 'pagehide', onHide)
    }
  }

  /**
   * One delivery stream to `POST {endpoint}/v1/{list}` (`envelopes`, or `events` for session events)
   * with the app's transport settings; the client flushes it on `pagehide` within the shared budget.
   */
  /** @internal */
  stream(
    list: string,
    storage: QueueStorage | undefined,
    batchSize: number,
    flushIntervalMs: number,
  ): Transport {
    const { config } = this
    const suffix = list === 'envelopes' ? '' : `:${list}`
    return new Transport({
      url: this.api + list,
      publicKey: config.publicKey,
      storage: storage ?? defaultQueueStorage(config.app.name + suffix) ?? new MemoryQueueStorage(),
      limits: config.transport?.queue,
      batchSize,
      flushIntervalMs,
      backoff: config.transport?.backoff,
      list,
      onEvent: (event) => this.#log(list, event),
      onRefused: this.refused,
    })
  }

  /**
   * The server refused the key or origin: one console warning per page with the server's own message
   * (what to fix), whichever stream heard it first. Nothing is dropped: the queue waits for the fix.
   */
  readonly refused = (status: number, message: string): void => {
    if (this.#warned) return
    this.#warned = true
    console.warn(
      `[suture] ${this.config.endpoint} refused this app's key or origin (HTTP ${status}): ${message} Errors stay queued and are sent once that is fixed.`,
    )
  }

  /** Wraps our own callbacks: on the first failure in Suture's code, report it once and go quiet. */
  readonly guard: Guard =
    (fn) =>
    (...args) => {
      if (this.#quiet) return
      try {
        fn(...args)
      } catch (error: unknown) {
        this.#internalFailure(error)
      }
    }

  #install(): void {
    const c = this.config.capture ?? {}
    const { breadcrumbs: crumbs, frustration, guard } = this
    const on = <E extends Event>(type: string, listener: (event: E) => void) =>
      listen(window, type, guard(listener))
    const teardowns = this.#teardowns
    if (c.clicks !== false) teardowns.push(recordDom(crumbs, frustration, guard))
    if (c.navigation !== false) {
      teardowns.push(
        recordHistory(
          crumbs,
          (p) => this.template(p),
          () => frustration.noteChange(),
          guard,
        ),
      )
    }
    if (c.console !== false) teardowns.push(recordConsole(crumbs, guard))
    if (c.global !== false) {
      teardowns.push(
        on('error', (event: ErrorEvent) =>
          this.captureError(event.error ?? event.message, { mechanism: 'onerror', handled: false }),
        ),
        on('unhandledrejection', (event: PromiseRejectionEvent) =>
          this.captureError(event.reason, { mechanism: 'unhandledrejection', handled: false }),
        ),
      )
    }
    teardowns.push(() => frustration.stop())
    for (const setup of this.config.integrations ?? []) {
      guard(() => {
        const stop = setup(this)
        if (stop) teardowns.push(stop)
      })()
    }
  }

  /**
   * @internal The app's route pattern for `pathname`, else the path itself. Never throws. The server turns
   * raw paths into templates (`/users/123` → `/users/:id`) at ingest, which keeps the parameteriser out of
   * the page.
   */
  template(pathname: string): string {
    return ask(() => this.config.getRouteTemplate?.(pathname)) || pathname || '/'
  }

  #scene(): Scene {
    const browser = inBrowser()
    const template = this.template(browser ? location.pathname : '/')
    const { getActor, getWorkspace, getFlags } = this.config
    const actor = ask(getActor)
    const workspace = ask(getWorkspace)
    return {
      route: { template, url: browser ? location.href : undefined },
      breadcrumbs: this.breadcrumbs.snapshot(),
      flags: ask(getFlags) ?? {},
      frustration: this.frustration.snapshot(),
      actor:
        actor &&
        compact({
          id: actor.id == null ? undefined : String(actor.id),
          role: actor.role,
          plan: actor.plan,
        } as {
          id?: string
        }),
      workspace: workspace && compact(workspace),
    }
  }

  /**
   * Reports an error. The same Error object (or the same type, message and stack within 2 s) is reported once,
   * however many handlers see it; later sightings only add context (boundary name, component stack).
   * Returns the envelope id (to link feedback), or undefined when not sent.
   */
  captureError(error: unknown, context: CaptureContext = {}): string | undefined {
    if (this.#quiet) return undefined
    try {
      return this.#capture(error, context)
    } catch (failure: unknown) {
      this.#internalFailure(failure)
      return undefined
    }
  }

  #capture(error: unknown, context: CaptureContext): string | undefined {
    const now = Date.now()
    const known = isObject(error) ? this.#seen.get(error) : undefined
    if (known) return this.#merge(known, context)
    const detail = normalizeError(error)
    const { type, message, stack } = detail
    // The same throw seen twice (a rethrow, a string thrown again) has the same type, message and stack.
    const key = `${type}\n${message}\n${stack}`
    for (const [k, value] of this.#recent) if (now - value.at >= DEDUPE_WINDOW_MS) this.#recent.delete(k)
    const recent = this.#recent.get(key)?.id
    const id = recent ?? newId()
    if (isObject(error)) this.#seen.set(error, id)
    if (recent) return this.#merge(recent, context)
    this.#recent.set(key, { id, at: now })
    this.frustration.error(now)
    this.frustration.noteChange()
    if (Math.random() >= (this.config.sampleRate ?? 1)) return undefined
    this.breadcrumbs.add({ at: now, type: 'custom', label: `Error: ${type}: ${message}`.slice(0, 200) })
    this.#pending.set(id, {
      error,
      at: now,
      context: { ...context },
      detail,
      scene: this.#scene(),
    })
    // Let every handler that sees this error in the same turn (boundary, createRoot, window) add its
    // context before the envelope is built.
    setTimeout(() => this.#finish(id), 0)
    return id
  }

  #merge(id: string, context: CaptureContext): string {
    const c = this.#pending.get(id)?.context
    if (c) {
      c.boundary ??= context.boundary
      c.attempting ??= context.attempting
      c.componentStack ??= context.componentStack
      if (context.tags) c.tags = { ...context.tags, ...c.tags }
      if (rank(context.mechanism) > rank(c.mechanism)) c.mechanism = context.mechanism
      if (context.handled) c.handled = true
    }
    return id
  }

  /**
   * Builds and queues the envelope. Frames, the fingerprint and (when the app named none) the
   * "attempting" line are the server's work (it parses the raw stack, fingerprints and derives the line
   * from the breadcrumbs exactly as this SDK once did), which keeps that code out of the page.
   */
  #finish(id: string): void {
    const p = this.#pending.get(id)
    this.#pending.delete(id)
    if (!p || this.#quiet) return
    const c = p.context
    void this.#build(
      id,
      p.at,
      p.scene,
      {
        kind: 'error',
        attempting: c.attempting,
        boundary: c.boundary,
        tags: c.tags,
        error: compact({
          ...p.detail,
          frames: [],
          componentStack: c.componentStack,
          handled: c.handled ?? false,
          mechanism: c.mechanism ?? 'manual',
        }),
      },
      p.error,
    )
  }

  /**
   * Builds the envelope around `body` (its kind and what only that kind has), scrubs it and sends it on
   * (`internal`: straight to the queue, past `beforeSend` and `forward`). Async: the actor id is hashed
   * with SubtleCrypto before it goes anywhere.
   */
  async #build(
    id: string,
    at: number,
    scene: Scene,
    body: Partial<Envelope>,
    error?: unknown,
    internal = false,
  ): Promise<void> {
    try {
      const { app } = this.config
      const { actor, ...rest } = scene
      const envelope = compact({
        id,
        schemaVersion: 1,
        occurredAt: new Date(at).toISOString(),
        app: compact({
          name: app.name,
          release: app.release ?? injectedRelease(),
          environment: this.environment,
        }),
        sessionId: this.sessionId,
        sdk: { name: SDK_NAME, version: SDK_VERSION },
        ...rest,
        ...body,
      }) as Envelope
      if (actor) {
        const { id: raw, ...known } = actor
        const idHash = raw && (await this.actorHash(raw))
        envelope.actor = idHash ? { ...known, idHash } : known
      }
      const scrubbed = scrubLight(envelope)
      if (internal) this.transport.enqueue(id, scrubbed)
      else this.#send(scrubbed, error)
    } catch (failure: unknown) {
      this.#internalFailure(failure)
    }
  }

  /** The actor id's salted hash (cached per id; undefined where SubtleCrypto is missing). */
  actorHash(raw: string): Promise<string | undefined> {
    let hash = this.#actorHashes.get(raw)
    if (!hash) {
      hash = hashActorId(raw, this.config.actorSalt ?? this.config.app.name).catch(() => undefined)
      this.#actorHashes.set(raw, hash)
    }
    return hash
  }

  /** Takes a scrubbed envelope through beforeSend into the queue. */
  #send(scrubbed: Envelope, error: unknown): void {
    const { beforeSend } = this.config
    let out: Envelope | null = scrubbed
    try {
      if (beforeSend) out = beforeSend(scrubbed)
    } catch (failure: unknown) {
      this.#log('beforeSend threw', failure)
    }
    if (!out) {
      this.#log('beforeSend dropped', scrubbed.id)
      return
    }
    this.transport.enqueue(out.id, out)
    this.sessionEvents?.envelope(out)
    this.#log('queued', out)
    try {
      this.config.forward?.(out, error)
    } catch (failure: unknown) {
      this.#log('forward threw', failure)
    }
  }

  /**
   * @internal Builds an envelope of `body`'s kind around the page as it is now and queues it; returns its
   * id. `captureFeedback` (the hub's, and `FeedbackFallback`'s) sends through it, so an app that never
   * sends feedback does not ship that code.
   */
  send(body: Partial<Envelope>): string | undefined {
    if (this.#quiet) return undefined
    const id = newId()
    void this.#build(id, Date.now(), this.#scene(), body)
    return id
  }

  /** Sends whatever is queued now. */
  flush(): Promise<void> {
    return this.transport.flush()
  }

  /** Removes every listener and patch. Queued envelopes stay in storage for the next page. */
  close(): void {
    this.#quiet = true
    this.#uninstall()
    this.#stopPagehide?.()
    this.transport.close()
    this.sessionEvents?.stop()
  }

  #uninstall(): void {
    for (const teardown of this.#teardowns.splice(0)) {
      try {
        teardown()
      } catch {}
    }
  }

  #internalFailure(failure: unknown): void {
    if (this.#quiet) return
    this.#quiet = true
    this.#log('internal failure', failure)
    // Recorders stop; the transport stays up to deliver what is queued, this report included.
    this.#uninstall()
    try {
      void this.#build(
        newId(),
        Date.now(),
        { route: { template: '/' }, attempting: 'using the Suture SDK' },
        {
          kind: 'error',
          tags: { suture_internal: 'true' },
          error: { ...normalizeError(failure), frames: [], handled: true, mechanism: 'internal' },
        },
        failure,
        true,
      )
    } catch {}
  }

  #log(...args: unknown[]): void {
    if (this.config.debug) console.info('[suture]', ...args)
  }
}

/**
 * The release Suture's Vite plugin (`@suture/cli/vite`) writes at the top of every bundle chunk, used when
 * `init()` names none, so errors carry the release their source maps were uploaded under.
 */
function injectedRelease(): string | undefined {
  const value = (globalThis as { __SUTURE_RELEASE__?: unknown }).__SUTURE_RELEASE__
  return typeof value === 'string' ? value : undefined
}
