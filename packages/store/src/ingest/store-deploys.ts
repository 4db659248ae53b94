import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../tables/database.js'
import { storableTime } from './storable.js'
import type { ItemResult } from './store-result.js'

/** A release marker as the API accepts it (e.g. from CI after a deploy). */
export const deploySchema = z.object({
  release: z.string().min(1).max(200),
  environment: z.string().min(1).max(200).default('production'),
  /** When it went live; defaults to when the server received it. */
  deployedAt: z.iso.datetime({ offset: true }).optional(),
  commit: z.string().max(200).optional(),
  url: z.string().max(2_048).optional(),
  notes: z.string().max(4_000).optional(),
})

export type Deploy = z.infer<typeof deploySchema>

export function deployId(deploy: Pick<Deploy, 'release' | 'environment'>): string {
  return `${deploy.release}@${deploy.environment}`
}

/** Stores release markers; `(release, environment)` is the idempotency key. Resolves after commit. */
export async function storeDeploys(
  db: Kysely<Database>,
  projectId: string,
  deploys: readonly Deploy[],
  now: Date = new Date(),
): Promise<ItemResult[]> {
  const results: ItemResult[] = new Array(deploys.length)
  const firstIndex = new Map<string, number>()
  const rows = []
  for (const [index, deploy] of deploys.entries()) {
    const id = deployId(deploy)
    const deployedAt = deploy.deployedAt === undefined ? now : storableTime(deploy.deployedAt)
    if (deployedAt === undefined) {
      results[index] = {
        id,
        status: 'rejected',
        issues: [{ path: 'deployedAt', message: 'timestamp outside the years 0001–9999' }],
      }
      continue
    }
    if (firstIndex.has(id)) {
      results[index] = { id, status: 'duplicate' }
      continue
    }
    firstIndex.set(id, index)
    rows.push({
      project_id: projectId,
      release: deploy.release,
      environment: deploy.environment,
      deployed_at: deployedAt,
      commit_sha: deploy.commit ?? null,
      url: deploy.url ?? null,
      notes: deploy.notes ?? null,
    })
  }
  if (rows.length > 0) {
    const inserted = await db
      .insertInto('deploys')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning(['release', 'environment'])
      .execute()
    const accepted = new Set(inserted.map((r) => deployId(r)))
    for (const [id, index] of firstIndex) {
      results[index] = { id, status: accepted.has(id) ? 'accepted' : 'duplicate' }
    }
  }
  return results
}
