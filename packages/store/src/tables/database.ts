import type { CoreTables } from './core-tables.js'
import type { DashboardTables } from './dashboard-tables.js'
import type { FixerTables } from './fixer-tables.js'
import type { LifecycleTables } from './lifecycle-tables.js'
import type { ClusterTables } from './pm-agent-cluster-tables.js'
import type { GoLiveTables } from './pm-agent-go-live-tables.js'
import type { TicketTables } from './pm-agent-ticket-tables.js'
import type { ValidationTables } from './pm-agent-validation-tables.js'
import type { ScoreTables } from './scorer-tables.js'
import type { SourceMapTables } from './source-map-tables.js'

/**
 * Every table Suture stores, for `Kysely<Database>`. Each package's tables live in a file named for it
 * (beside the migration that creates them) and are added here as one more `extends` entry, so every
 * package sees one typed schema and none has to widen another's.
 */
export interface Database
  extends CoreTables,
    ScoreTables,
    ClusterTables,
    TicketTables,
    FixerTables,
    GoLiveTables,
    ValidationTables,
    LifecycleTables,
    SourceMapTables,
    DashboardTables {}
