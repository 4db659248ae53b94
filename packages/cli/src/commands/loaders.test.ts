import { describe, expect, it } from 'vitest'
import { COMMANDS } from './index.js'
import { COMMAND_LOADERS } from './loaders.js'

describe('COMMAND_LOADERS', () => {
  it('loads every command by its name, and no other', async () => {
    expect(Object.keys(COMMAND_LOADERS).sort()).toEqual(COMMANDS.map((c) => c.name).sort())
    for (const command of COMMANDS) {
      const load = COMMAND_LOADERS[command.name] as () => Promise<unknown>
      expect(await load()).toBe(command)
    }
  })
})
