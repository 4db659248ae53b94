/** @jsxImportSource hono/jsx */

import type { QuarantineEntry, StoppedLineage } from '@suture/pm-agent'
import { formatDateTime } from './format.js'
import { Empty, Page, type PageChrome } from './layout.js'

const ANDON_CSS = `
.andon table { width: 100%; }
.andon td { vertical-align: top; overflow-wrap: anywhere; }
.andon form { margin: 0; }
.andon form .btn { white-space: nowrap; }
@media (max-width: 640px) {
  .andon table, .andon tbody, .andon tr, .andon td { display: block; }
  .andon thead { display: none; }
  .andon tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  header.top .inner { gap: 6px 10px; padding: 6px 10px; height: auto; flex-wrap: wrap; }
  header.top nav { flex-wrap: wrap; order: 3; flex-basis: 100%; }
  header.top nav a { padding: 4px 8px; white-space: nowrap; }
  header.top .project { display: none; }
  main { padding: 16px 10px 40px; }
}
`

/**
 * What the andon cord and the stopping conditions took from the fixer, and the two buttons a person
 * uses after investigating: clear a route's quarantine, reset a lineage's counters. Both are recorded
 * with who and when (the CLI's `suture quarantine clear` / `suture lineage reset` do the same).
 */
export function AndonPage(props: {
  chrome: PageChrome
  quarantine: readonly QuarantineEntry[]
  lineages: readonly StoppedLineage[]
  notice?: string | undefined
}) {
  const { chrome } = props
  return (
    <Page title="Andon" tab="andon" chrome={chrome}>
      <style>{ANDON_CSS}</style>
      <div class="andon">
        <h1>Andon cord</h1>
        {props.notice ? <div class="notice">{props.notice}</div> : null}
        <div class="card" id="quarantine">
          <h2>Quarantined routes</h2>
          {props.quarantine.length === 0 ? (
            <Empty title="No route is quarantined">The fixer may take tickets on every route.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Route</th>
                  <th>Since</th>
                  <th>Why</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {props.quarantine.map((q) => (
                  <tr>
                    <td>
                      <code>{q.route}</code>
                    </td>
                    <td>
                      {formatDateTime(q.createdAt)} (release {q.release})
                    </td>
                    <td>{q.reason}</td>
                    <td>
                      <form method="post" action={`${chrome.base}/andon/quarantine/clear`}>
                        <input type="hidden" name="_csrf" value={chrome.csrf} />
                        <input type="hidden" name="route" value={q.route} />
                        <button class="btn" type="submit">
                          Clear quarantine
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div class="card" id="lineages">
          <h2>Stopped or retried lineages</h2>
          {props.lineages.length === 0 ? (
            <Empty title="Nothing stopped">No fix was reverted, escalated or retried.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Ticket</th>
                  <th>State</th>
                  <th>Attempts, cost</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {props.lineages.map((l) => (
                  <tr>
                    <td>
                      {l.url ? (
                        <a href={l.url}>{l.identifier ?? l.clusterKey}</a>
                      ) : (
                        (l.identifier ?? l.clusterKey)
                      )}{' '}
                      {l.title}
                    </td>
                    <td>
                      {l.validation === 'andon'
                        ? `andon cord (release ${l.release ?? '?'})`
                        : l.escalated
                          ? 'escalated to a person'
                          : 'retrying'}
                      {l.lastReset
                        ? ` · last reset by ${l.lastReset.by}, ${formatDateTime(l.lastReset.at)}`
                        : ''}
                    </td>
                    <td>
                      {l.iterations} · ${l.costUsd.toFixed(2)}
                    </td>
                    <td>
                      <form method="post" action={`${chrome.base}/andon/lineage/reset`}>
                        <input type="hidden" name="_csrf" value={chrome.csrf} />
                        <input type="hidden" name="ticket" value={l.ticketId ?? l.clusterKey} />
                        <button class="btn" type="submit">
                          Reset counters
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </Page>
  )
}
