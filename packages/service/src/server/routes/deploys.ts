import { safeParseWith } from '@suture/envelope'
import { deploySchema, storeDeploys } from '@suture/store'
import type { RegisterRoutes } from '../context.js'
import { ingestBatch } from '../ingest-batch.js'

/** `POST /v1/deploys`: release markers from CI, `{ release, environment?, deployedAt?, commit? }`; secret key only. */
export const deployRoutes: RegisterRoutes = (app, deps) => {
  app.post('/v1/deploys', (c) =>
    ingestBatch(c, deps, {
      kind: 'deploy',
      listField: 'deploys',
      parse: (input) => safeParseWith(deploySchema, input),
      store: (projectId, deploys) => storeDeploys(deps.database.db, projectId, deploys),
      keyKinds: ['secret'],
    }),
  )
}
