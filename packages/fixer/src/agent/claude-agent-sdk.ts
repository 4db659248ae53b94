/** The version `@suture/fixer` is built and tested against (its optional peer dependency's range). */
export const CLAUDE_AGENT_SDK_VERSION = '0.3.333'

const PACKAGE = '@anthropic-ai/claude-agent-sdk'

/**
 * Claude Code's Agent SDK is not installed. It is an optional peer of `@suture/fixer`: with Claude Code's
 * native binary it is about 400 MB, which a team that fixes through the MCP server or `--agent command`
 * (any coding agent) should not have to download.
 */
export class ClaudeAgentSdkMissingError extends Error {
  override readonly name = 'ClaudeAgentSdkMissingError'
  readonly packageName = PACKAGE

  constructor(options?: { cause?: unknown }) {
    super(
      `The Claude Code fixer needs ${PACKAGE}, which is not installed (it is optional: about 400 MB with ` +
        `Claude Code's binary). Install it beside Suture: npm install ${PACKAGE}@${CLAUDE_AGENT_SDK_VERSION} ` +
        `— or fix with any coding agent instead: suture fix --agent command --agent-command "…", or the MCP server (suture mcp).`,
      options,
    )
  }
}

type AgentSdk = typeof import('@anthropic-ai/claude-agent-sdk')

/** Whether `error` says that `specifier` itself could not be found (not a module it imports in turn). */
function isMissing(error: unknown, specifier: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${specifier}'`)
  )
}

let loaded: Promise<AgentSdk> | undefined

/**
 * Loads the Agent SDK on first use, so `@suture/fixer` (and the CLI) start and work without it.
 * @throws ClaudeAgentSdkMissingError when it is not installed.
 */
export function loadClaudeAgentSdk(
  load: () => Promise<unknown> = () => import('@anthropic-ai/claude-agent-sdk'),
  specifier = PACKAGE,
): Promise<AgentSdk> {
  const attempt = async () => {
    try {
      return (await load()) as AgentSdk
    } catch (error: unknown) {
      if (isMissing(error, specifier)) throw new ClaudeAgentSdkMissingError({ cause: error })
      throw error
    }
  }
  // Another loader (tests name a package that is not installed) is not the one this module remembers.
  if (specifier !== PACKAGE) return attempt()
  loaded ??= attempt().catch((error: unknown) => {
    // Installed later in the same process (a long-running worker): try again next time.
    loaded = undefined
    throw error
  })
  return loaded
}
