import { parseEnvelope, sourceFrames } from '@suture/envelope'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SutureDatabase } from '../database/open-database.js'
import { storeEnvelopes } from '../ingest/store-envelopes.js'
import { createProject } from '../projects/projects.js'
import { errorEnvelopeFromStack } from '../testing/fixtures.js'
import { TEST_DATABASES } from '../testing/index.js'
import { enclosingFunction } from './enclosing-function.js'
import { SourceMapError } from './errors.js'
import { minifiedFilePath } from './file-path.js'
import { type BuiltBundle, buildBundle } from './fixtures/test-bundle.js'
import { MapCache } from './map-cache.js'
import { ParsedSourceMap } from './resolve-frame.js'
import { storeSourceMap } from './store-source-map.js'
import { Symbolicator } from './symbolicator.js'
import { checkSourceMap, MAX_SOURCE_MAP_BYTES } from './validate-source-map.js'

let v1: BuiltBundle
let v2: BuiltBundle
beforeAll(async () => {
  v1 = await buildBundle('a1b2c3d4')
  // A code change above the bug: every minified column and the bundle hash move.
  v2 = await buildBundle(
    'e5f6a7b8',
    "export const pricingVersion = ['2026', '12'].join('-')\n;(globalThis as { pricing?: string }).pricing = pricingVersion\n",
  )
}, 60_000)

function envelope(bundle: BuiltBundle, release: string, extra: Record<string, unknown> = {}) {
  const parsed = parseEnvelope(
    errorEnvelopeFromStack(
      { id: bundle.fileName, name: 'TypeError', message: bundle.message, stack: bundle.stack },
      { app: { name: 'web', release }, ...extra },
    ),
  )
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.value
}

async function storedBody(database: SutureDatabase, projectId: string, id: string) {
  const row = await database.db
    .selectFrom('envelopes')
    .select(['body', 'fingerprint'])
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  const parsed = parseEnvelope(row.body)
  if (!parsed.ok || parsed.value.kind !== 'error') throw new Error('stored body is not an error envelope')
  return { error: parsed.value.error, fingerprint: row.fingerprint }
}

describe('minifiedFilePath', () => {
  it('matches any origin, Sentry-style ~/ prefixes and bare paths, and refuses what is not a script URL', () => {
    expect(minifiedFilePath('https://app.test/assets/index-3f2a.js?v=2#x')).toBe('/assets/index-3f2a.js')
    expect(minifiedFilePath('~/assets/index-3f2a.js')).toBe('/assets/index-3f2a.js')
    expect(minifiedFilePath('assets/index-3f2a.js')).toBe('/assets/index-3f2a.js')
    expect(minifiedFilePath('<anonymous>')).toBeUndefined()
    expect(minifiedFilePath('blob:https://app.test/1')).toBeUndefined()
  })
})

describe('enclosingFunction', () => {
  it('names the function a position is in, stepping over blocks and nested arrow functions', () => {
    const source = [
      'export function BillingPage(props: Props) {',
      '  const onClick = () => { track() }',
      '  if (props.open) {',
      '    return <div>{props.items.map((i) => i.total.toFixed(2))}</div>',
      '  }',
      '}',
      'const formatTotal = (invoice: Invoice): string => {',
      '  return invoice.total.toFixed(2)',
      '}',
    ]
    expect(enclosingFunction(source, 4, 30)).toBe('BillingPage')
    expect(enclosingFunction(source, 8, 10)).toBe('formatTotal')
    expect(enclosingFunction(source, 2, 28)).toBe('onClick')
    expect(enclosingFunction(['const x = 1', 'x.y()'], 2, 2)).toBeUndefined()
  })
})

describe('checkSourceMap', () => {
  it('accepts a real map for its own file, checked against the minified file', () => {
    const { debugId } = checkSourceMap(v1.map, { url: `~/assets/${v1.fileName}`, minified: v1.code })
    expect(debugId).toBeUndefined()
  })

  it.each([
    ['not JSON', '{"version":3', 'map'],
    ['not a map', '[1,2]', 'map'],
    ['version 2', '{"version":2,"sources":[],"mappings":""}', 'map.version'],
    ['mappings missing', '{"version":3,"sources":[]}', 'map.mappings'],
    ['sources not strings', '{"version":3,"sources":[1],"mappings":""}', 'map.sources'],
    [
      'a mapping to a source it does not list',
      '{"version":3,"sources":[],"names":[],"mappings":"AAAA"}',
      'map.mappings',
    ],
    ['an index map', '{"version":3,"sections":[]}', 'map.sections'],
  ])('refuses %s, naming the field', (_case, text, field) => {
    const error = captured(() => checkSourceMap(text, { url: '/assets/a.js' }))
    expect(error).toBeInstanceOf(SourceMapError)
    expect((error as SourceMapError).field).toBe(field)
    expect((error as SourceMapError).message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `))
  })

  it("refuses a map that is not its file's: another file's name, another build's debug id or positions", () => {
    const other = captured(() =>
      checkSourceMap(v1.map.replace('{', '{"file":"vendor-1.js",'), { url: '~/assets/a.js' }),
    )
    expect(other).toMatchObject({ field: 'url', reason: 'mismatch' })
    const withId = v1.map.replace('{', '{"debugId":"0F8B5E1C-1111-4A2B-9C3D-000000000001",')
    expect(
      checkSourceMap(withId, { url: '/a.js', debugId: '0f8b5e1c-1111-4a2b-9c3d-000000000001' }).debugId,
    ).toBe('0F8B5E1C-1111-4A2B-9C3D-000000000001')
    expect(
      captured(() =>
        checkSourceMap(withId, { url: '/a.js', debugId: '0f8b5e1c-2222-4a2b-9c3d-000000000001' }),
      ),
    ).toMatchObject({ field: 'debugId', reason: 'mismatch' })
    // v2's map against v1's file: its mappings point past the end of v1's one line.
    expect(captured(() => checkSourceMap(v2.map, { url: '/a.js', minified: v1.code }))).toMatchObject({
      field: 'map',
      reason: 'mismatch',
    })
  })

  it('refuses a map over the size limit before parsing it', () => {
    const huge = `{"version":3,"sources":[],"mappings":"","x":"${'a'.repeat(MAX_SOURCE_MAP_BYTES)}"}`
    expect(captured(() => checkSourceMap(huge, { url: '/a.js' }))).toMatchObject({
      field: 'map',
      reason: 'too-large',
    })
  })
})

describe('MapCache', () => {
  it('stays within its memory budget, evicting the least recently used map, and never keeps a map bigger than the budget', () => {
    const parsed = (text: string) => new ParsedSourceMap(checkSourceMap(text, { url: '/a.js' }).map)
    const cache = new MapCache(1_000)
    cache.set('a', parsed(v1.map), 400)
    cache.set('b', parsed(v1.map), 400)
    expect(cache.get('a')).toBeDefined()
    cache.set('c', parsed(v1.map), 400)
    expect(cache.bytes).toBeLessThanOrEqual(1_000)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBeDefined()
    cache.set('huge', parsed(v1.map), 5_000)
    expect(cache.get('huge')).toBeUndefined()
    expect(cache.size).toBe(2)
  })
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`source maps on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    }, 60_000)
    afterAll(() => database?.close())

    it('resolves each frame to its original file, line, function and source lines, minified frame kept beside it', async () => {
      const { projectId } = await createProject(database.db, { name: 'maps' })
      const upload = await storeSourceMap(database.db, projectId, {
        release: '1.0.0',
        url: `~/assets/${v1.fileName}`,
        map: v1.map,
        minified: v1.code,
      })
      expect(upload).toMatchObject({
        status: 'created',
        filePath: `/assets/${v1.fileName}`,
        resymbolicated: 0,
      })
      const sent = envelope(v1, '1.0.0')
      await storeEnvelopes(database.db, projectId, [sent])
      const { error } = await storedBody(database, projectId, sent.id)
      const [top, ...rest] = error.frames
      expect(top).toMatchObject({ file: `https://app.test/assets/${v1.fileName}`, line: 1 })
      expect(top?.original).toMatchObject({
        file: 'src/pages/BillingPage.tsx',
        line: 6,
        function: 'formatTotal',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the planted bug's source line, a template literal
        context: { line: '  return `${amount.toFixed(2)} ${invoice.currency}`' },
      })
      expect(top?.original?.context?.pre.at(-1)).toBe('  const amount = invoice.total as number')
      expect(sourceFrames(error.frames).map((f) => f.function)).toContain('BillingPage')
      // The engine's own frame has no map and is stored as reported.
      expect(rest.find((f) => f.function === 'Array.map')?.original).toBeUndefined()
    })

    it('gives the same bug the same fingerprint in two releases whose bundles differ', async () => {
      const { projectId } = await createProject(database.db, { name: 'two releases' })
      for (const [bundle, release] of [
        [v1, '1.0.0'],
        [v2, '1.1.0'],
      ] as const) {
        await storeSourceMap(database.db, projectId, {
          release,
          url: `~/assets/${bundle.fileName}`,
          map: bundle.map,
        })
      }
      const a = envelope(v1, '1.0.0')
      const b = envelope(v2, '1.1.0')
      expect(v1.stack).not.toBe(v2.stack)
      await storeEnvelopes(database.db, projectId, [a, b])
      const first = await storedBody(database, projectId, a.id)
      const second = await storedBody(database, projectId, b.id)
      expect(first.error.frames[0]?.original?.line).not.toBe(second.error.frames[0]?.original?.line)
      expect(first.fingerprint).toBe(second.fingerprint)
      expect(first.fingerprint).toBe(first.error.fingerprint)
    })

    it('keeps the minified frames, and fails nothing, without a map or with only another release’s map', async () => {
      const { projectId } = await createProject(database.db, { name: 'no map' })
      await storeSourceMap(database.db, projectId, {
        release: '9.9.9',
        url: `~/assets/${v1.fileName}`,
        map: v1.map,
      })
      const other = envelope(v1, '1.0.0')
      const none = envelope(v1, '1.0.0', { app: { name: 'web' } })
      const results = await storeEnvelopes(database.db, projectId, [other, none])
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted'])
      for (const id of [other.id, none.id]) {
        const { error, fingerprint } = await storedBody(database, projectId, id)
        expect(error.frames.length).toBeGreaterThan(0)
        expect(error.frames.some((f) => f.original !== undefined)).toBe(false)
        expect(fingerprint).toMatch(/^[0-9a-f]{16}$/)
      }
    })

    it('resolves the same stack in one batch only for the release whose map it is', async () => {
      const { projectId } = await createProject(database.db, { name: 'shared stack' })
      await storeSourceMap(database.db, projectId, {
        release: '1.0.0',
        url: `~/assets/${v1.fileName}`,
        map: v1.map,
      })
      // Same stack text, so the batch parses it into one frames array shared by both envelopes.
      const mapped = envelope(v1, '1.0.0')
      const unmapped = envelope(v1, '2.0.0')
      const { stack } = mapped.kind === 'error' ? mapped.error : { stack: undefined }
      expect(unmapped.kind === 'error' && unmapped.error.stack).toBe(stack)
      await storeEnvelopes(database.db, projectId, [mapped, unmapped, envelope(v1, '1.0.0')])
      expect((await storedBody(database, projectId, mapped.id)).error.frames[0]?.original?.file).toBe(
        'src/pages/BillingPage.tsx',
      )
      const other = await storedBody(database, projectId, unmapped.id)
      expect(other.error.frames.some((f) => f.original !== undefined)).toBe(false)
    })

    it('re-symbolicates and regroups stored envelopes when their map arrives later; a re-upload changes nothing', async () => {
      const { projectId } = await createProject(database.db, { name: 'late map' })
      const symbolicator = new Symbolicator(database.db)
      const early = envelope(v1, '1.0.0')
      await storeEnvelopes(database.db, projectId, [early], { symbolicator })
      const before = await storedBody(database, projectId, early.id)
      expect(before.error.frames[0]?.original).toBeUndefined()
      const upload = { release: '1.0.0', url: `https://cdn.app.test/assets/${v1.fileName}`, map: v1.map }
      const first = await storeSourceMap(database.db, projectId, upload, { symbolicator })
      expect(first).toMatchObject({ status: 'created', resymbolicated: 1 })
      const after = await storedBody(database, projectId, early.id)
      expect(after.error.frames[0]?.original?.file).toBe('src/pages/BillingPage.tsx')
      expect(after.fingerprint).not.toBe(before.fingerprint)
      expect(after.fingerprint).toBe(after.error.fingerprint)
      // Envelopes stored later through the same process see the map at once (its index was invalidated).
      const late = envelope(v1, '1.0.0')
      await storeEnvelopes(database.db, projectId, [late], { symbolicator })
      expect((await storedBody(database, projectId, late.id)).fingerprint).toBe(after.fingerprint)
      expect(await storeSourceMap(database.db, projectId, upload, { symbolicator })).toMatchObject({
        status: 'unchanged',
        resymbolicated: 0,
      })
      const rows = await database.db
        .selectFrom('source_maps')
        .selectAll()
        .where('project_id', '=', projectId)
        .execute()
      expect(rows).toHaveLength(1)
    })

    it('keeps a custom fingerprint the sender chose, and finds a map by the frame’s debug id', async () => {
      const { projectId } = await createProject(database.db, { name: 'custom' })
      const debugId = '4b1c2d3e-aaaa-4bbb-8ccc-123456789abc'
      await storeSourceMap(database.db, projectId, {
        release: 'build-7',
        url: `~/assets/${v1.fileName}`,
        map: v1.map,
        debugId,
      })
      const base = envelope(v1, 'other-release')
      if (base.kind !== 'error') throw new Error('unreachable')
      const frames =
        base.error.stack === undefined ? [] : (await import('@suture/envelope')).parseStack(base.error.stack)
      const custom = {
        ...base,
        error: {
          ...base.error,
          frames: frames.map((f) => ({ ...f, debugId: debugId.toUpperCase() })),
          fingerprint: 'checkout-group',
        },
      }
      await storeEnvelopes(database.db, projectId, [custom])
      const stored = await storedBody(database, projectId, custom.id)
      expect(stored.error.frames[0]?.original?.function).toBe('formatTotal')
      expect(stored.fingerprint).toBe('checkout-group')
    })

    it('refuses to store a map that does not match its file, and stores nothing', async () => {
      const { projectId } = await createProject(database.db, { name: 'bad' })
      await expect(
        storeSourceMap(database.db, projectId, {
          release: '1',
          url: '~/assets/a.js',
          map: v2.map,
          minified: v1.code,
        }),
      ).rejects.toMatchObject({ name: 'SourceMapError', field: 'map', reason: 'mismatch' })
      await expect(
        storeSourceMap(database.db, projectId, { release: ' ', url: '~/a.js', map: v1.map }),
      ).rejects.toMatchObject({
        field: 'release',
      })
      await expect(
        storeSourceMap(database.db, projectId, { release: '1', url: '~/', map: v1.map }),
      ).rejects.toMatchObject({
        field: 'url',
      })
      const rows = await database.db
        .selectFrom('source_maps')
        .select('release')
        .where('project_id', '=', projectId)
        .execute()
      expect(rows).toEqual([])
    })
  })
}

function captured(run: () => unknown): unknown {
  try {
    run()
  } catch (error: unknown) {
    return error
  }
  throw new Error('expected a throw')
}
