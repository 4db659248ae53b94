import type { ColumnType, Generated, JSONColumnType } from 'kysely'

/** A timestamptz column: read as `Date`, written as `Date` or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamptz column with a database default. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

/** A project owns keys, envelopes, sessions and everything derived from them. */
export interface ProjectsTable {
  id: string
  name: string
  /** Browser origins allowed to send with this project's keys; empty means any origin. */
  allowed_origins: JSONColumnType<string[], string, string>
  created_at: GeneratedTimestamp
}

export type ApiKeyKind = 'public' | 'secret'

/**
 * Public keys are safe in a browser and may only ingest; secret keys are admin keys. Both are looked up
 * by the SHA-256 of the token; only public tokens are also kept in clear, so they can be listed again.
 */
export interface ApiKeysTable {
  id: string
  project_id: string
  kind: ApiKeyKind
  token_hash: string
  /** The token itself, for public keys only (null for secret keys). */
  public_token: string | null
  /** The last characters of the token, to tell keys apart in listings. */
  hint: string
  label: string | null
  created_at: GeneratedTimestamp
  revoked_at: Timestamp | null
}

/** One stored envelope. The client id is the idempotency key within a project. */
export interface EnvelopesTable {
  project_id: string
  id: string
  kind: 'error' | 'feedback'
  occurred_at: Timestamp
  received_at: GeneratedTimestamp
  route_template: string
  /** Errors only; computed on the server when the client did not send one. */
  fingerprint: string | null
  session_id: string | null
  actor_hash: string | null
  workspace_id: string | null
  release: string | null
  environment: string | null
  boundary: string | null
  error_type: string | null
  /** The error message, or the feedback text. */
  message: string | null
  /** Feedback rating 0–10, when given. */
  rating: number | null
  /** The full envelope as stored: validated and scrubbed on the server. */
  body: JSONColumnType<Record<string, unknown>, string, string>
}

/** A user session, touched by its events and by envelopes that carry its id. */
export interface SessionsTable {
  project_id: string
  id: string
  started_at: Timestamp
  last_event_at: Timestamp
  /** Set when the session is known to be over (by the scoring jobs); null while it may continue. */
  ended_at: Timestamp | null
  distinct_id: string | null
  actor_hash: string | null
  workspace_id: string | null
  event_count: Generated<number>
  error_count: Generated<number>
  feedback_count: Generated<number>
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

export interface SessionEventsTable {
  project_id: string
  /** The client's id, or a hash of the event's content when the client sent none (so retries dedupe). */
  id: string
  session_id: string
  ts: Timestamp
  event: string
  distinct_id: string | null
  properties: JSONColumnType<Record<string, unknown>, string, string>
  received_at: GeneratedTimestamp
}

/** A release marker: `release` went live in `environment` at `deployed_at`. */
export interface DeploysTable {
  project_id: string
  release: string
  environment: string
  deployed_at: Timestamp
  commit_sha: string | null
  url: string | null
  notes: string | null
  created_at: GeneratedTimestamp
}

export type JobRunStatus = 'running' | 'succeeded' | 'failed'

/** One run of a scheduled job; `(name, key)` is unique so a job runs once per key (e.g. per day). */
export interface JobRunsTable {
  id: Generated<number>
  name: string
  key: string
  project_id: string | null
  status: JobRunStatus
  started_at: GeneratedTimestamp
  finished_at: Timestamp | null
  details: ColumnType<Record<string, unknown>, string | undefined, string>
  error: string | null
}

/** The tables of migration 0001. */
export interface CoreTables {
  projects: ProjectsTable
  api_keys: ApiKeysTable
  envelopes: EnvelopesTable
  sessions: SessionsTable
  session_events: SessionEventsTable
  deploys: DeploysTable
  job_runs: JobRunsTable
}
