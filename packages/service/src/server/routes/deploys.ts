import { safeParseWith } from '@suture/envelope'
import { deploySchema, storeDeploys } from '@suture/store'
import type { IngestDeps, RegisterRoutes } from '../context.js'
import { ingestBatch } from '../ingest-batch.js'

/** `POST /v1/deploys`: release markers from CI, `{ release, environment?, deployedAt?, commit? }`; secret key only. */
export const deployRoutes: RegisterRoutes = (app, deps) => {
  app.post('/v1/deploys', (c) =>
    ingestBatch(c, deps, {
      kind: 'deploy',
      listField: 'deploys',
      parse: (input) => safeParseWith(deploySchema, input),
      store: async (projectId, deploys) => {
        const results = await storeDeploys(deps.database.db, projectId, deploys)
        const fresh = deploys.filter((_, i) => results[i]?.status === 'accepted').map((d) => d.release)
        if (fresh.length > 0) afterDeploys(deps, projectId, fresh)
        return results
      },
      keyKinds: ['secret'],
    }),
  )
}

/**
 * Starts the deploy hook once the answer no longer depends on it (a CI step must not wait for, or fail
 * on, validation). A duplicate marker (a retried CI step) triggers nothing; a hook failure is logged and
 * the worker's next tick validates the same slot.
 */
function afterDeploys(deps: IngestDeps, projectId: string, releases: readonly string[]): void {
  const hook = deps.onDeploys
  if (!hook) return
  const task = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => hook(projectId, releases))
    .catch((error: unknown) => {
      deps.logger.error({ err: error, projectId, releases }, 'validation after the deploy marker failed')
    })
    .finally(() => deps.background.delete(task))
  deps.background.add(task)
}
