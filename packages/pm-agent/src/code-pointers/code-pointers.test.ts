import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Envelope, parseEnvelope, type StackFrame } from '@suture/envelope'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signalFromEnvelope } from '../dedup/signal.js'
import { codePointerLookup, fileForFrame, filesForRoute, framePath } from './code-pointers.js'
import { ownersOf, parseCodeowners } from './codeowners.js'
import { indexRepository, type RepoIndex } from './repo-index.js'

const FILES = [
  'src/pages/Settings.tsx',
  'src/pages/settings/InviteForm.tsx',
  'src/pages/settings/InviteForm.test.tsx',
  'src/pages/billing/InvoiceRow.tsx',
  'src/api/settings.ts',
  'src/pages/projects/Board.tsx',
  'src/lib/format.ts',
  'node_modules/react/index.js',
  'dist/assets/settings-3f9a.js',
  'README.md',
]

describe('code pointers on a checkout', () => {
  let root: string
  let index: RepoIndex
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'suture-code-'))
    for (const file of FILES) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
      writeFileSync(path.join(root, file), '// source\n')
    }
    mkdirSync(path.join(root, '.github'))
    writeFileSync(
      path.join(root, '.github/CODEOWNERS'),
      [
        '# default owners',
        '*                 @acme/web',
        '/src/pages/       @acme/frontend   # pages',
        'billing/          @acme/payments',
        '*.ts              @acme/typescript',
        '/src/lib/         ',
      ].join('\n'),
    )
    index = indexRepository(root)
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('skips dependencies, build output, tests and non-source files', () => {
    expect(index.files).toEqual([
      'src/api/settings.ts',
      'src/lib/format.ts',
      'src/pages/billing/InvoiceRow.tsx',
      'src/pages/projects/Board.tsx',
      'src/pages/settings/InviteForm.tsx',
      'src/pages/Settings.tsx',
    ])
  })

  it('reads webpack and URL frame paths', () => {
    expect(framePath('webpack:///src/pages/Settings.tsx')).toBe('src/pages/Settings.tsx')
    expect(framePath('webpack://my-app/./src/pages/Settings.tsx')).toBe('src/pages/Settings.tsx')
    expect(framePath('https://app/assets/settings-3f9a.js?v=1')).toBe('assets/settings-3f9a.js')
  })

  it('maps frames exactly, by suffix, and bundles by name without the hash', () => {
    expect(
      fileForFrame(index, { file: 'webpack:///src/pages/Settings.tsx', line: 12, function: 'Settings' }),
    ).toEqual({
      file: 'src/pages/Settings.tsx',
      line: 12,
      function: 'Settings',
    })
    expect(fileForFrame(index, { file: 'webpack:///./pages/settings/InviteForm.tsx', line: 4 })?.file).toBe(
      'src/pages/settings/InviteForm.tsx',
    )
    const bundled = fileForFrame(index, { file: 'https://app/assets/settings-3f9a.js', line: 1 })
    expect(bundled).toEqual({ file: 'src/pages/Settings.tsx' })
    expect(fileForFrame(index, { file: 'https://app/node_modules/react/index.js' })).toBeUndefined()
    expect(fileForFrame(index, { file: 'https://app/assets/unknown-77aa.js' })).toBeUndefined()
  })

  it('maps route templates by their static segments', () => {
    expect(filesForRoute(index, '/projects/:id/board')).toEqual(['src/pages/projects/Board.tsx'])
    expect(filesForRoute(index, '/settings')[0]).toBe('src/pages/Settings.tsx')
    expect(filesForRoute(index, '/:id')).toEqual([])
  })

  it('takes owners from CODEOWNERS, the last matching pattern winning', () => {
    const rules = parseCodeowners(
      '*  @web\n/src/pages/ @frontend\nbilling/ @payments\n*.ts @ts\n/src/lib/\ndocs/**/*.md @docs\n',
    )
    expect(ownersOf('README.md', rules)).toEqual(['@web'])
    expect(ownersOf('src/pages/Settings.tsx', rules)).toEqual(['@frontend'])
    expect(ownersOf('src/pages/billing/InvoiceRow.tsx', rules)).toEqual(['@payments'])
    expect(ownersOf('src/api/settings.ts', rules)).toEqual(['@ts'])
    expect(ownersOf('src/lib/format.ts', rules)).toEqual([])
    expect(ownersOf('docs/a/b/guide.md', rules)).toEqual(['@docs'])
    expect(ownersOf('other/src/pages/x.tsx', rules)).toEqual(['@web'])
  })

  it('builds a cluster lookup from the checkout', () => {
    const lookup = codePointerLookup(root)
    const pointers = lookup({
      frames: [
        {
          function: 'InvoiceRow',
          file: 'webpack:///src/pages/billing/InvoiceRow.tsx',
          line: 30,
          inApp: true,
        },
        { function: 'render', file: 'https://app/node_modules/react-dom/index.js', inApp: false },
      ],
      routes: ['/projects/:id/board'],
    })
    expect(pointers).toEqual([
      {
        file: 'src/pages/billing/InvoiceRow.tsx',
        line: 30,
        function: 'InvoiceRow',
        owners: ['@acme/payments'],
      },
      { file: 'src/pages/projects/Board.tsx', owners: ['@acme/frontend'] },
    ])
  })

  it('points a symbolicated error at the original file and line, not at the bundle', () => {
    const signal = signalFromEnvelope(
      envelopeWith([
        {
          function: 'Xe',
          file: 'https://app.test/assets/settings-3f9a.js',
          line: 1,
          column: 48213,
          original: { function: 'InvoiceRow', file: 'src/pages/billing/InvoiceRow.tsx', line: 42, column: 9 },
        },
      ]),
    )
    expect(codePointerLookup(root)({ frames: signal.frames ?? [], routes: [] })).toEqual([
      {
        file: 'src/pages/billing/InvoiceRow.tsx',
        line: 42,
        function: 'InvoiceRow',
        owners: ['@acme/payments'],
      },
    ])
    // The same error unsymbolicated can only name the bundle's namesake, without a line.
    const bare = signalFromEnvelope(
      envelopeWith([
        { function: 'Xe', file: 'https://app.test/assets/settings-3f9a.js', line: 1, column: 48213 },
      ]),
    )
    expect(codePointerLookup(root)({ frames: bare.frames ?? [], routes: [] })[0]?.line).toBeUndefined()
  })
})

function envelopeWith(frames: StackFrame[]): Envelope {
  const parsed = parseEnvelope({
    id: 'env_symbolicated_1',
    schemaVersion: 1,
    kind: 'error',
    occurredAt: '2026-01-12T10:00:00.000Z',
    app: { name: 'web', release: '1.0.0' },
    route: { template: '/billing' },
    error: { type: 'TypeError', message: 'x is undefined', frames, handled: false, mechanism: 'boundary' },
  })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.value
}
