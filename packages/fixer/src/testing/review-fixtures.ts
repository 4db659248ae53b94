import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { DbOutcomeSink } from '../outcome/db-outcome-sink.js'
import type { FixRunRecord } from '../outcome/outcome-row.js'

/** The diff of the demo app's planted members fix, as a proposal would carry it. */
export const MEMBERS_DIFF = `diff --git a/src/members.js b/src/members.js
--- a/src/members.js
+++ b/src/members.js
@@ -3,3 +3,3 @@ export function memberLabel(member) {
-  return member.inviter.name + ' invited ' + member.name
+  return (member.inviter?.name ?? 'Someone') + ' invited ' + member.name
 }
+// <script>alert(1)</script> must render as text
`

/**
 * Writes one fixer run that ended in a proposal (outcome row, reasoning, evidence, diff), the way a
 * run of the harness leaves it. For the review queue's tests and the dashboard's.
 */
export async function seedProposal(
  db: Kysely<Database>,
  projectId: string,
  overrides: Partial<FixRunRecord> & { readonly reasoning?: string; readonly diff?: string } = {},
): Promise<FixRunRecord> {
  const { reasoning, diff, ...rest } = overrides
  const row: FixRunRecord = {
    run_id: 'fix-1',
    ticket_id: 't-1',
    ticket_identifier: 'LOCAL-1',
    cluster_key: 'cluster-members',
    attempt: 1,
    trigger_source: 'schedule',
    agent: 'claude-code',
    repo: '/src/web',
    branch: 'suture/LOCAL-1-0123abcd',
    base_commit: 'a'.repeat(40),
    head_commit: 'b'.repeat(40),
    worker: 0,
    started: '2026-12-02T03:31:18.000Z',
    finished: '2026-12-02T03:47:02.000Z',
    stages: {},
    outcome: 'proposed',
    detail: 'draft pull request https://github.com/acme/web/pull/1',
    cost_usd: 1.5,
    tokens: { input: 1000, output: 200, cache_read: 0, cache_creation: 0 },
    proposal_url: 'https://github.com/acme/web/pull/1',
    review_outcome: null,
    regressions_detected_24h: null,
    review_details: {
      reasoning:
        reasoning ?? 'member.inviter is null for members who joined by link; fall back to "Someone".',
      evidence: [
        {
          test: 'src/members.test.js',
          before: { code: 1, tail: "TypeError: Cannot read properties of null (reading 'name')" },
          after: { code: 0, tail: '# pass 3' },
        },
      ],
      diff: diff ?? MEMBERS_DIFF,
    },
    ...rest,
  }
  // Through the outcome sink, as the harness records a proposal.
  await new DbOutcomeSink(db, projectId).record(row)
  return row
}
