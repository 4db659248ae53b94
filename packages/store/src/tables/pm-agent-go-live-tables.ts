import type { GeneratedTimestamp } from './core-tables.js'

/** A project that left shadow mode: who decided, and when. No row: shadow mode. */
export interface ProjectGoLiveTable {
  project_id: string
  went_live_at: GeneratedTimestamp
  went_live_by: string
}

export interface GoLiveTables {
  project_go_live: ProjectGoLiveTable
}
