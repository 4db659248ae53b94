import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from './index.js'

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../README.md')

/** The README's command table: `suture <name>` → what the row says it does. */
function readmeRows(): Map<string, string> {
  const text = readFileSync(README, 'utf8')
  const start = text.indexOf('| command | what it does')
  const table = text.slice(start, text.indexOf('\n\n', start)).split('\n').slice(2)
  return new Map(
    table.map((row) => {
      const [, name, what] = /^\| `suture ([^`]+)` \| (.*) \|$/.exec(row) ?? []
      return [name ?? row, (what ?? '').replace(/\\\|/g, '|')]
    }),
  )
}

describe("the README's command table", () => {
  it('has one row per command saying exactly what its --help says it does', () => {
    const rows = readmeRows()
    expect([...rows.keys()].sort()).toEqual(COMMANDS.map((c) => c.name).sort())
    for (const command of COMMANDS) expect(rows.get(command.name), command.name).toBe(command.summary)
  })

  it('does not claim that `suture digest` files tickets or validates fixes', () => {
    const digest = readmeRows().get('digest') ?? ''
    expect(digest).toContain('files no tickets and validates nothing')
  })
})
