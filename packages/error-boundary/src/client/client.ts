// Subpath imports: the SDK never validates at runtime, so the zod schemas behind the main entry stay out.
import type { Envelope, ErrorEnvelope, FeedbackEnvelope } from '@suture/envelope'
import { LIMITS } from '@suture/envelope/limits'
import { scrubLight } from '@suture/envelope/scrub-light'
import { deriveAttempting } from '../attempting/derive-attempting.js'
import { recordConsole } from '../breadcrumbs/console.js'
import { recordDom } from '../breadcrumbs/dom.js'
import { recordHistory } from '../breadcrumbs/history.js'
import { recordNetwork } from '../breadcrumbs/network.js'
import { BreadcrumbBuffer } from '../breadcrumbs/ring-buffer.js'
import { type FrustrationCounts, FrustrationDetector } from '../frustration/detector.js'
import { resolveTemplate } from '../route/match-route.js'
import { SessionEvents } from '../session-events/session-events.js'
import { defaultDeliveredLog } from '../transport/delivered-log.js'
import { defaultQueueStorage } from '../transport/indexeddb-storage.js'
import { DEFAULT_QUEUE_LIMITS, MemoryQueueStorage } from '../transport/queue.js'
import { KEEPALIVE_LIMIT, Transport, type TransportEvent } from '../transport/transport.js'
import type { JsonValue, SutureConfig } from './config.js'
import { bundlerMode } from './environment.js'
import { hashActorId } from './hash-actor.js'
import { newId } from './ids.js'
import { normalizeError } from './normalize-error.js'

export const SDK_NAME = '@suture/error-boundary'
export const SDK_VERSION = '0.1.0'
/** The same error (type, message, stack) captured again within this window is one occurrence, seen twice. */
export const DEDUPE_WINDOW_MS = 2_000

/** Extra facts about one captured error. */
export interface CaptureContext {
  /** How it was caught: `boundary`, `onerror`, `unhandledrejection`, `react-root`, `manual`. */
  readonly mechanism?: string
  readonly handled?: boolean
  /** The name of the boundary that caught it. */
  readonly boundary?: string
  readonly attempting?: string
  readonly componentStack?: string
  readonly tags?: Readonly<Record<string, string>>
}

export interface FeedbackInput {
  readonly text: string
  /** 0–10 (NPS scale). */
  readonly rating?: number
  /** The id of the error envelope this feedback is about (from `captureError`). */
  readonly linkedTo?: string
  readonly channel?: 'fallback' | 'widget' | 'api'
}

interface Pending {
  readonly id: string
  readonly error: unknown
  readonly at: number
  context: { -readonly [K in keyof CaptureContext]?: CaptureContext[K] | undefined }
  readonly type: string
  readonly message: string
  readonly stack: string | undefined
  readonly scene: Scene
}

/** What the page looked like at the moment of capture. */
interface Scene {
  readonly template: string
  readonly url: string
  readonly breadcrumbs: Envelope['breadcrumbs']
  readonly flags: Record<string, JsonValue>
  readonly frustration: FrustrationCounts
  readonly attempting: string
  readonly actor: { id?: string; role?: string; plan?: string } | undefined
  readonly workspace: Envelope['workspace']
}

type Guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void

const inBrowser = (): boolean => typeof window !== 'undefined' && typeof document !== 'undefined'

function sessionId(): string {
  try {
    const existing = sessionStorage.getItem('suture.sid')
    if (existing) return existing
    const id = newId()
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

function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null && v !== '') out[k] = v
  return out as T
}

/**
 * The SDK's state for one app: recorders, de-duplication, envelope building and delivery.
 * Create it with `init()`; everything it does is guarded so a bug in Suture never breaks the host app.
 */
export class SutureClient {
  readonly breadcrumbs: BreadcrumbBuffer
  readonly frustration: FrustrationDetector
  readonly transport: Transport
  readonly sessionId: string
  /** `app.environment`, else the bundler's mode (`import.meta.env.MODE`, `process.env.NODE_ENV`). */
  readonly environment: string | undefined
  /** PostHog-named session events and `track()`; undefined outside a browser or with `sessionEvents: false`. */
  readonly sessionEvents: SessionEvents | undefined
  readonly #seen = new WeakMap<object, string>()
  readonly #recent = new Map<string, { id: string; at: number }>()
  readonly #pending = new Map<string, Pending>()
  readonly #teardowns: (() => void)[] = []
  /** Removed only by close(): the transports keep flushing on pagehide after a going-quiet failure. */
  readonly #stops: (() => void)[] = []
  readonly #actorHashes = new Map<string, Promise<string | undefined>>()
  #quiet = false
  #warned = false

  constructor(readonly config: SutureConfig) {
    this.sessionId = inBrowser() ? sessionId() : newId()
    this.environment = config.app.environment ?? bundlerMode()
    this.breadcrumbs = new BreadcrumbBuffer(Math.min(config.maxBreadcrumbs ?? 50, LIMITS.breadcrumbs))
    this.frustration = new FrustrationDetector(this.breadcrumbs)
    const t = config.transport ?? {}
    const base = config.endpoint.replace(/\/+$/, '').replace(/\/v1\/envelopes$/, '')
    const url = `${base}/v1/envelopes`
    const delivered = defaultDeliveredLog()
    this.transport = new Transport({
      url,
      publicKey: config.publicKey,
      storage: t.storage ?? defaultQueueStorage(config.app.name) ?? new MemoryQueueStorage(),
      limits: { ...DEFAULT_QUEUE_LIMITS, ...t.queue },
      ...(t.batchSize !== undefined && { batchSize: t.batchSize }),
      ...(t.flushIntervalMs !== undefined && { flushIntervalMs: t.flushIntervalMs }),
      ...(t.backoff !== undefined && { backoff: t.backoff }),
      onEvent: (event: TransportEvent) => this.#log('transport', event),
      onRefused: this.refused,
      exitOnHide: false,
      delivered,
    })
    this.sessionEvents =
      inBrowser() && config.sessionEvents !== false ? new SessionEvents(this, base, delivered) : undefined
    if (inBrowser()) {
      this.#install(url)
      // The browser's 64 KiB keepalive limit counts every body in flight, so both streams share one
      // budget: errors first, then `$pageleave` and the other session events.
      const onHide = () => {
        const budget = { left: KEEPALIVE_LIMIT }
        this.guard(() => this.sessionEvents?.leave())()
        this.transport.flushOnExit(budget)
        this.sessionEvents?.transport.flushOnExit(budget)
      }
      window.addEventListener('pagehide', onHide)
      this.#stops.push(() => window.removeEventListener('pagehide', onHide))
    }
  }

  /**
   * The server refused the key or origin: one console warning per page with the server's own message
   * (what to fix), whichever stream heard it first. Nothing is dropped: the queue waits for the fix.
   */
  readonly refused = (status: number, message: string): void => {
    if (this.#warned) return
    this.#warned = true
    console.warn(
      `[suture] ${this.config.endpoint} refused this app's key or origin (HTTP ${status}): ${message} Errors stay queued in this browser and are sent once that is fixed.`,
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

  #install(url: string): void {
    const c = this.config.capture ?? {}
    const origin = new URL(url, location.href)
    const api = origin.pathname.replace(/envelopes$/, '')
    const ours = (u: string) => {
      try {
        const parsed = new URL(u, location.href)
        // Everything under our ingest API (`/v1/envelopes`, `/v1/events`) is our own traffic.
        return parsed.origin === origin.origin && parsed.pathname.startsWith(api)
      } catch {
        return false
      }
    }
    if (c.clicks !== false) {
      this.#teardowns.push(recordDom(this.breadcrumbs, (click) => this.frustration.click(click), this.guard))
    }
    if (c.navigation !== false) {
      this.#teardowns.push(
        recordHistory(
          this.breadcrumbs,
          (p) => this.#template(p),
          () => this.frustration.noteChange(),
          this.guard,
        ),
      )
    }
    if (c.network !== false) this.#teardowns.push(recordNetwork(this.breadcrumbs, ours, this.guard))
    if (c.console !== false) this.#teardowns.push(recordConsole(this.breadcrumbs, this.guard))
    if (c.global !== false) {
      const onError = this.guard((event: ErrorEvent) => {
        this.captureError(event.error ?? event.message, { mechanism: 'onerror', handled: false })
      })
      const onRejection = this.guard((event: PromiseRejectionEvent) => {
        this.captureError(event.reason, { mechanism: 'unhandledrejection', handled: false })
      })
      window.addEventListener('error', onError)
      window.addEventListener('unhandledrejection', onRejection)
      this.#teardowns.push(() => {
        window.removeEventListener('error', onError)
        window.removeEventListener('unhandledrejection', onRejection)
      })
    }
    this.#teardowns.push(() => this.frustration.stop())
  }

  #template(pathname: string): string {
    return resolveTemplate(pathname, this.config.getRouteTemplate, this.config.routes)
  }

  #scene(attempting?: string): Scene {
    const pathname = inBrowser() ? location.pathname : '/'
    const template = this.#template(pathname)
    const call = <T>(fn: (() => T) | undefined): T | undefined => {
      try {
        return fn?.()
      } catch {
        return undefined
      }
    }
    const actor = call(this.config.getActor) ?? undefined
    const workspace = call(this.config.getWorkspace) ?? undefined
    return {
      template,
      url: inBrowser() ? location.href : '',
      breadcrumbs: this.breadcrumbs.snapshot(),
      flags: call(this.config.getFlags) ?? {},
      frustration: this.frustration.snapshot(),
      attempting: attempting ?? deriveAttempting(this.breadcrumbs.recent(), template),
      actor: actor
        ? compact({
            ...(actor.id !== undefined && actor.id !== null && { id: String(actor.id) }),
            ...(actor.role !== undefined && { role: actor.role }),
            ...(actor.plan !== undefined && { plan: actor.plan }),
          })
        : undefined,
      workspace: workspace ? compact({ ...workspace }) : undefined,
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
    const known = typeof error === 'object' && error !== null ? this.#seen.get(error) : undefined
    if (known) return this.#merge(known, context)
    const { type, message, stack } = normalizeError(error)
    // The same throw seen twice (a rethrow, a string thrown again) has the same type, message and stack.
    const key = `${type}\n${message}\n${stack ?? ''}`
    const recent = this.#recent.get(key)
    if (recent && now - recent.at < DEDUPE_WINDOW_MS) {
      if (typeof error === 'object' && error !== null) this.#seen.set(error, recent.id)
      return this.#merge(recent.id, context)
    }
    const sampleRate = this.config.sampleRate ?? 1
    const id = newId()
    this.#recent.set(key, { id, at: now })
    for (const [key, value] of this.#recent) if (now - value.at >= DEDUPE_WINDOW_MS) this.#recent.delete(key)
    if (typeof error === 'object' && error !== null) this.#seen.set(error, id)
    this.frustration.error(now)
    this.frustration.noteChange()
    if (sampleRate < 1 && Math.random() >= sampleRate) return undefined
    this.breadcrumbs.add({ at: now, type: 'custom', label: `Error: ${type}: ${message}`.slice(0, 200) })
    this.#pending.set(id, {
      id,
      error,
      at: now,
      context: { ...context },
      type,
      message,
      stack,
      scene: this.#scene(),
    })
    // Let every handler that sees this error in the same turn (boundary, createRoot, window) add its
    // context before the envelope is built.
    setTimeout(() => void this.#finish(id), 0)
    return id
  }

  #merge(id: string, context: CaptureContext): string {
    const p = this.#pending.get(id)
    if (p) {
      const c = p.context
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
   * Builds and queues the envelope. Frames and the fingerprint are the server's work (it parses the raw
   * stack and fingerprints exactly as this SDK once did), which keeps the parser out of the page.
   */
  async #finish(id: string): Promise<void> {
    const p = this.#pending.get(id)
    this.#pending.delete(id)
    if (!p || this.#quiet) return
    try {
      const c = p.context
      const envelope: ErrorEnvelope = {
        ...(await this.#base(p.id, p.at, p.scene, c.attempting)),
        kind: 'error',
        error: compact({
          type: p.type,
          message: p.message,
          frames: [],
          stack: p.stack,
          componentStack: c.componentStack,
          handled: c.handled ?? false,
          mechanism: c.mechanism ?? 'manual',
        }),
      }
      if (c.boundary) envelope.boundary = c.boundary
      if (c.tags) envelope.tags = { ...c.tags }
      this.#send(scrubLight(envelope), p.error)
    } catch (failure: unknown) {
      this.#internalFailure(failure)
    }
  }

  async #base(id: string, at: number, scene: Scene, attempting?: string) {
    const { app } = this.config
    const base: Omit<ErrorEnvelope, 'kind' | 'error'> = {
      id,
      schemaVersion: 1,
      occurredAt: new Date(at).toISOString(),
      app: compact({
        name: app.name,
        release: app.release ?? injectedRelease(),
        environment: this.environment,
      }),
      route: { template: scene.template, url: scene.url },
      sessionId: this.sessionId,
      breadcrumbs: scene.breadcrumbs,
      flags: scene.flags,
      attempting: attempting ?? scene.attempting,
      frustration: scene.frustration,
      sdk: { name: SDK_NAME, version: SDK_VERSION },
    }
    if (!scene.url) delete base.route.url
    if (scene.actor) {
      const { id: raw, ...rest } = scene.actor
      const idHash = raw === undefined ? undefined : await this.#hashActor(raw)
      base.actor = idHash ? { ...rest, idHash } : rest
    }
    if (scene.workspace) base.workspace = scene.workspace
    return base
  }

  #hashActor(raw: string): Promise<string | undefined> {
    let hash = this.#actorHashes.get(raw)
    if (!hash) {
      hash = hashActorId(raw, this.config.actorSalt ?? this.config.app.name).catch(() => undefined)
      this.#actorHashes.set(raw, hash)
    }
    return hash
  }

  /** Takes a scrubbed envelope through beforeSend into the queue. */
  #send(scrubbed: Envelope, error: unknown): void {
    let out: Envelope | null = scrubbed
    if (this.config.beforeSend) {
      try {
        out = this.config.beforeSend(scrubbed)
      } catch (failure: unknown) {
        this.#log('beforeSend threw; sending the envelope unchanged', failure)
      }
    }
    if (out === null) {
      this.#log('beforeSend dropped', scrubbed.id)
      return
    }
    this.transport.enqueue(out.id, out)
    this.sessionEvents?.envelope(out)
    this.#log('queued', out)
    try {
      this.config.forward?.(out, error)
    } catch (failure: unknown) {
      this.#log('forward failed', failure)
    }
  }

  /** Sends user feedback, linked to the error it follows when `linkedTo` is given. */
  captureFeedback(input: FeedbackInput): string | undefined {
    if (this.#quiet) return undefined
    const id = newId()
    const at = Date.now()
    const scene = this.#scene()
    this.#base(id, at, scene)
      .then((base) => {
        const envelope: FeedbackEnvelope = {
          ...base,
          kind: 'feedback',
          feedback: compact({
            text: input.text,
            rating: input.rating,
            channel: input.channel ?? 'api',
            linkedTo: input.linkedTo,
          }),
        }
        this.#send(scrubLight(envelope), undefined)
      })
      .catch((failure: unknown) => this.#internalFailure(failure))
    return id
  }

  /** Adds your own breadcrumb ("Opened the billing dialog"). */
  addBreadcrumb(label: string, data?: Record<string, string | number | boolean | null>): void {
    this.guard(() =>
      this.breadcrumbs.add(
        data ? { at: Date.now(), type: 'custom', label, data } : { at: Date.now(), type: 'custom', label },
      ),
    )()
  }

  /** Records a goal, conversion or other product event in the session (`track('invite_sent')`). */
  track(event: string, properties?: Record<string, JsonValue>): void {
    this.guard(() => this.sessionEvents?.track(event, properties))()
  }

  /** Sends whatever is queued now. */
  flush(): Promise<void> {
    return this.transport.flush()
  }

  /** Removes every listener and patch. Queued envelopes stay in storage for the next page. */
  close(): void {
    this.#quiet = true
    this.#uninstall()
    for (const stop of this.#stops.splice(0)) stop()
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
    this.#log('internal failure; Suture is going quiet', failure)
    try {
      const { type, message, stack } = normalizeError(failure)
      const scene: Scene = {
        template: '/',
        url: '',
        breadcrumbs: [],
        flags: {},
        frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
        attempting: 'using the Suture SDK',
        actor: undefined,
        workspace: undefined,
      }
      void this.#base(newId(), Date.now(), scene).then((base) => {
        const envelope: ErrorEnvelope = {
          ...base,
          kind: 'error',
          tags: { suture_internal: 'true' },
          error: compact({ type, message, frames: [], stack, handled: true, mechanism: 'internal' }),
        }
        this.transport.enqueue(envelope.id, scrubLight(envelope))
      })
    } catch {}
    // Recorders stop; the transport stays up to deliver what is queued, this report included.
    this.#uninstall()
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
  return typeof value === 'string' && value !== '' ? value : undefined
}
