import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { Script } from 'node:vm'
import { run } from '@suture/cli'
import { suture } from '@suture/cli/vite'
import { type RunningServer, startServer } from '@suture/service'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A small app built for production by real Vite (rolldown, minified, source maps with debug ids), twice,
// with a code change between the builds; the same planted bug must keep one fingerprint across releases.

const BILLING = `export interface Invoice { total?: number; currency: string }

export function formatTotal(invoice: Invoice): string {
  const amount = invoice.total as number
  return \`\${amount.toFixed(2)} \${invoice.currency}\`
}

export function BillingPage(invoices: Invoice[]): string[] {
  return invoices.map((invoice) => formatTotal(invoice))
}
`
// Release 2: a discount feature lands above the bug; every minified column after it moves.
const BILLING_V2 = BILLING.replace(
  'export function formatTotal',
  `export function discounted(invoice: Invoice): Invoice {
  return invoice.total !== undefined && invoice.total > 100 ? { ...invoice, total: invoice.total * 0.9 } : invoice
}

export function formatTotal`,
).replace('formatTotal(invoice))', 'formatTotal(discounted(invoice)))')
const MAIN = `import { BillingPage } from './pages/BillingPage'
;(globalThis as { run?: () => unknown }).run = () => BillingPage([{ total: 300, currency: 'EUR' }, { currency: 'EUR' }])
`

interface Built {
  readonly dist: string
  readonly bundle: string
  readonly stack: string
  readonly message: string
}

async function buildApp(
  root: string,
  name: string,
  billing: string,
  plugins: unknown[] = [],
): Promise<Built & { release: unknown }> {
  writeFileSync(path.join(root, 'src/pages/BillingPage.ts'), billing)
  const dist = path.join(root, name)
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: plugins as never[],
    build: {
      outDir: dist,
      emptyOutDir: true,
      sourcemap: plugins.length === 0,
      modulePreload: false,
      rollupOptions: { output: { sourcemapDebugIds: true } },
    },
  })
  const bundle = readdirSync(path.join(dist, 'assets')).find((f) => f.endsWith('.js')) ?? ''
  const code = readFileSync(path.join(dist, 'assets', bundle), 'utf8')
  const sandbox: { run?: () => unknown; __SUTURE_RELEASE__?: unknown } = {}
  new Script(code, { filename: `https://shop.test/assets/${bundle}` }).runInNewContext({
    globalThis: sandbox,
  })
  try {
    sandbox.run?.()
  } catch (error: unknown) {
    // The frames a browser would report: the bundle's, not this test runner's.
    const stack = ((error as Error).stack ?? '')
      .split('\n')
      .filter((line, i) => i === 0 || line.includes('https://shop.test/') || line.includes('<anonymous>'))
      .join('\n')
    return { dist, bundle, stack, message: (error as Error).message, release: sandbox.__SUTURE_RELEASE__ }
  }
  throw new Error('the planted bug did not throw')
}

const backend = TEST_DATABASES[0]

describe('source maps from real Vite builds', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'suture-vite-app-'))
  let database: SutureDatabase
  let server: RunningServer
  let keys: { projectId: string; publicKey: string; secretKey: string }
  let v1: Built
  let v2: Built

  beforeAll(async () => {
    mkdirSync(path.join(root, 'src/pages'), { recursive: true })
    writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><script type="module" src="/src/main.ts"></script>\n',
    )
    writeFileSync(path.join(root, 'src/main.ts'), MAIN)
    v1 = await buildApp(root, 'dist-1', BILLING)
    v2 = await buildApp(root, 'dist-2', BILLING_V2)
    database = await (backend as NonNullable<typeof backend>).open()
    server = await startServer({ database, port: 0, closeDatabase: false, keyCacheTtlMs: 0 })
    keys = await createProject(database.db, { name: 'shop' })
  }, 120_000)
  afterAll(async () => {
    await server?.close()
    await database?.close()
    rmSync(root, { recursive: true, force: true })
  })

  async function send(built: Built, release: string, id: string): Promise<void> {
    const res = await fetch(`${server.url}/v1/envelopes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-suture-key': keys.publicKey },
      body: JSON.stringify({
        id,
        schemaVersion: 1,
        kind: 'error',
        occurredAt: new Date().toISOString(),
        app: { name: 'shop', release },
        route: { template: '/billing' },
        error: {
          type: 'TypeError',
          message: built.message,
          stack: built.stack,
          handled: false,
          mechanism: 'boundary',
        },
      }),
    })
    expect(res.status).toBe(200)
  }

  async function stored(id: string) {
    const row = await database.db
      .selectFrom('envelopes')
      .select(['fingerprint', 'body'])
      .where('project_id', '=', keys.projectId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const body = row.body as {
      error: { frames: { original?: { file: string; line: number; function: string | null } }[] }
    }
    return { fingerprint: row.fingerprint, top: body.error.frames[0]?.original }
  }

  it('gives the same planted bug one fingerprint in both releases, with original frames, once the maps are uploaded', async () => {
    expect(v1.bundle).not.toBe(v2.bundle)
    expect(v1.stack).not.toBe(v2.stack)
    const env = { SUTURE_SECRET_KEY: keys.secretKey, SUTURE_ENDPOINT: server.url }
    for (const [built, release] of [
      [v1, '1.0.0'],
      [v2, '1.1.0'],
    ] as const) {
      const stderr = new PassThrough()
      const code = await run(['sourcemaps', 'upload', '--release', release, '--json', built.dist], {
        cwd: root,
        env,
        stdout: new PassThrough(),
        stderr,
      })
      expect(String(stderr.read() ?? '')).toBe('')
      expect(code).toBe(0)
    }
    const debugIds = await database.db
      .selectFrom('source_maps')
      .select('debug_id')
      .where('project_id', '=', keys.projectId)
      .execute()
    expect(debugIds.every((r) => /^[0-9a-f-]{36}$/.test(r.debug_id ?? ''))).toBe(true)

    await send(v1, '1.0.0', 'vite-e2e-release-1')
    await send(v2, '1.1.0', 'vite-e2e-release-2')
    const first = await stored('vite-e2e-release-1')
    const second = await stored('vite-e2e-release-2')
    expect(first.top).toMatchObject({ file: 'src/pages/BillingPage.ts', line: 5, function: 'formatTotal' })
    expect(second.top).toMatchObject({ file: 'src/pages/BillingPage.ts', line: 9, function: 'formatTotal' })
    expect(first.fingerprint).toBe(second.fingerprint)
  })

  it('the Vite plugin uploads the maps after the build, deletes them from dist, and writes the release into the bundle', async () => {
    const outcomes: { status: string }[] = []
    const built = await buildApp(root, 'dist-plugin', BILLING_V2, [
      suture({
        release: '1.2.0',
        endpoint: server.url,
        secretKey: keys.secretKey,
        onUploaded: (o) => outcomes.push(...o),
      }),
    ])
    expect(outcomes).toEqual([expect.objectContaining({ status: 'created' })])
    expect(readdirSync(path.join(built.dist, 'assets')).filter((f) => f.endsWith('.map'))).toEqual([])
    // Hidden maps: nothing in the bundle tells a visitor where a map would be.
    expect(readFileSync(path.join(built.dist, 'assets', built.bundle), 'utf8')).not.toContain(
      'sourceMappingURL',
    )
    expect(built.release).toBe('1.2.0')
    await send(built, '1.2.0', 'vite-e2e-plugin')
    const withPlugin = await stored('vite-e2e-plugin')
    expect(withPlugin.top).toMatchObject({
      file: 'src/pages/BillingPage.ts',
      line: 9,
      function: 'formatTotal',
    })
    expect(withPlugin.fingerprint).toBe((await stored('vite-e2e-release-1')).fingerprint)
  })

  it('the Vite plugin fails the build when the upload is refused, and keeps the maps', async () => {
    await expect(
      buildApp(root, 'dist-refused', BILLING, [
        suture({ release: '1.3.0', endpoint: server.url, secretKey: keys.publicKey }),
      ]),
    ).rejects.toThrow(/not uploaded: .*secret key/)
    expect(readdirSync(path.join(root, 'dist-refused', 'assets')).some((f) => f.endsWith('.map'))).toBe(true)
  })
})
