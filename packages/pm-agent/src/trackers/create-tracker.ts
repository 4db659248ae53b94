import { LinearClient } from '@linear/sdk'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { LinearTracker } from './linear-tracker.js'
import { LocalTracker } from './local-tracker.js'
import type { Tracker } from './tracker.js'

export interface TrackerSettings {
  readonly linear?:
    | {
        readonly apiKey?: string | undefined
        readonly teamId?: string | undefined
        readonly apiUrl?: string | undefined
      }
    | undefined
  /** Base URL for local ticket links (the Suture service's public URL). */
  readonly localBaseUrl?: string | undefined
}

/** Linear when an API key and team are configured, else the embedded local tracker. */
export function createTracker(db: Kysely<Database>, projectId: string, settings: TrackerSettings): Tracker {
  const linear = settings.linear
  if (linear?.apiKey && linear.teamId) {
    return new LinearTracker({
      client: new LinearClient({
        apiKey: linear.apiKey,
        ...(linear.apiUrl ? { apiUrl: linear.apiUrl } : {}),
      }),
      teamId: linear.teamId,
    })
  }
  return new LocalTracker({
    db: db,
    projectId,
    ...(settings.localBaseUrl ? { baseUrl: settings.localBaseUrl } : {}),
  })
}
