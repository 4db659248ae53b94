/** @jsxImportSource hono/jsx */

import type { DecidedProposal, LoopNumbers, OpenProposal } from '@suture/fixer'
import type { TicketSummary } from '@suture/pm-agent'
import { raw } from 'hono/html'
import { Empty, Page, type PageChrome } from './layout.js'

/** Kept beside the page: the diff, the evidence and the action forms; inline so no stylesheet edit is needed. */
const REVIEW_CSS = `
.proposal { outline: none; }
.proposal.selected { border-color: var(--accent); box-shadow: 0 0 0 2px rgba(53,87,212,0.25); }
.proposal h2 { margin-bottom: 4px; overflow-wrap: anywhere; }
.proposal .reasoning { white-space: pre-wrap; overflow-wrap: anywhere; margin: 8px 0; }
pre.diff { background: #f8f9fb; border: 1px solid var(--line); border-radius: 6px; padding: 8px 0; overflow-x: auto; font-size: 12px; line-height: 1.5; margin: 8px 0; max-height: 420px; }
pre.diff span { display: block; padding: 0 10px; white-space: pre; min-width: max-content; }
pre.diff .add { background: #e6f6ec; color: #14532d; }
pre.diff .del { background: #fdecea; color: #7f1d1d; }
pre.diff .hunk { color: #3557d4; background: #eef2fd; }
pre.diff .file { color: var(--muted); font-weight: 600; }
.evidence { list-style: none; padding: 0; margin: 6px 0; }
.evidence li { margin: 4px 0; overflow-wrap: anywhere; }
.actions { display: grid; grid-template-columns: auto 1fr 1fr; gap: 12px; align-items: start; margin-top: 12px; }
.actions form { margin: 0; display: flex; flex-direction: column; gap: 6px; }
.actions textarea { font: inherit; width: 100%; min-height: 56px; border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
.btn.merge { background: #2e9d63; border-color: #2e9d63; color: #fff; }
.merge-note { margin: 0; max-width: 17em; font-size: 12px; }
.btn.wrong { border-color: #d9534f; color: #9c2622; }
kbd { font-family: ui-monospace, monospace; font-size: 11px; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; color: var(--ink); }
.keys { color: var(--muted); font-size: 13px; }
#numbers th[scope=row] { white-space: nowrap; }
.proposal .summary { font-weight: 600; margin: 4px 0; overflow-wrap: anywhere; }
.empty + #decided { margin-top: 16px; }
#decided td { white-space: nowrap; vertical-align: top; }
#decided td.decision { white-space: normal; min-width: 14em; }
#decided td.decision .meta { white-space: normal; }
.trend { margin: 8px 0 0; white-space: normal; overflow-wrap: anywhere; }
@media (max-width: 640px) {
  .actions { grid-template-columns: 1fr; }
  header.top .inner { gap: 6px 10px; padding: 6px 10px; height: auto; flex-wrap: wrap; }
  header.top nav { flex-wrap: wrap; order: 3; flex-basis: 100%; }
  header.top nav a { padding: 4px 8px; white-space: nowrap; }
  header.top .project { display: none; }
  .proposal .meta { white-space: normal; }
  main { padding: 16px 10px 40px; }
}
`

function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h`
  return `${Math.floor(hours / 24)} days`
}

function formatDuration(ms: number | null): string {
  if (ms === null) return '—'
  const hours = ms / 3600_000
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`
}

const usd = (n: number | null) => (n === null ? '—' : `$${n.toFixed(2)}`)
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`)

/** Each diff line in its own span; hono/jsx escapes the text, so a diff can carry `<script>` safely. */
function Diff(props: { diff: string }) {
  const lines = props.diff.replace(/\n$/, '').split('\n')
  return (
    <pre class="diff">
      {lines.map((line) => {
        const cls =
          line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ')
            ? 'file'
            : line.startsWith('@@')
              ? 'hunk'
              : line.startsWith('+')
                ? 'add'
                : line.startsWith('-')
                  ? 'del'
                  : undefined
        return <span class={cls}>{line === '' ? ' ' : line}</span>
      })}
    </pre>
  )
}

/** ↑ when the latest window's rate is 10 points over the earlier windows' mean (the digest's rule). */
function trendArrow(rates: readonly (number | null)[]): string {
  const last = rates[rates.length - 1] ?? null
  const earlier = rates.slice(0, -1).filter((r): r is number => r !== null)
  if (last === null || earlier.length === 0) return 'not enough reviews yet'
  const mean = earlier.reduce((a, b) => a + b, 0) / earlier.length
  return last - mean >= 0.1 ? '↑ worse' : last - mean <= -0.1 ? '↓ better' : '→ steady'
}

function NumbersTable(props: { week: LoopNumbers; all: LoopNumbers; trend: readonly (number | null)[] }) {
  const row = (label: string, n: LoopNumbers) => (
    <tr>
      <th scope="row">{label}</th>
      <td class="num">{n.signals}</td>
      <td class="num">{n.uniqueIssues}</td>
      <td class="num">{n.dispatched}</td>
      <td class="num">{n.proposals}</td>
      <td class="num">{n.merged}</td>
      <td class="num">{n.redirected}</td>
      <td class="num">{n.wrongTree}</td>
      <td class="num">{pct(n.wrongTreeRate)}</td>
      <td class="num">{formatDuration(n.medianSignalToMergeMs)}</td>
      <td class="num">{usd(n.costPerMergedUsd)}</td>
    </tr>
  )
  return (
    <div class="card" id="numbers">
      <h2>The loop's numbers</h2>
      <div class="wrap">
        <table>
          <thead>
            <tr>
              <th />
              <th class="num">Signals</th>
              <th class="num">Unique issues</th>
              <th class="num">Dispatched</th>
              <th class="num">Proposals</th>
              <th class="num">Merged</th>
              <th class="num">Redirected</th>
              <th class="num">Wrong-tree</th>
              <th class="num">Wrong-tree rate</th>
              <th class="num">Median signal → merge</th>
              <th class="num">Cost per merged fix</th>
            </tr>
          </thead>
          <tbody>
            {row('Last 7 days', props.week)}
            {row('All time', props.all)}
          </tbody>
        </table>
      </div>
      <p class="trend meta">
        Wrong-tree rate, last four weeks (oldest first): {props.trend.map(pct).join(' · ')} —{' '}
        <strong>{trendArrow(props.trend)}</strong>. It is the canary for triage going bad.
      </p>
    </div>
  )
}

const DECISION_LABEL: Record<string, { text: string; pill: string }> = {
  merged: { text: 'merged', pill: 'good' },
  redirected: { text: 'redirected', pill: 'warn' },
  'closed-wrong-tree': { text: 'closed as wrong-tree', pill: 'det' },
}

/** Who decided: a person on this page, GitHub (the sync job or webhook), or an external fixer's report. */
function decider(by: string): string {
  if (by.startsWith('github:')) return `${by.slice('github:'.length)} on GitHub`
  if (by.startsWith('fixer:')) return `reported by ${by.slice('fixer:'.length)}`
  if (by.startsWith('dashboard:')) return 'on this page'
  return by
}

function DecidedTable(props: { decided: readonly DecidedProposal[] }) {
  return (
    <div class="card" id="decided">
      <h2>Decided recently</h2>
      {props.decided.length === 0 ? (
        <p class="meta">No decisions yet.</p>
      ) : (
        <div class="wrap">
          <table>
            <thead>
              <tr>
                <th>Ticket</th>
                <th>Decision</th>
                <th>By</th>
                <th>When</th>
                <th>Pull request</th>
              </tr>
            </thead>
            <tbody>
              {props.decided.map((d) => {
                const label = DECISION_LABEL[d.decision] ?? { text: d.decision, pill: 'warn' }
                return (
                  <tr data-run={d.runId}>
                    <td>
                      {d.ticketIdentifier} · attempt {d.attempt}
                      {d.triggerSource === 'external' ? ` · ${d.agent}` : ''}
                    </td>
                    <td class="decision">
                      <span class={`pill ${label.pill}`}>{label.text}</span>
                      {d.comment && d.decision !== 'merged' ? <div class="meta">{d.comment}</div> : null}
                    </td>
                    <td>{decider(d.reviewedBy)}</td>
                    <td class="meta">{d.reviewedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
                    <td>
                      {d.proposalUrl ? (
                        <a href={d.proposalUrl}>{d.prState ? `PR (${d.prState})` : 'PR'}</a>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

/** What the merge form says it does: exactly what the server will do with it, no more. */
function mergeNote(p: OpenProposal, merges: boolean): string {
  if (merges) return 'Marks the draft ready for review, merges it on GitHub, then starts validation.'
  if (p.proposalUrl?.startsWith('http')) {
    return 'Records the decision only: validation starts when the merge is seen on GitHub (webhook or the 15-minute sync).'
  }
  return 'Records the decision only: this proposal is a local patch, apply it yourself.'
}

function ProposalCard(props: {
  proposal: OpenProposal
  ticket: TicketSummary | undefined
  chrome: PageChrome
  index: number
  merges: boolean
}) {
  const { proposal: p, ticket, chrome, merges } = props
  const action = `${chrome.base}/review/${encodeURIComponent(p.runId)}`
  const title = ticket?.title
  return (
    <article class="card proposal" id={`p-${p.runId}`} data-run={p.runId} tabindex={-1}>
      <h2>
        {ticket?.url ? <a href={ticket.url}>{p.ticketIdentifier}</a> : p.ticketIdentifier}
        {title ? ` · ${title}` : ''}
      </h2>
      <div class="meta">
        {p.triggerSource === 'external' ? <span class="pill warn">external fixer</span> : null} attempt{' '}
        {p.attempt} · {p.agent} · cost {usd(p.costUsd)} · waiting {formatAge(p.ageMs)} ·{' '}
        {p.proposalUrl ? <a href={p.proposalUrl}>pull request</a> : <code>{p.branch || 'no branch'}</code>}
        {p.prState ? ` (PR ${p.prState})` : ''}
      </div>
      {p.triggerSource === 'external' && p.detail ? <p class="summary">{p.detail}</p> : null}
      <h3 class="keys">Agent's reasoning</h3>
      <p class="reasoning">{p.reasoning ?? 'The agent left no reasoning.'}</p>
      <h3 class="keys">Reproduction</h3>
      {p.evidence.length === 0 ? (
        <p class="meta">No reproduction evidence recorded.</p>
      ) : (
        <ul class="evidence">
          {p.evidence.map((e) => (
            <li>
              <code>{e.test}</code>{' '}
              <span class={`pill ${e.before.code !== 0 ? 'det' : 'warn'}`}>
                {e.before.code !== 0 ? `fails before (exit ${e.before.code ?? '?'})` : 'passed before!'}
              </span>
              <span class={`pill ${e.after.code === 0 ? 'good' : 'det'}`}>
                {e.after.code === 0 ? 'passes after' : `fails after (exit ${e.after.code ?? '?'})`}
              </span>
              <details>
                <summary>output</summary>
                <pre class="sample">{`before:\n${e.before.tail}\n\nafter:\n${e.after.tail}`}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      <h3 class="keys">Diff</h3>
      {p.diff ? <Diff diff={p.diff} /> : <p class="meta">No diff recorded; see the pull request.</p>}
      <div class="actions">
        <form method="post" action={action} class="merge-form">
          <input type="hidden" name="_csrf" value={chrome.csrf} />
          <input type="hidden" name="decision" value="merged" />
          {merges ? <input type="hidden" name="merge" value="github" /> : null}
          <button class="btn merge" type="submit">
            {merges ? 'Merge' : 'Mark merged'} <kbd>m</kbd>
          </button>
          <p class="keys merge-note">{mergeNote(p, merges)}</p>
        </form>
        <form method="post" action={action} class="redirect-form">
          <input type="hidden" name="_csrf" value={chrome.csrf} />
          <input type="hidden" name="decision" value="redirected" />
          <label for={`redirect-${props.index}`} class="keys">
            Redirect: which way should the next attempt go?
          </label>
          <textarea id={`redirect-${props.index}`} name="comment" required maxlength={4000} />
          <button class="btn" type="submit">
            Redirect <kbd>r</kbd>
          </button>
        </form>
        <form method="post" action={action} class="wrong-form">
          <input type="hidden" name="_csrf" value={chrome.csrf} />
          <input type="hidden" name="decision" value="closed-wrong-tree" />
          <label for={`wrong-${props.index}`} class="keys">
            Wrong tree: why does this need a person?
          </label>
          <textarea id={`wrong-${props.index}`} name="comment" required maxlength={4000} />
          <button class="btn wrong" type="submit">
            Close as wrong-tree <kbd>w</kbd>
          </button>
        </form>
      </div>
    </article>
  )
}

export function ReviewPage(props: {
  chrome: PageChrome
  proposals: readonly OpenProposal[]
  decided: readonly DecidedProposal[]
  tickets: readonly TicketSummary[]
  week: LoopNumbers
  all: LoopNumbers
  trend: readonly (number | null)[]
  notice?: string | undefined
  /** Whether the server merges this PR on GitHub (a merger is configured and the PR is in its repository). */
  canMerge: (proposalUrl: string) => boolean
}) {
  const byCluster = new Map(props.tickets.map((t) => [t.clusterKey, t]))
  return (
    <Page title="Review" tab="review" chrome={props.chrome}>
      <style>{raw(REVIEW_CSS)}</style>
      <h1>Review</h1>
      <p class="sub">
        {props.proposals.length} proposal{props.proposals.length === 1 ? '' : 's'} waiting, oldest first.{' '}
        <span class="keys">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>m</kbd> merge · <kbd>r</kbd> redirect · <kbd>w</kbd>{' '}
          wrong-tree
        </span>
      </p>
      {props.notice ? (
        <div class="notice" role="status">
          {props.notice}
        </div>
      ) : null}
      {props.proposals.length === 0 ? (
        <Empty title="Nothing waits for review.">
          Proposals appear here when <code>suture fix</code> opens one or another fixer reports one with{' '}
          <code>suture fix report</code> or <code>POST /v1/fixes</code>.
        </Empty>
      ) : (
        props.proposals.map((p, index) => (
          <ProposalCard
            proposal={p}
            ticket={byCluster.get(p.clusterKey)}
            chrome={props.chrome}
            index={index}
            merges={p.proposalUrl !== null && props.canMerge(p.proposalUrl)}
          />
        ))
      )}
      <DecidedTable decided={props.decided} />
      <NumbersTable week={props.week} all={props.all} trend={props.trend} />
      <script src={`${props.chrome.base}/review.js`} defer />
    </Page>
  )
}
