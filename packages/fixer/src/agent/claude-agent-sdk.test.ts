import { describe, expect, it } from 'vitest'
import { ClaudeAgentSdkMissingError, loadClaudeAgentSdk } from './claude-agent-sdk.js'

describe('loadClaudeAgentSdk', () => {
  it('loads the installed Agent SDK on first use', async () => {
    const sdk = await loadClaudeAgentSdk()
    expect(typeof sdk.query).toBe('function')
  })

  it('says how to install it when it is not installed', async () => {
    // A package that is not installed, imported the same way: Node's own "cannot find package" error.
    const missing = '@anthropic-ai/claude-agent-sdk-not-installed'
    const error = await loadClaudeAgentSdk(() => import(missing), missing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ClaudeAgentSdkMissingError)
    expect((error as Error).message).toMatch(/npm install @anthropic-ai\/claude-agent-sdk@0\.3\.333/)
    expect((error as Error).message).toMatch(/--agent command/)
  })

  it('passes on any other failure unchanged', async () => {
    const broken = new Error('the SDK threw while loading')
    const error = await loadClaudeAgentSdk(
      () => Promise.reject(broken),
      '@anthropic-ai/claude-agent-sdk-broken',
    ).catch((e: unknown) => e)
    expect(error).toBe(broken)
  })
})
