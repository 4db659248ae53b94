import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'

export interface StoredPairDecision {
  readonly a: string
  readonly b: string
  readonly answer: 'same' | 'different'
  readonly clusterA?: string | undefined
  readonly clusterB?: string | undefined
  readonly decidedBy?: string | undefined
  readonly decidedAt: string
}

/** Every human answer of a project, oldest first (a later answer on the same pair wins). */
export async function loadPairDecisions(
  db: Kysely<Database>,
  projectId: string,
): Promise<StoredPairDecision[]> {
  const rows = await db
    .selectFrom('pair_decisions')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('decided_at')
    .execute()
  return rows.map((r) => ({
    a: r.a,
    b: r.b,
    answer: r.answer,
    clusterA: r.cluster_a ?? undefined,
    clusterB: r.cluster_b ?? undefined,
    decidedBy: r.decided_by ?? undefined,
    decidedAt: new Date(r.decided_at).toISOString(),
  }))
}

export interface PairAnswerInput {
  readonly a: string
  readonly b: string
  readonly answer: 'same' | 'different'
  readonly decidedBy?: string | undefined
  readonly now?: Date | undefined
}

/**
 * Stores a human answer on a pair (idempotent: answering again replaces the answer). The pair's cluster
 * keys are looked up from the newest triage result that lists the pair, so later weeks can respect it.
 * @example
 * await storePairDecision(db, projectId, { a: 'env-1', b: 'env-9', answer: 'same', decidedBy: 'ana' })
 */
export async function storePairDecision(
  db: Kysely<Database>,
  projectId: string,
  input: PairAnswerInput,
): Promise<void> {
  const [a, b] = input.a < input.b ? [input.a, input.b] : [input.b, input.a]
  const pair = await db
    .selectFrom('cluster_pairs')
    .select(['cluster_a', 'cluster_b'])
    .where('project_id', '=', projectId)
    .where('a', '=', a)
    .where('b', '=', b)
    .orderBy('week', 'desc')
    .executeTakeFirst()
  const row = {
    project_id: projectId,
    a,
    b,
    answer: input.answer,
    cluster_a: pair?.cluster_a ?? null,
    cluster_b: pair?.cluster_b ?? null,
    decided_by: input.decidedBy ?? null,
    decided_at: input.now ?? new Date(),
  }
  await db
    .insertInto('pair_decisions')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['project_id', 'a', 'b']).doUpdateSet({
        answer: row.answer,
        cluster_a: row.cluster_a,
        cluster_b: row.cluster_b,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
      }),
    )
    .execute()
}
