import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { FixTicket } from '../tickets/ticket-source.js'
import { redirectContext } from './review-queue.js'

/** A reviewer's redirect of an earlier attempt: the context the next attempt must take into account. */
export interface RedirectNote {
  readonly attempt: number
  readonly comment: string
  readonly reviewedAt: Date
}

/** Where a run finds what reviewers said about the lineage's earlier proposals. */
export interface ReviewNotes {
  redirects(ticket: FixTicket): Promise<readonly RedirectNote[]>
}

/**
 * The review notes stored by the Review page (`fix_reviews`, the fixer's own table), read with
 * `redirectContext`: every redirect comment of the ticket's lineage, oldest first.
 *
 * @example
 * await runFixes({ config, source, runner, reviewNotes: new DbReviewNotes(db, projectId) })
 */
export class DbReviewNotes implements ReviewNotes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly projectId: string,
  ) {}

  redirects(ticket: FixTicket): Promise<readonly RedirectNote[]> {
    return redirectContext(this.db, this.projectId, ticket.id)
  }
}
