/** @jsxImportSource hono/jsx */
import type { DashboardLinks, LocalTicketView } from '@suture/pm-agent'
import { raw } from 'hono/html'
import { formatDateTime } from './format.js'
import { Page, type PageChrome } from './layout.js'
import { renderSafeMarkdown } from './safe-markdown.js'

const PRIORITY = ['none', 'urgent', 'high', 'medium', 'low']

function stateClass(state: string): string {
  return state === 'done' ? 'good' : state === 'open' ? 'p2' : ''
}

/** A local ticket: the body as safe HTML, its state, labels, links and comments, oldest first. */
export function TicketPage(props: { chrome: PageChrome; ticket: LocalTicketView; links: DashboardLinks }) {
  const t = props.ticket
  return (
    <Page title={`${t.identifier} ${t.title}`} tab="issues" chrome={props.chrome}>
      <p class="crumbs">
        <a href={props.links.issues()}>Issues</a>
        {t.clusterKey ? (
          <>
            {' › '}
            <a href={props.links.issue(t.clusterKey)}>the issue</a>
          </>
        ) : null}
        {` › ${t.identifier}`}
      </p>
      <h1>
        <span class="mono">{t.identifier}</span> {t.title}
      </h1>
      <div class="ticket-meta">
        <span class={`pill ${stateClass(t.state)}`}>{t.state}</span>
        <span class={`pill ${t.priority === 1 ? 'p1' : t.priority === 2 ? 'p2' : ''}`}>
          {`P${t.priority} ${PRIORITY[t.priority] ?? ''}`}
        </span>
        {t.labels.map((l) => (
          <span class="pill">{l}</span>
        ))}
        <span class="meta">
          {`opened ${formatDateTime(t.createdAt)} · updated ${formatDateTime(t.updatedAt)}`}
          {t.closedAt ? ` · closed ${formatDateTime(t.closedAt)}` : ''}
        </span>
      </div>
      <article class="card markdown" aria-label="Ticket body">
        {raw(renderSafeMarkdown(t.body))}
      </article>
      {t.links.length > 0 ? (
        <section class="card">
          <h2>Links</h2>
          <ul>
            {t.links.map((l) => (
              <li>
                {/^https?:\/\//i.test(l.url) ? (
                  <a href={l.url} rel="noopener noreferrer">
                    {l.title}
                  </a>
                ) : (
                  <span>{l.title}</span>
                )}{' '}
                <span class="meta wrap-any">{l.url}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="card">
        <h2>{`Comments (${t.comments.length})`}</h2>
        {t.comments.length === 0 ? (
          <p class="sub">
            No comments yet. Suture comments when the counts change, on reopen and on validation.
          </p>
        ) : (
          <ol class="comments">
            {t.comments.map((c) => (
              <li>
                <div class="meta">{formatDateTime(c.createdAt)}</div>
                <div class="markdown">{raw(renderSafeMarkdown(c.body))}</div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </Page>
  )
}
