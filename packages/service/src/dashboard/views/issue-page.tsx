/** @jsxImportSource hono/jsx */
import type { DashboardLinks, IssueSample, IssueView, TicketSummary } from '@suture/pm-agent'
import { answeredBy, formatDateTime } from './format.js'
import { Page, type PageChrome } from './layout.js'
import { Sparkline } from './sparkline.js'

const PRIORITY = ['none', 'urgent', 'high', 'medium', 'low']

function TicketLink(props: { ticket: TicketSummary; links: DashboardLinks }) {
  const t = props.ticket
  const name = t.identifier ?? 'ticket'
  // Local tickets have a page here; Linear's open in Linear.
  const href = t.tracker === 'local' && t.identifier ? props.links.ticket(t.identifier) : t.url
  return (
    <span>
      {href && /^(https?:\/\/|\/)/.test(href) ? <a href={href}>{name}</a> : <span class="mono">{name}</span>}{' '}
      <span class="pill">{t.state}</span>
      {t.escalated ? <span class="pill det">escalated</span> : null}
      {t.reopenCount > 0 ? <span class="pill warn">{`reopened ×${t.reopenCount}`}</span> : null}
    </span>
  )
}

function position(file: string, line: number | undefined, column: number | undefined): string {
  return `${file}${line === undefined ? '' : `:${line}`}${column === undefined ? '' : `:${column}`}`
}

/** The source lines around a frame, numbered, its own line marked, as the ticket shows them. */
function SourceContext(props: {
  line: number
  context: { pre: readonly string[]; line: string; post: readonly string[] }
}) {
  const { pre, line, post } = props.context
  const first = props.line - pre.length
  const rows = [...pre, line, ...post].map((text, i) => {
    const n = first + i
    return `${n === props.line ? '>' : ' '} ${String(n).padStart(4)} | ${text}`
  })
  return <pre class="context">{rows.join('\n')}</pre>
}

function Sample(props: { sample: IssueSample; links: DashboardLinks; open: boolean }) {
  const s = props.sample
  const flags = Object.entries(s.flags)
  return (
    <details class="card sample" open={props.open}>
      <summary>
        {`${formatDateTime(s.occurredAt ? new Date(s.occurredAt) : undefined)}${s.release ? ` · ${s.release}` : ''}${s.environment ? ` · ${s.environment}` : ''}`}
      </summary>
      {s.attempting ? <p class="attempting">{s.attempting}</p> : null}
      {s.url ? (
        <p class="meta">
          on <code>{s.url}</code>
        </p>
      ) : null}
      {s.sessionId ? (
        <p>
          <a href={props.links.session(s.sessionId)}>Open the session's timeline</a>
        </p>
      ) : null}
      <h3>Breadcrumbs</h3>
      {s.breadcrumbs.length === 0 ? (
        <p class="sub">None recorded.</p>
      ) : (
        <ol class="crumb-list">
          {s.breadcrumbs.map((b) => (
            <li>
              <span class="meta">{b.ts.slice(11, 19)}</span> <span class="pill">{b.type}</span> {b.label}
            </li>
          ))}
        </ol>
      )}
      <h3>Flags</h3>
      {flags.length === 0 ? (
        <p class="sub">None.</p>
      ) : (
        <p>
          {flags.map(([k, v]) => (
            <span class="pill">{`${k}: ${JSON.stringify(v)}`}</span>
          ))}
        </p>
      )}
      <h3>Stack</h3>
      {s.frames.length === 0 ? (
        s.rawStack ? (
          <pre class="sample">{s.rawStack}</pre>
        ) : (
          <p class="sub">No stack.</p>
        )
      ) : (
        <ol class="frames">
          {s.frames.map((f) => {
            const minified = position(f.file ?? '?', f.line, f.column)
            const o = f.original
            if (o === undefined)
              return (
                <li class={f.inApp ? 'in-app' : 'lib'}>
                  <code>{f.function ?? '(anonymous)'}</code> <span class="meta">{minified}</span>
                </li>
              )
            // The original position from the uploaded source map first; the minified one as reported, beside it.
            return (
              <li class={f.inApp ? 'in-app' : 'lib'}>
                <code>{o.function ?? f.function ?? '(anonymous)'}</code>{' '}
                <span class="mono">{position(o.file, o.line, o.column)}</span>{' '}
                <span class="meta">{`(minified: ${minified})`}</span>
                {/* Library code (node_modules) is not the user's to read: its context stays folded away. */}
                {o.context && f.inApp && !o.file.includes('node_modules/') ? (
                  <SourceContext line={o.line} context={o.context} />
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
    </details>
  )
}

/** One issue: what users were attempting first, then the evidence a person needs to act on it. */
export function IssuePage(props: {
  chrome: PageChrome
  issue: IssueView
  links: DashboardLinks
  otherProject?: boolean
}) {
  const i = props.issue
  const attempting = [
    ...new Set([i.attempting, ...i.samples.map((s) => s.attempting)].filter((a): a is string => !!a)),
  ]
  return (
    <Page title={i.title} tab="issues" chrome={props.chrome}>
      <p class="crumbs">
        <a href={props.links.issues(i.week)}>{`Issues · ${i.week}`}</a>
      </p>
      <h1 class="issue-title">{i.title}</h1>
      <div class="ticket-meta">
        {i.triaged ? (
          <span class={`pill ${i.priority === 1 ? 'p1' : i.priority === 2 ? 'p2' : ''}`}>
            {`P${i.priority} ${PRIORITY[i.priority] ?? ''}`}
          </span>
        ) : null}
        <span class={`pill ${i.decision === 'held-for-humans' ? 'held' : ''}`}>{i.decision}</span>
        <span class="pill">{i.kind}</span>
        {i.autoFixable ? <span class="pill good">auto-fixable</span> : null}
        {i.department ? <span class="pill">{i.department}</span> : null}
        {i.route ? <code>{i.route}</code> : null}
      </div>

      <section class="card attempting-card">
        <h2>What users were attempting</h2>
        {attempting.length === 0 ? (
          <p class="sub">The SDK did not say; the breadcrumbs below show what they did.</p>
        ) : (
          <ul>
            {attempting.map((a) => (
              <li>{a}</li>
            ))}
          </ul>
        )}
        {i.feedback.length > 0 ? (
          <>
            <h3>In their words</h3>
            {i.feedback.map((f) => (
              <blockquote>
                {f.text}
                {f.count > 1 ? <span class="meta">{` — ${f.count} reports said this`}</span> : null}
                {f.rating === undefined ? null : <span class="meta">{` — rated ${f.rating}/10`}</span>}
              </blockquote>
            ))}
          </>
        ) : null}
      </section>

      <div class="stats">
        <div class="stat">
          <b>{i.counts.signals}</b>
          <span>events</span>
        </div>
        <div class="stat">
          <b>{i.counts.users === 0 ? '—' : i.counts.users}</b>
          <span>{i.counts.users === 0 ? 'users (no getActor)' : 'users'}</span>
        </div>
        <div class="stat">
          <b>{i.counts.sessions}</b>
          <span>sessions</span>
        </div>
        <div class="stat">
          <b>{i.counts.workspaces}</b>
          <span>workspaces</span>
        </div>
        <div class="stat">
          <Sparkline values={i.weeks.map((w) => w.signals)} label="Events per triaged week" />
          <span>{`${i.weeks.length} week${i.weeks.length === 1 ? '' : 's'}`}</span>
        </div>
      </div>

      <div class="grid">
        <section class="card">
          <h2>Ticket</h2>
          {i.ticket ? (
            <TicketLink ticket={i.ticket} links={props.links} />
          ) : (
            <p class="sub">{`No ticket: ${i.decisionReason}`}</p>
          )}
          {i.heldReasons.length > 0 ? (
            <p>
              Held for a person: <span>{i.heldReasons.join('; ')}</span>
            </p>
          ) : null}
          <dl class="dl">
            <dt>First seen</dt>
            <dd>{formatDateTime(i.firstSeen)}</dd>
            <dt>Last seen</dt>
            <dd>{formatDateTime(i.lastSeen)}</dd>
            <dt>Releases</dt>
            <dd>{i.releases.length === 0 ? '—' : i.releases.map((r) => <span class="pill">{r}</span>)}</dd>
            <dt>Fingerprints</dt>
            <dd class="mono wrap-any">{i.fingerprints.join(', ') || '—'}</dd>
          </dl>
        </section>
        <section class="card">
          <h2>Validation</h2>
          {i.validations.length === 0 ? (
            <p class="sub">
              {i.ticket?.fixRelease
                ? `Fix shipped in ${i.ticket.fixRelease}; waiting for enough traffic to judge it.`
                : 'No fix shipped yet.'}
            </p>
          ) : (
            <ol class="plain">
              {i.validations.map((v) => (
                <li>
                  <span class="pill">{v.verdict}</span>
                  {` ${v.release}, ${v.evaluatedOn}: ${v.beforeCount} → ${v.afterCount} (×${v.rateRatio.toFixed(2)}), ${v.action}`}
                  <div class="meta wrap-any">{v.evidence}</div>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section class="card">
        <h2>Code pointers</h2>
        {i.codePointers.length === 0 ? (
          <p class="sub">
            {i.triaged
              ? 'No file in the repository matched the stack or the route.'
              : 'Triage matches the stack and the route to files in the repository when it groups this error.'}
          </p>
        ) : (
          <ul>
            {i.codePointers.map((p) => (
              <li>
                <code>{`${p.file}${p.line === undefined ? '' : `:${p.line}`}`}</code>
                {p.function ? <span class="meta">{` in ${p.function}`}</span> : null}
                {p.owners.length > 0 ? <span class="meta">{` · owners ${p.owners.join(', ')}`}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <h2>Samples</h2>
      {i.samples.length === 0 ? <p class="sub">No error sample (a feedback or session cluster).</p> : null}
      {i.samples.map((s, n) => (
        <Sample sample={s} links={props.links} open={n === 0} />
      ))}

      <section class="card">
        <h2>{`Sessions it touched (${i.sessionIds.length} shown of ${i.counts.sessions})`}</h2>
        {i.sessionIds.length === 0 ? (
          <p class="sub">None recorded.</p>
        ) : (
          <ul class="inline-list">
            {i.sessionIds.map((id) => (
              <li>
                <a class="mono" href={props.links.session(id)}>
                  {id.length > 14 ? `${id.slice(0, 14)}…` : id}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" id="pairs">
        <h2>Needs confirmation</h2>
        {i.pairs.length === 0 ? (
          <p class="sub">This issue is in no undecided pair.</p>
        ) : (
          <ul>
            {i.pairs.map((p) => (
              <li>
                {`${p.titleA ?? p.a} ↔ ${p.titleB ?? p.b}`}{' '}
                <span class="meta">{`${p.signal ?? '?'} agreed${p.answer ? ` · answered “${p.answer}” ${answeredBy(p.answeredBy)}`.trimEnd() : ''}`}</span>{' '}
                <a href={`${props.chrome.base}/clusters#pairs`}>answer</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  )
}
