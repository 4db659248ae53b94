import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'

/** A stored answer on a needs-confirmation pair, and who gave it. */
export interface StoredPairAnswer {
  readonly answer: 'same' | 'different'
  /** A person's name, `model:<id>` for the Claude judge, or undefined when nobody was named. */
  readonly decidedBy: string | undefined
}

/**
 * The stored answers of a project's pairs, keyed both ways round (`a\0b` and `b\0a`), optionally only
 * for pairs whose smaller id is in `ids`. The Clusters page and the issue page read them alike.
 */
export async function loadPairAnswers(
  db: Kysely<Database>,
  projectId: string,
  ids?: readonly string[],
): Promise<Map<string, StoredPairAnswer>> {
  const answers = new Map<string, StoredPairAnswer>()
  if (ids !== undefined && ids.length === 0) return answers
  let query = db
    .selectFrom('pair_decisions')
    .select(['a', 'b', 'answer', 'decided_by'])
    .where('project_id', '=', projectId)
  if (ids !== undefined) query = query.where((eb) => eb.or([eb('a', 'in', ids), eb('b', 'in', ids)]))
  for (const d of await query.execute()) {
    const answer = { answer: d.answer, decidedBy: d.decided_by ?? undefined }
    answers.set(`${d.a}\u0000${d.b}`, answer)
    answers.set(`${d.b}\u0000${d.a}`, answer)
  }
  return answers
}
