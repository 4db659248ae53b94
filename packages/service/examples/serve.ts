/**
 * Start the ingest API and the dashboard on an in-memory database, send one envelope, read it back, stop.
 *
 * Run it: pnpm tsx --conditions=@suture/source packages/service/examples/serve.ts
 */
import { startServer } from '@suture/service'
import { createProject, openDatabase } from '@suture/store'

const database = await openDatabase({ kind: 'pglite-memory' })
const project = await createProject(database.db, { name: 'example' })
const server = await startServer({ database, port: 0 })
try {
  const response = await fetch(`${server.url}/v1/envelopes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-suture-key': project.publicKey },
    body: JSON.stringify({
      id: 'example-1',
      schemaVersion: 1,
      kind: 'error',
      occurredAt: new Date().toISOString(),
      app: { name: 'web', release: '1.0.0' },
      route: { template: '/projects/:id' },
      error: { type: 'TypeError', message: 'x is undefined', handled: false, mechanism: 'onerror' },
    }),
  })
  console.log(response.status, JSON.stringify(await response.json()))
  console.log(`dashboard: ${server.url}/app (log in with ${project.secretKey})`)
} finally {
  await server.close()
  await database.close()
}
