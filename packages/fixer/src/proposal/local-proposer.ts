import { access, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { git } from '../checkout/git.js'
import type { Proposal, ProposalRequest, Proposer } from './proposer.js'

/**
 * Without a GitHub token: the branch stays in the local repository and the change is written as a patch
 * (`git format-patch`, with the PR body as its description) to `<outputDir>/<branch>.patch`.
 */
export class LocalProposer implements Proposer {
  readonly kind = 'local' as const
  constructor(private readonly outputDir: string) {}

  private file(branch: string): string {
    return path.join(this.outputDir, `${branch.replace(/[/\\]/g, '__')}.patch`)
  }

  async find(branch: string): Promise<Proposal | null> {
    const file = this.file(branch)
    try {
      await access(file)
      return { kind: 'local', url: pathToFileURL(file).href, created: false }
    } catch {
      return null
    }
  }

  async propose(request: ProposalRequest): Promise<Proposal> {
    const existing = await this.find(request.branch)
    if (existing) return existing
    const patch = await git(request.dir, ['format-patch', '--stdout', `${request.baseCommit}..HEAD`])
    const file = this.file(request.branch)
    await mkdir(this.outputDir, { recursive: true })
    await writeFile(
      file,
      `${request.title}\n\n${request.body}\n\nBranch: ${request.branch} (base ${request.baseBranch})\n\n${patch}`,
      'utf8',
    )
    return { kind: 'local', url: pathToFileURL(file).href, created: true }
  }
}
