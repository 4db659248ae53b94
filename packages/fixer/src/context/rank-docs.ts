/** A Markdown document of the target repository. */
export interface RepoDoc {
  /** Path relative to the repository root. */
  readonly path: string
  readonly text: string
}

export interface RankedDoc extends RepoDoc {
  readonly score: number
}

const STOP = new Set(
  'the a an and or of to in on for with is are was be by at as it this that from not no do does can you your we our if then else when which what how'.split(
    ' ',
  ),
)

/** Lower-case word tokens; camelCase and snake_case split so `inviteForm` matches "invite form". */
export function tokenize(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1 && !STOP.has(t))
}

/**
 * Ranks documents by BM25 (k1 1.2, b 0.75) against `query`: the fixer's "phase 0", so the agent starts
 * with the repository's own explanations of the code it is about to touch. A document's path counts as
 * part of its text (`docs/members.md` is about members). Documents with no matching term are dropped.
 *
 * @example
 * const top = rankDocs(ticket.title + '\n' + ticket.body, docs).slice(0, 3)
 */
export function rankDocs(query: string, docs: readonly RepoDoc[], k1 = 1.2, b = 0.75): RankedDoc[] {
  const terms = [...new Set(tokenize(query))]
  if (terms.length === 0 || docs.length === 0) return []
  const tokenized = docs.map((doc) => tokenize(`${doc.path.replace(/[/._-]/g, ' ')} ${doc.text}`))
  const avgLength = tokenized.reduce((sum, t) => sum + t.length, 0) / docs.length || 1
  const df = new Map<string, number>()
  for (const tokens of tokenized) for (const term of new Set(tokens)) df.set(term, (df.get(term) ?? 0) + 1)
  const ranked: RankedDoc[] = []
  docs.forEach((doc, i) => {
    const tokens = tokenized[i] ?? []
    const tf = new Map<string, number>()
    for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1)
    let score = 0
    for (const term of terms) {
      const f = tf.get(term)
      if (!f) continue
      const n = df.get(term) ?? 0
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5))
      score += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * tokens.length) / avgLength))
    }
    if (score > 0) ranked.push({ ...doc, score })
  })
  return ranked.sort((a, b2) => b2.score - a.score || a.path.localeCompare(b2.path))
}
