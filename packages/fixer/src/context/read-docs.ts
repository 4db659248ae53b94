import { git, isRemoteRepo } from '../checkout/git.js'
import type { RepoDoc } from './rank-docs.js'

const SKIP = /(^|\/)(node_modules|dist|build|vendor|\.git|coverage|\.suture)\//
const MAX_DOC_BYTES = 200_000

/**
 * The repository's Markdown documents at `ref`, read from git (no checkout needed, so a dry run writes
 * nothing). CHANGELOGs and licences are skipped: long, and never what explains a bug.
 */
export async function readRepoDocs(repo: string, ref: string, maxDocs = 500): Promise<RepoDoc[]> {
  if (isRemoteRepo(repo)) return []
  const listing = await git(repo, ['ls-tree', '-r', '-z', '--name-only', ref])
  const paths = listing
    .split('\0')
    .filter((p) => /\.mdx?$/i.test(p) && !SKIP.test(p) && !/(^|\/)(CHANGELOG|LICEN[CS]E)[^/]*$/i.test(p))
    .slice(0, maxDocs)
  const docs: RepoDoc[] = []
  for (const p of paths) {
    const text = await git(repo, ['show', `${ref}:${p}`])
    docs.push({ path: p, text: text.slice(0, MAX_DOC_BYTES) })
  }
  return docs
}
