import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CommandContext } from './command.js'
import { poolOptionsOf, resolveStorageTarget } from './storage-options.js'

const cwd = '/srv/app'
const ctx = (values: Record<string, string>, env: Record<string, string>): CommandContext => ({
  values,
  positionals: [],
  env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd,
})
const PG = 'postgres://u@db.example/suture'

describe('resolveStorageTarget: flags win over variables', () => {
  it('uses --data-dir even when DATABASE_URL is set', () => {
    expect(resolveStorageTarget(ctx({ 'data-dir': 'local' }, { DATABASE_URL: PG }))).toEqual({
      kind: 'pglite',
      dataDir: path.resolve(cwd, 'local'),
    })
  })

  it('uses --database-url even when SUTURE_DATA_DIR is set', () => {
    expect(resolveStorageTarget(ctx({ 'database-url': PG }, { SUTURE_DATA_DIR: 'x' }))).toEqual({
      kind: 'postgres',
      url: PG,
    })
  })

  it('without flags, DATABASE_URL wins over SUTURE_DATA_DIR, and the default is ./.suture', () => {
    expect(resolveStorageTarget(ctx({}, { DATABASE_URL: PG, SUTURE_DATA_DIR: 'x' }))).toEqual({
      kind: 'postgres',
      url: PG,
    })
    expect(resolveStorageTarget(ctx({}, { SUTURE_DATA_DIR: 'x' }))).toEqual({
      kind: 'pglite',
      dataDir: path.resolve(cwd, 'x'),
    })
    expect(resolveStorageTarget(ctx({}, {}))).toEqual({
      kind: 'pglite',
      dataDir: path.resolve(cwd, '.suture'),
    })
  })

  it('refuses both flags at once', () => {
    expect(() => resolveStorageTarget(ctx({ 'data-dir': 'a', 'database-url': PG }, {}))).toThrow(
      /--database-url or --data-dir/,
    )
  })
})

describe('poolOptionsOf: the Postgres pool of serve and worker', () => {
  it('takes the flag over the variable, and leaves the store its default without either', () => {
    expect(poolOptionsOf(ctx({ 'db-pool-size': '4' }, { SUTURE_DB_POOL_SIZE: '20' }))).toEqual({
      poolSize: 4,
    })
    expect(poolOptionsOf(ctx({}, { SUTURE_DB_POOL_SIZE: '20' }))).toEqual({ poolSize: 20 })
    expect(poolOptionsOf(ctx({}, {}))).toEqual({})
    expect(() => poolOptionsOf(ctx({}, { SUTURE_DB_POOL_SIZE: '2.5' }))).toThrow(
      /SUTURE_DB_POOL_SIZE must be/,
    )
  })
})
