/**
 * Where Suture keeps its data: a real Postgres (`DATABASE_URL`), the embedded PGlite database in a
 * directory (the default, `.suture/`), or a throwaway in-memory PGlite (tests).
 */
export type StorageTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' }
