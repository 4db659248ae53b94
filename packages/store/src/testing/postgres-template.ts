import { createHash, randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase } from '../database/open-database.js'
import { hashMigrations } from './migrations-key.js'

/**
 * The name of a migrated, empty database on the test server, for `CREATE DATABASE … TEMPLATE`: a test
 * file's database is then a copy of it (a fraction of a second) instead of a fresh database that runs
 * every migration (seconds per file on two loaded cores). Its name carries a hash of the migrations'
 * code, so a changed migration gets a new template instead of a stale schema; every test file on the
 * server shares it, and it outlives the run, as the PGlite template's dump does.
 */
const memo = new Map<string, Promise<string>>()

export function postgresTemplate(serverUrl: string): Promise<string> {
  let template = memo.get(serverUrl)
  if (!template) {
    template = findOrBuild(serverUrl).catch((error: unknown) => {
      memo.delete(serverUrl)
      throw error
    })
    memo.set(serverUrl, template)
  }
  return template
}

/** Postgres's SQLSTATE for "database already exists". */
const DUPLICATE_DATABASE = '42P04'

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function findOrBuild(serverUrl: string): Promise<string> {
  const name = `suture_tpl_${hashMigrations(createHash('sha256')).digest('hex').slice(0, 20)}`
  const exists = await admin(serverUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    return found.rowCount !== null && found.rowCount > 0
  })
  if (exists) return name
  // Built under a unique name and renamed when complete: a half-migrated template is never copied, and
  // of several workers building at once the first rename wins and the others drop theirs.
  const partial = `${name}_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin(serverUrl, (client) => client.query(`create database ${partial}`))
  try {
    const database = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, partial) })
    await database.close()
    await admin(serverUrl, (client) => client.query(`alter database ${partial} rename to ${name}`))
  } catch (error: unknown) {
    await admin(serverUrl, (client) => client.query(`drop database if exists ${partial} with (force)`))
    if ((error as { code?: unknown }).code !== DUPLICATE_DATABASE) throw error
  }
  return name
}
