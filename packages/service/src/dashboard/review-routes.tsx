/** @jsxImportSource hono/jsx */

import {
  listOpenProposals,
  listRecentDecisions,
  loopNumbers,
  MergeNotRecordedError,
  type MergeRefusal,
  mergeProposal,
  type OnMerged,
  ProposalNotFoundError,
  PullRequestMergeError,
  type PullRequestMerger,
  ReviewReasonRequiredError,
  reviewProposal,
} from '@suture/fixer'
import { listTickets } from '@suture/pm-agent'
import type { SutureDatabase } from '@suture/store'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { startValidationOnMerge } from '../github/start-validation.js'
import type { DashboardUser } from './auth.js'
import { REVIEW_KEYS_JS } from './review-keys.js'
import { Page, type PageChrome } from './views/layout.js'
import { ReviewPage } from './views/review-page.js'

type ReviewEnv = { Variables: { user: DashboardUser } }

const reviewSchema = z.object({
  decision: z.enum(['merged', 'redirected', 'closed-wrong-tree']),
  comment: z.string().max(4000).optional(),
  // What the Merge button said it does: `github` merges there first; absent, the decision is only recorded.
  merge: z.enum(['github']).optional(),
  _csrf: z.string().max(100),
})

const DONE: Record<string, string> = {
  merged:
    'Recorded as merged. Validation starts when the merge is seen on GitHub (webhook or the 15-minute sync).',
  'merged-on-github': 'Merged on GitHub and recorded; post-merge validation has started.',
  redirected:
    'Redirected: the comment goes to the next attempt, and the ticket is back in the fixer’s queue.',
  'closed-wrong-tree': 'Closed as wrong-tree: the ticket left the auto-fixable queue for a person.',
}

/** GitHub said no (409: the PR's state is the problem) or could not be asked (502: GitHub or the token). */
const REFUSAL_STATUS: Record<MergeRefusal, 409 | 502> = {
  'not-mergeable': 409,
  'head-changed': 409,
  closed: 409,
  'not-this-repository': 409,
  'no-access': 502,
  unreachable: 502,
}

/**
 * The Review page (the morning queue of fixer proposals) and its three actions, on the dashboard's
 * authenticated sub-app: the session and CSRF checks of `createDashboardApp` run before these handlers.
 */
export function registerReviewRoutes(
  app: Hono<ReviewEnv>,
  deps: {
    readonly database: SutureDatabase
    readonly base: string
    readonly chrome: (c: Context<ReviewEnv>) => PageChrome
    readonly now?: () => Date
    /** Merge merges on GitHub through this; without it the button is "Mark merged" (records only). */
    readonly mergePullRequest?: PullRequestMerger | undefined
    readonly onMerged?: OnMerged | undefined
  },
): void {
  const db = deps.database.db
  const now = deps.now ?? (() => new Date())
  const merger = deps.mergePullRequest

  app.get('/review.js', (c) =>
    c.body(REVIEW_KEYS_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  )

  app.get('/review', async (c) => {
    const projectId = c.get('user').session.projectId
    const at = now()
    const weekMs = 7 * 86400_000
    // The last four 7-day windows, oldest first: the wrong-tree rate's trend (the last one is "this week").
    const windows = [3, 2, 1, 0].map((k) => ({
      from: new Date(at.getTime() - (k + 1) * weekMs),
      to: new Date(at.getTime() - k * weekMs),
    }))
    const [proposals, tickets, decided, all, ...weeks] = await Promise.all([
      listOpenProposals(db, projectId, at),
      listTickets(db, projectId),
      listRecentDecisions(db, projectId, 10),
      loopNumbers(db, projectId),
      ...windows.map((w) => loopNumbers(db, projectId, w)),
    ])
    const week = weeks[weeks.length - 1] ?? all
    const done = c.req.query('done')
    const already = c.req.query('already')
    const notice =
      already !== undefined
        ? `Already decided: ${already}. The first decision stands.`
        : done !== undefined
          ? DONE[done]
          : undefined
    return c.html(
      <ReviewPage
        chrome={deps.chrome(c)}
        proposals={proposals}
        decided={decided}
        tickets={tickets}
        week={week}
        all={all}
        trend={weeks.map((n) => n.wrongTreeRate)}
        notice={notice}
        canMerge={(url) => merger?.canMerge(url) ?? false}
      />,
    )
  })

  app.post('/review/:runId', async (c) => {
    const refuse = (status: 400 | 404 | 409 | 502, message: string, title = 'Not recorded') =>
      c.html(
        <Page title={title} tab="review" chrome={deps.chrome(c)}>
          <div class="error" role="alert">
            {message}
          </div>
          <a href={`${deps.base}/review`}>Back to the review queue</a>
        </Page>,
        status,
      )
    const parsed = reviewSchema.safeParse(await c.req.parseBody())
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'decision'
      return refuse(400, `The field "${field}" is missing or invalid; decide from the Review page.`)
    }
    const user = c.get('user')
    const reviewedBy = `dashboard:${user.session.keyId}`
    const decided = (
      review: { decision: string; reviewedBy: string; reviewedAt: Date },
      done: string | null,
    ) =>
      c.redirect(
        `${deps.base}/review?${
          done !== null
            ? `done=${done}`
            : `already=${encodeURIComponent(`${review.decision} by ${review.reviewedBy} at ${review.reviewedAt.toISOString()}`)}`
        }`,
        303,
      )
    if (parsed.data.merge === 'github') {
      if (parsed.data.decision !== 'merged') {
        return refuse(
          400,
          'The field "merge" goes with the decision "merged" only; decide from the Review page.',
        )
      }
      if (!merger) {
        return refuse(
          400,
          'This server cannot merge on GitHub (no GITHUB_TOKEN and fix repository configured); nothing was recorded. Reload the Review page: its button records the decision only.',
        )
      }
      try {
        const result = await mergeProposal(
          db,
          user.session.projectId,
          { runId: c.req.param('runId'), reviewedBy },
          { merger, onMerged: deps.onMerged ?? startValidationOnMerge, now: now() },
        )
        return decided(result.review, result.created ? 'merged-on-github' : null)
      } catch (error: unknown) {
        if (error instanceof ProposalNotFoundError) return refuse(404, error.message)
        if (error instanceof PullRequestMergeError) {
          return refuse(REFUSAL_STATUS[error.reason], error.message, 'Not merged')
        }
        if (error instanceof MergeNotRecordedError) return refuse(502, error.message, 'Merged, not recorded')
        throw error
      }
    }
    try {
      const { review, created } = await reviewProposal(
        db,
        user.session.projectId,
        {
          runId: c.req.param('runId'),
          decision: parsed.data.decision,
          comment: parsed.data.comment,
          reviewedBy,
        },
        now(),
      )
      return decided(review, created ? review.decision : null)
    } catch (error: unknown) {
      if (error instanceof ReviewReasonRequiredError) return refuse(400, error.message)
      if (error instanceof ProposalNotFoundError) return refuse(404, error.message)
      throw error
    }
  })
}
