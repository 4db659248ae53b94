import { safeParseWith } from '@suture/envelope'
import { type AppliedPrState, applyPullRequestState, type OnMerged, pullStateOf } from '@suture/fixer'
import { z } from 'zod'
import type { RegisterRoutes } from '../server/context.js'
import { HttpError } from '../server/http-error.js'
import { parseJsonBytes, readRawBody } from '../server/read-body.js'
import { verifyGitHubSignature } from './signature.js'
import { startValidationOnMerge } from './start-validation.js'

export const GITHUB_WEBHOOK_PATH = '/v1/github/webhook'

/** GitHub caps deliveries at 25 MB; a `pull_request` payload is tens of kB, so 5 MB leaves room. */
const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024

export interface GitHubWebhookOptions {
  /** The webhook's secret, as entered in the repository's webhook settings. */
  readonly secret: string | undefined
  /** Default: the server's `onMerged`, else pm-agent's post-merge validation (`startValidationOnMerge`). */
  readonly onMerged?: OnMerged | undefined
}

const timestamp = z.string().datetime({ offset: true }).nullish()

/** The part of a `pull_request` event the loop reads; everything else in the payload is ignored. */
const pullRequestEventSchema = z.object({
  action: z.string().min(1),
  pull_request: z.object({
    html_url: z.string().url(),
    state: z.enum(['open', 'closed']),
    merged: z.boolean().nullish(),
    merged_at: timestamp,
    closed_at: timestamp,
    merge_commit_sha: z.string().max(100).nullish(),
    merged_by: z.object({ login: z.string().max(100) }).nullish(),
  }),
  sender: z.object({ login: z.string().max(100) }).nullish(),
})

function header(c: { req: { header(name: string): string | undefined } }, name: string): string {
  const value = c.req.header(name)?.trim()
  if (!value)
    throw new HttpError(400, 'missing_header', `${name}: required; GitHub sends it with every delivery.`)
  return value
}

/**
 * `POST /v1/github/webhook`: GitHub's `pull_request` events keep the Review queue in step with GitHub (a
 * merge there shows as merged, counts in the loop's numbers and starts validation; a close without merge
 * sends the ticket to a person). No Suture key: the body must carry a valid `X-Hub-Signature-256` for the
 * configured secret (401 otherwise). `X-GitHub-Delivery` makes a redelivery answer what the first
 * delivery did without acting again. `ping` is answered; other events are acknowledged and ignored.
 */
export function githubWebhookRoutes(options: GitHubWebhookOptions): RegisterRoutes {
  return (app, deps) => {
    app.post(GITHUB_WEBHOOK_PATH, async (c) => {
      if (!options.secret) {
        throw new HttpError(
          404,
          'webhook_not_configured',
          'The GitHub webhook is off: set SUTURE_GITHUB_WEBHOOK_SECRET on the server to the secret entered in GitHub.',
        )
      }
      const body = await readRawBody(c, WEBHOOK_BODY_LIMIT)
      const signature = c.req.header('x-hub-signature-256')
      if (signature === undefined) {
        throw new HttpError(
          401,
          'missing_signature',
          'X-Hub-Signature-256: required; give the webhook a secret in GitHub (the same as SUTURE_GITHUB_WEBHOOK_SECRET).',
        )
      }
      if (!verifyGitHubSignature(options.secret, body, signature)) {
        throw new HttpError(
          401,
          'bad_signature',
          'X-Hub-Signature-256 does not match this body: the webhook secret in GitHub differs from SUTURE_GITHUB_WEBHOOK_SECRET.',
        )
      }
      const event = header(c, 'X-GitHub-Event')
      const delivery = header(c, 'X-GitHub-Delivery')
      if (delivery.length > 100)
        throw new HttpError(400, 'invalid_header', 'X-GitHub-Delivery: at most 100 characters.')
      if (event === 'ping') return c.json({ status: 'pong' })
      if (event !== 'pull_request') return c.json({ status: 'ignored', event }, 202)

      const parsed = safeParseWith(pullRequestEventSchema, parseJsonBytes(body))
      if (!parsed.ok) {
        const first = parsed.issues[0]
        throw new HttpError(
          400,
          'invalid_payload',
          `${first?.path ?? '(root)'}: ${first?.message ?? 'invalid'}`,
          {
            issues: parsed.issues,
          },
        )
      }
      const payload = parsed.value
      const state = pullStateOf(payload.pull_request, payload.sender?.login ?? null)
      const db = deps.database.db
      const result = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto('github_deliveries')
          .values({ delivery_id: delivery, event, summary: '', received_at: new Date() })
          .onConflict((oc) => oc.column('delivery_id').doNothing())
          .returning('delivery_id')
          .executeTakeFirst()
        if (!claimed) {
          const first = await trx
            .selectFrom('github_deliveries')
            .select('summary')
            .where('delivery_id', '=', delivery)
            .executeTakeFirstOrThrow()
          return { duplicate: true, summary: first.summary, applied: [] as AppliedPrState[] }
        }
        const applied = await applyPullRequestState(trx, state, {
          onMerged: options.onMerged ?? deps.onMerged ?? startValidationOnMerge,
        })
        const summary =
          applied.length === 0
            ? `${state.url} is ${state.state}: not a Suture proposal`
            : applied.map((a) => `${a.runId} ${a.state}${a.decided ? ` → ${a.decision}` : ''}`).join('; ')
        await trx
          .updateTable('github_deliveries')
          .set({ summary })
          .where('delivery_id', '=', delivery)
          .execute()
        return { duplicate: false, summary, applied }
      })
      return c.json({
        status: result.duplicate ? 'duplicate' : 'applied',
        delivery,
        summary: result.summary,
        proposals: result.applied.map((a) => ({
          runId: a.runId,
          state: a.state,
          changed: a.changed,
          decision: a.decision,
        })),
      })
    })
  }
}
