import { serveMcpStdio } from '@suture/service'
import { openDatabase } from '@suture/store'
import type { Command } from '../command.js'
import { loadConfig } from '../config/load.js'
import { publicUrlOf } from '../config/public-url.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE } from '../storage-options.js'
import { projectForFixer } from './mcp-project.js'

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Serve the fix queue to a coding agent over MCP on stdio (Claude Code, Cursor)',
  usage: [`suture mcp [--project ID] ${STORAGE_USAGE}   # or SUTURE_SECRET_KEY=sut_sec_… picks the project`],
  options: {
    ...STORAGE_OPTIONS,
    project: {
      type: 'string',
      description: "the project the tools act on (default SUTURE_SECRET_KEY's project)",
    },
  },
  async run(ctx) {
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      const projectId = await projectForFixer(ctx, database)
      ctx.stderr.write(`suture mcp: serving project ${projectId} on stdio\n`)
      const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
      await serveMcpStdio({ db: database.db, projectId, publicUrl: publicUrlOf(config) })
      return 0
    } finally {
      await database.close()
    }
  },
}
