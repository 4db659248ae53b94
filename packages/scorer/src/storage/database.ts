import type { ScoreTables } from '../scoring/score-tables.js'
import type { ClusterTables } from './cluster-tables.js'
import type { CoreTables } from './core-tables.js'

/**
 * Every table Suture stores, for `Kysely<Database>`. Each migration's tables live in their own file
 * and are added here as one more `extends` entry.
 */
export interface Database extends CoreTables, ScoreTables, ClusterTables {}
