import type { Envelope } from '@suture/envelope'
import type { BackoffOptions } from '../transport/backoff.js'
import type { QueueLimits, QueueStorage } from '../transport/queue.js'
import type { SutureClient } from './client.js'

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export interface ActorInfo {
  /** Your user id. It is hashed (SHA-256 with a per-app salt) before it leaves the page. */
  readonly id?: string | number | null
  readonly role?: string
  readonly plan?: string
}

export interface WorkspaceInfo {
  readonly id?: string
  readonly name?: string
  readonly plan?: string
}

/** Options for `init()` / `<SutureProvider>`. */
export interface SutureConfig {
  /** Your Suture ingest base URL, e.g. `https://suture.example.com` (`/v1/envelopes` is appended). */
  readonly endpoint: string
  /** The public ingest key, sent as `X-Suture-Key`. */
  readonly publicKey: string
  /**
   * `environment` defaults to the bundler's mode (`import.meta.env.MODE`, else `process.env.NODE_ENV`),
   * so errors from `vite dev` land apart from production's; `''` sends none.
   */
  readonly app: { readonly name: string; readonly release?: string; readonly environment?: string }
  readonly getActor?: () => ActorInfo | null | undefined
  /** Salt for hashing actor ids; defaults to the app name. */
  readonly actorSalt?: string
  readonly getWorkspace?: () => WorkspaceInfo | null | undefined
  readonly getFlags?: () => Record<string, JsonValue> | null | undefined
  /**
   * The route pattern of `pathname` (your router's, or `matchRoute(patterns, pathname)`); without one
   * the raw path is sent, and Suture's server stores it as a template (`/users/123` → `/users/:id`).
   */
  readonly getRouteTemplate?: (pathname: string) => string | null | undefined
  /** Share of error envelopes to send, 0–1 (default 1). Feedback is always sent. */
  readonly sampleRate?: number
  /** Last look at each envelope (already scrubbed); return null to drop it. */
  readonly beforeSend?: (envelope: Envelope) => Envelope | null
  /** Log what the SDK does to the console. */
  readonly debug?: boolean
  /** Breadcrumbs kept (default 50, at most 100). */
  readonly maxBreadcrumbs?: number
  /** Which automatic recorders to install (all on by default). */
  readonly capture?: {
    readonly global?: boolean
    readonly clicks?: boolean
    readonly navigation?: boolean
    readonly console?: boolean
  }
  readonly transport?: {
    readonly batchSize?: number
    readonly flushIntervalMs?: number
    readonly backoff?: BackoffOptions
    readonly queue?: Partial<QueueLimits>
    /** Where the offline queue lives; IndexedDB by default. */
    readonly storage?: QueueStorage
    /** Where the session-event queue lives; IndexedDB by default. */
    readonly eventsStorage?: QueueStorage
  }
  /**
   * Opt-in parts, each its own import so an app that does not use one does not ship it:
   * `[sessionEvents(), networkBreadcrumbs()]`.
   */
  readonly integrations?: readonly Integration[]
  /** Called with every envelope after it is queued (e.g. `sentryForwarder()`). */
  readonly forward?: (envelope: Envelope, error: unknown) => void
}

/**
 * An opt-in part of the SDK, set up once per client in a browser after the built-in recorders; what it
 * returns is called when the recorders stop (`close()`, or the SDK going quiet after its own failure).
 */
export type Integration = (client: SutureClient) => (() => void) | undefined
