/** @jsxImportSource hono/jsx */
import type { ClusterSummary, ClustersView, PairSide, PairSummary, TicketSummary } from '@suture/pm-agent'
import { EnvSelector } from './env-selector.js'
import { answeredBy, formatDateTime } from './format.js'
import { Empty, Page, type PageChrome } from './layout.js'

const PRIORITY = ['none', 'urgent', 'high', 'medium', 'low']

function Priority(props: { value: number | undefined }) {
  if (props.value === undefined) return <span class="pill">—</span>
  const cls = props.value === 1 ? 'p1' : props.value === 2 ? 'p2' : ''
  return <span class={`pill ${cls}`}>{`P${props.value} ${PRIORITY[props.value] ?? ''}`}</span>
}

function Validation(props: { ticket: TicketSummary | undefined }) {
  const v = props.ticket?.validation
  if (!props.ticket) return <span class="sub">no ticket</span>
  if (!v)
    return (
      <span class="sub">
        {props.ticket.fixRelease ? `awaiting data for ${props.ticket.fixRelease}` : 'not fixed yet'}
      </span>
    )
  const cls = /andon|worse|regress/i.test(`${v.verdict} ${v.action}`)
    ? 'det'
    : /baseline|fixed|success|clean/i.test(v.verdict)
      ? 'good'
      : 'warn'
  return (
    <span title={v.evidence}>
      <span class={`pill ${cls}`}>{v.verdict}</span>
      <div class="sub" style="margin:2px 0 0;font-size:12px">
        {`${v.release}: ${v.beforeCount} → ${v.afterCount}, ×${v.rateRatio.toFixed(2)} (${v.evaluatedOn})`}
      </div>
    </span>
  )
}

function TicketState(props: { ticket: TicketSummary; base: string }) {
  const t = props.ticket
  const name = t.identifier ?? t.clusterKey.slice(0, 10)
  // A local ticket opens its page here; Linear's opens in Linear.
  const href =
    t.tracker === 'local' && t.identifier
      ? `${props.base}/tickets/${encodeURIComponent(t.identifier)}`
      : t.url
  return (
    <span>
      {href ? (
        <a href={href} rel="noreferrer">
          {name}
        </a>
      ) : (
        <span class="mono">{name}</span>
      )}{' '}
      <span class="pill">{t.state}</span>
      {t.escalated ? <span class="pill det">escalated</span> : null}
      {t.reopenCount > 0 ? <span class="pill warn">{`reopened ×${t.reopenCount}`}</span> : null}
    </span>
  )
}

function percent(v: number | undefined): string {
  return v === undefined ? '—' : `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`
}

function ClusterRow(props: { cluster: ClusterSummary; base: string }) {
  const c = props.cluster
  return (
    <>
      <tr data-cluster={c.key} class={c.sample === undefined ? undefined : 'has-sample'}>
        <td>
          <Priority value={c.priority} />
        </td>
        <td class="clip">
          <b>
            <a href={`${props.base}/issues/${encodeURIComponent(c.key)}`}>{c.title}</a>
          </b>
          <div>
            {c.decision ? (
              <span
                class={`pill ${c.decision === 'held-for-humans' ? 'held' : c.decision === 'ticket' ? 'p2' : ''}`}
              >
                {c.decision}
              </span>
            ) : null}
            {c.kind ? <span class="pill">{c.kind}</span> : null}
            {c.labels
              .filter((l) => l !== c.kind && l !== c.decision)
              .slice(0, 6)
              .map((l) => (
                <span class="pill">{l}</span>
              ))}
          </div>
          {c.route ? <code>{c.route}</code> : null}
          {c.evidence.length > 0 ? <div class="meta">{`agreed: ${c.evidence.join(', ')}`}</div> : null}
        </td>
        <td class="num">
          {`${c.users ?? '—'} users`}
          <div class="sub" style="margin:0;font-size:12px">{`${c.workspaces ?? '—'} workspaces`}</div>
        </td>
        <td class="num">{percent(c.depth)}</td>
        <td>
          {c.trend ? (
            <span title={c.trend.pValue === undefined ? '' : `p = ${c.trend.pValue.toPrecision(2)}`}>
              {c.trend.label}
              {c.trend.ratio === undefined ? null : (
                <div class="sub" style="margin:0;font-size:12px">{`×${c.trend.ratio.toFixed(2)}`}</div>
              )}
            </span>
          ) : (
            '—'
          )}
        </td>
        <td class="clip">
          {c.fingerprints.slice(0, 2).map((f) => (
            <div class="mono" title={f} style="white-space:nowrap">
              {f.length > 16 ? `${f.slice(0, 16)}…` : f}
            </div>
          ))}
        </td>
        <td>{c.ticket ? <TicketState ticket={c.ticket} base={props.base} /> : <span class="sub">—</span>}</td>
        <td>
          <Validation ticket={c.ticket} />
        </td>
      </tr>
      {c.sample === undefined ? null : (
        <tr class="sample-row">
          <td />
          <td colspan={7}>
            <details>
              <summary>Sample envelope (scrubbed)</summary>
              <pre class="sample">{JSON.stringify(c.sample, null, 2)}</pre>
            </details>
          </td>
        </tr>
      )}
    </>
  )
}

function Side(props: { id: string; title: string | undefined; side: PairSide | undefined; base: string }) {
  const s = props.side
  return (
    <td class="clip pair-side">
      <div>
        <b>{props.title ?? <span class="mono">{props.id}</span>}</b>
      </div>
      {s?.route ? <code>{s.route}</code> : null}
      {s && s.frames.length > 0 ? (
        <ol class="frames">
          {s.frames.map((f) => (
            <li class="mono">{f}</li>
          ))}
        </ol>
      ) : null}
      {s?.sample && !props.title?.endsWith(s.sample) ? (
        <blockquote class="pair-sample">{s.sample}</blockquote>
      ) : null}
      <div class="sub mono" style="margin:0;font-size:11px">
        {s ? <a href={`${props.base}/issues/${encodeURIComponent(s.clusterKey)}`}>{props.id}</a> : props.id}
      </div>
    </td>
  )
}

function PairRow(props: { pair: PairSummary; chrome: PageChrome; writable: boolean }) {
  const p = props.pair
  const button = (answer: 'same' | 'different', label: string, cls: string) => (
    <form method="post" action={`${props.chrome.base}/pairs/decision`} class="inline">
      <input type="hidden" name="_csrf" value={props.chrome.csrf} />
      <input type="hidden" name="a" value={p.a} />
      <input type="hidden" name="b" value={p.b} />
      <input type="hidden" name="answer" value={answer} />
      <button type="submit" class={`btn ${cls}`} data-answer={answer} disabled={!props.writable}>
        {label}
      </button>
    </form>
  )
  return (
    <tr data-pair={`${p.a}|${p.b}`} data-answer={p.answer ?? ''}>
      <Side id={p.a} title={p.titleA} side={p.sideA} base={props.chrome.base} />
      <Side id={p.b} title={p.titleB} side={p.sideB} base={props.chrome.base} />
      <td>
        {p.signal ?? '—'}
        {p.score === undefined ? null : <span class="sub">{` ${p.score.toFixed(2)}`}</span>}
      </td>
      <td style="white-space:nowrap">
        {p.answer ? (
          <>
            <span class={`pill ${p.answer === 'same' ? 'good' : 'det'}`}>{`answered: ${p.answer}`}</span>
            {p.answeredBy ? (
              <div class="sub" data-answered-by={p.answeredBy}>
                {answeredBy(p.answeredBy)}
              </div>
            ) : null}
          </>
        ) : null}{' '}
        {button('same', 'Same', 'same')} {button('different', 'Different', 'diff')}
      </td>
    </tr>
  )
}

export function ClustersPage(props: {
  chrome: PageChrome
  view: ClustersView
  tickets: readonly TicketSummary[]
  notice?: string | undefined
  /** The `?env=` filter, and the environments the project's envelopes came from. */
  env?: string | undefined
  environments?: readonly string[] | undefined
}) {
  const { view, chrome, tickets } = props
  const triagedFor = view.environments ?? []
  // Clusters are stored for the environments the loop runs for; another one is a look with the CLI.
  const otherEnv = props.env !== undefined && view.available && !triagedFor.includes(props.env)
  const linked = new Set(view.clusters.map((c) => c.ticket?.clusterKey).filter((k) => k !== undefined))
  const otherTickets = tickets.filter((t) => !linked.has(t.clusterKey))
  return (
    <Page title="Clusters & tickets" tab="clusters" chrome={chrome}>
      <div class="row">
        <h1>Clusters & tickets</h1>
        <EnvSelector
          href={`${chrome.base}/clusters`}
          current={props.env}
          environments={props.environments ?? triagedFor}
        />
      </div>
      <p class="sub">
        {view.week
          ? view.partialUntil
            ? `Triage of ${view.week} so far (partial week, counted up to ${formatDateTime(view.partialUntil)}; refreshed every 15 minutes by the worker). `
            : `Triage of ${view.week}. `
          : ''}
        {triagedFor.length > 0 ? `Environments: ${triagedFor.join(', ')}. ` : ''}
        Failures grouped when two of three signals agree (structure, text, stack); one agreeing signal makes a
        pair for you to confirm.
      </p>
      {props.notice ? <div class="notice">{props.notice}</div> : null}
      {otherEnv ? (
        <div class="notice" id="env-not-triaged">
          {`Clusters are triaged for ${triagedFor.join(', ')} (SUTURE_ENVIRONMENTS). To look at ${props.env}: `}
          <code>{`pnpm suture triage --env ${props.env}`}</code>
          {`, or add it to SUTURE_ENVIRONMENTS to triage, spike-check and validate it every week.`}
        </div>
      ) : null}
      <div class="card">
        <h2>Clusters</h2>
        {!view.available || view.clusters.length === 0 || otherEnv ? (
          <Empty
            title={
              otherEnv
                ? `No clusters stored for ${props.env}.`
                : 'No clusters yet — run `pnpm suture triage`.'
            }
          >
            <p>
              Triage groups the week's errors, feedback and low-scored sessions. It needs stored envelopes
              (send some with the SDK, or run <code>pnpm suture demo</code>) and scored sessions (
              <code>pnpm suture score</code>).
            </p>
          </Empty>
        ) : (
          <div class="wrap">
            <table id="clusters">
              <thead>
                <tr>
                  <th>Priority</th>
                  <th>Cluster</th>
                  <th class="num">Breadth</th>
                  <th class="num">Depth</th>
                  <th>Trend</th>
                  <th>Fingerprint</th>
                  <th>Ticket</th>
                  <th>Validation</th>
                </tr>
              </thead>
              <tbody>
                {view.clusters.map((c) => (
                  <ClusterRow cluster={c} base={chrome.base} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div class="card" id="pairs">
        <h2>Needs confirmation</h2>
        {view.pairs.length === 0 ? (
          <Empty title="No pairs to confirm.">
            When exactly one signal links two problems, triage lists the pair here instead of merging it. Your
            answer is used by the next <code>pnpm suture triage</code> run.
          </Empty>
        ) : (
          <>
            {view.decisionsWritable ? null : (
              <div class="error">
                Answers cannot be stored: the triage tables are missing. Run the migrations (start the server
                once) and try again.
              </div>
            )}
            <div class="wrap">
              <table id="pairs-table">
                <thead>
                  <tr>
                    <th>Record A</th>
                    <th>Record B</th>
                    <th>Agreeing signal</th>
                    <th>Same problem?</th>
                  </tr>
                </thead>
                <tbody>
                  {view.pairs.map((p) => (
                    <PairRow pair={p} chrome={chrome} writable={view.decisionsWritable} />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
      <div class="card">
        <h2>{view.clusters.length > 0 ? 'Other tickets' : 'Tickets'}</h2>
        {otherTickets.length === 0 ? (
          tickets.length === 0 ? (
            <Empty title="No tickets yet.">
              <code>pnpm suture triage</code> then <code>pnpm suture digest</code> files tickets (Linear, or
              the local tracker by default; nothing is filed in shadow mode).
            </Empty>
          ) : (
            <p class="sub">Every ticket belongs to a cluster above.</p>
          )
        ) : (
          <div class="wrap">
            <table id="tickets">
              <thead>
                <tr>
                  <th>Priority</th>
                  <th>Title</th>
                  <th>Status</th>
                  <th class="num">Users / sessions</th>
                  <th>Validation</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {otherTickets.map((t) => (
                  <tr data-ticket={t.clusterKey}>
                    <td>
                      <Priority value={t.priority} />
                    </td>
                    <td class="clip">
                      {t.title}
                      <div>
                        {t.labels.slice(0, 6).map((l) => (
                          <span class="pill">{l}</span>
                        ))}
                      </div>
                      {t.routeTemplate ? <code>{t.routeTemplate}</code> : null}
                    </td>
                    <td>
                      <TicketState ticket={t} base={chrome.base} />
                    </td>
                    <td class="num">{`${t.counts.users ?? '—'} / ${t.counts.sessions ?? '—'}`}</td>
                    <td>
                      <Validation ticket={t} />
                    </td>
                    <td>{formatDateTime(t.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Page>
  )
}
