import { createProject, listKeys, type SutureDatabase } from '@suture/store'

export const DEMO_PROJECT = 'demo'

export interface DemoProject {
  readonly projectId: string
  readonly publicKey: string
  /** Only when the project was created by this run: secret keys are stored hashed. */
  readonly secretKey: string | undefined
  readonly created: boolean
  /** With --fresh: the earlier demo project, renamed and left intact. */
  readonly replaced: string | undefined
}

/**
 * The project named `demo`, created with its keys on the first run and reused after. `fresh` renames
 * the old one (`demo-replaced-<time>`, nothing deleted) and starts a new one.
 */
export async function demoProject(database: SutureDatabase, fresh: boolean): Promise<DemoProject> {
  const { db } = database
  const existing = await db
    .selectFrom('projects')
    .select(['id'])
    .where('name', '=', DEMO_PROJECT)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  let replaced: string | undefined
  if (existing && fresh) {
    replaced = `${DEMO_PROJECT}-replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`
    await db.updateTable('projects').set({ name: replaced }).where('id', '=', existing.id).execute()
  } else if (existing) {
    const key = (await listKeys(db, existing.id)).find((k) => k.kind === 'public' && k.revokedAt === null)
    if (key)
      return {
        projectId: existing.id,
        publicKey: key.display,
        secretKey: undefined,
        created: false,
        replaced,
      }
  }
  const created = await createProject(db, { name: DEMO_PROJECT })
  return { ...created, created: true, replaced }
}
